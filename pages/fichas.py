"""Fichas: everything about one territory on one page, to print or hand out (issue 25)."""

import shlex

import streamlit as st

import pages as common
from geo.analysis.ficha import areas_of, build_profile
from geo.model import schema as s
from geo.model.i18n import t
from geo.model.view import view_query
from geo.render.ficha import to_html, to_pdf

dataset, view = common.current()
lang = view.lang
areas = areas_of(dataset, view.level)
names = dict(zip(areas[s.CODE].astype(str), areas[s.NAME].astype(str), strict=True))
codes = list(names)

common.page_header(t("ficha_booklet", lang), dataset, view)
# The link's ficha=, else the Mapa's selected area, else the first area of the level.
wanted = view.ficha or view.selected
if view.ficha and view.ficha not in names:
    st.info(
        t("ficha_unknown", lang).format(code=view.ficha, used=names[codes[0]]),
        icon=":material/link_off:",
    )
start = wanted if wanted in names else codes[0]
code = st.selectbox(
    t("ficha_pick", lang),
    codes,
    index=codes.index(start),
    format_func=lambda c: f"{names[c]} ({c})",
    key=common.widget_key(f"ficha_{view.level}", lang, dataset),
)
if code != view.ficha:
    st.query_params["ficha"] = code

profile = build_profile(dataset, view, code)
stem = f"ficha_{view.level}_{code}_{view.year}"
left, middle, right = st.columns(3)
left.download_button(
    t("ficha_download_pdf", lang),
    lambda: to_pdf(dataset, [profile]),
    f"{stem}.pdf",
    "application/pdf",
    icon=":material/picture_as_pdf:",
    key="ficha_pdf",
    on_click="ignore",
    type="primary",
)
middle.download_button(
    t("ficha_download_html", lang),
    lambda: to_html(dataset, [profile]),
    f"{stem}.html",
    "text/html",
    icon=":material/public:",
    key="ficha_html",
    on_click="ignore",
)
right.download_button(
    t("ficha_download_booklet", lang),
    lambda: to_pdf(dataset, [build_profile(dataset, view, c) for c in codes], booklet=True),
    f"fichas_{view.level}_{view.year}.pdf",
    "application/pdf",
    icon=":material/menu_book:",
    key="ficha_booklet",
    on_click="ignore",
)

# The same content as the offline HTML, every data-derived text escaped by its renderer.
st.container(key="ficha_view", border=True).html(to_html(dataset, [profile], page=False))

st.subheader(t("ficha_cli", lang))
command = ["python", "-m", "geo", "ficha", "--territory", code, "--level", view.level]
command += ["--view", view_query(view), "-o", f"{stem}.pdf"]
if not dataset.is_demo:
    command[4:4] = ["--boundaries", "LIMITES", "--schools", "SEDES"]
st.code(shlex.join(command), language="bash")
