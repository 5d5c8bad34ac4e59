"""Datos: the active dataset, where it comes from, its licence and what it holds."""

import pandas as pd
import streamlit as st

import pages as common
from geo import schema as s
from geo.formatting import format_number
from geo.i18n import t

dataset, view = common.current()
lang = view.lang

common.page_header(t("page_data", lang), dataset, view)
st.subheader(dataset.label)
if dataset.is_demo:
    st.warning(t("demo_explained", lang), icon=":material/science:")

for source in dataset.sources:
    st.markdown(
        f"**{t('source', lang)}:** {source.name}  \n**{t('licence', lang)}:** {source.licence}"
    )

counts = {
    t("territories_count", lang): len(dataset.territories),
    t("barrios_count", lang): 0 if dataset.barrios is None else len(dataset.barrios),
    t("sites_count", lang): len(dataset.sites),
    t("years_label", lang): f"{min(dataset.years)}–{max(dataset.years)}",
}
for column, (label, value) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(label, value if isinstance(value, str) else format_number(value, 0, lang))

st.subheader(t("sites_by_sector", lang))
latest = dataset.facts[dataset.facts[s.YEAR] == max(dataset.years)]
by_sector = latest.groupby(s.SECTOR).agg(
    sedes=(s.SITE_CODE, "nunique"), matricula=(s.ENROLLED, "sum")
)
st.dataframe(
    pd.DataFrame(
        {
            t("sector", lang): by_sector.index,
            t("sites", lang): [format_number(v, 0, lang) for v in by_sector["sedes"]],
            t("enrolled_in", lang).format(year=max(dataset.years)): [
                format_number(v, 0, lang) for v in by_sector["matricula"]
            ],
        }
    ),
    hide_index=True,
)

st.subheader(t("sites_table", lang))
columns = [s.SITE_CODE, s.SITE_NAME, s.SECTOR, s.ZONE, s.NUCLEO, s.TERRITORY, s.BARRIO]
st.dataframe(
    pd.DataFrame(dataset.sites[[c for c in columns if c in dataset.sites]]),
    hide_index=True,
    width="stretch",
)
