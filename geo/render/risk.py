"""The dropout-risk index by school site (issue 16) drawn: the map of the sites as circles
coloured by their band over the territories drawn plain, with a legend of the bands, and the
ranking as a table of words and numbers in the reader's language."""

from __future__ import annotations

import html
from typing import Final

import folium
import numpy as np
import pandas as pd
from branca.utilities import color_brewer
from folium.utilities import JsCode

from geo.analysis.choropleth import Status
from geo.analysis.risk import BAND, BAND_NAMES, BANDS, BY_ID, INDEX, RANK
from geo.analysis.zones import area_kinds
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.formatting import format_fraction, format_in_unit, format_number
from geo.model.i18n import t
from geo.model.view import ZONE_KIND
from geo.render.display import map_geometry
from geo.render.maps import (
    SERVED_ASSETS,
    MapAssets,
    MapParts,
    _compact,
    _GeoJson,  # the layers' GeoJSON that is never compiled as a template (names are data)
    _LegendPart,
    area_feature,
    area_shapes,
    render_map,
)
from geo.render.style import (
    NO_DATA_FILL,
    OUTSIDE_ZONE_FILL,
    SITE_OWN_STYLE_JS,
    legend_box,
    legend_row,
    site_radius,
    site_style,
    sites_legend_html,
)

# OrRd, the dropout's palette: dark for the high band, light for the low one.
BAND_COLORS: Final = dict(
    zip([band for band, _ in BANDS], color_brewer("OrRd", 3)[::-1], strict=True)
)
TERRITORY_FILL: Final = "#ffffff"


def risk_map(
    sites: pd.DataFrame,
    dataset: Dataset,
    lang: str,
    *,
    subtitle: str,
    zone: str = "",
    assets: MapAssets = SERVED_ASSETS,
) -> MapParts:
    """The sites of ``sites`` (``geo.analysis.risk.risk_sites``) as circles sized by
    enrolment and filled by band (grey without an index), the high band drawn on top, over
    the territories (those outside ``zone`` muted); every name escaped."""
    territories = dataset.territories
    geometry = map_geometry(dataset, "territorio")
    kinds = area_kinds(dataset, territories, "territorio")
    outside = (
        (kinds != ZONE_KIND[zone]).to_numpy()
        if zone and kinds is not None
        else np.zeros(len(territories), dtype=bool)
    )
    features = [
        area_feature(
            row,
            shape,
            {},
            OUTSIDE_ZONE_FILL if out else TERRITORY_FILL,
            Status.OUTSIDE if out else Status.OK,
        )
        for row, shape, out in zip(
            territories.itertuples(index=False),
            area_shapes(territories, geometry),
            outside,
            strict=True,
        )
    ]
    bands = sites[BAND].astype("string")
    rows = [
        legend_row(BAND_COLORS[band], BAND_NAMES[band][lang], int((bands == band).sum()))
        for band, _ in BANDS
    ]
    rows.append(
        legend_row(NO_DATA_FILL, t("risk_no_index", lang), int(bands.isna().sum()), dashed=True)
    )
    body = f'<table style="margin-top:4px;border-collapse:collapse">{"".join(rows)}</table>'
    legend = legend_box(
        t("risk_title", lang),
        f"{subtitle} · {t('higher_worse', lang)}",
        body,
        lang,
        source=dataset.source_text(lang),
        demo=dataset.is_demo,
    )
    parts = render_map(
        {"type": "FeatureCollection", "features": features},
        tuple(territories.total_bounds),
        legend,
        tooltip=[("nombre", t("territory", lang))],
        name="riesgo_sedes",
        geometry=geometry,
        assets=assets,
    )
    _add_site_circles(parts.layer, sites, dataset, lang)
    return parts


def _add_site_circles(
    layer: folium.FeatureGroup, sites: pd.DataFrame, dataset: Dataset, lang: str
) -> None:
    points = dataset.sites.to_crs(s.CRS_WGS84)
    where = dict(zip(points[s.SITE_CODE].astype(str), points.geometry, strict=False))
    enrolled = pd.to_numeric(sites[s.ENROLLED], errors="coerce")
    largest = float(enrolled.max()) if enrolled.notna().any() else 0.0
    # Low band first, so that the high band is drawn on top where circles overlap.
    order = {band: i for i, (band, _) in enumerate(BANDS)}
    drawn = sites.assign(_order=sites[BAND].map(order).fillna(len(order)).astype(float))
    drawn = drawn.sort_values(["_order", INDEX], ascending=[False, True], kind="stable")
    features = []
    for row in drawn.itertuples(index=False):
        point = where.get(str(getattr(row, s.SITE_CODE)))
        if point is None or point.is_empty:
            continue
        band = getattr(row, BAND)
        known = isinstance(band, str)
        value = getattr(row, INDEX)
        enrolment = getattr(row, s.ENROLLED)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "sede": html.escape(str(getattr(row, s.SITE_NAME, ""))),
                    "codigo_dane": html.escape(str(getattr(row, s.SITE_CODE))),
                    "indice": format_number(value, 1, lang),
                    "banda": BAND_NAMES[band][lang] if known else t("risk_no_index", lang),
                    "matricula": format_number(enrolment, 0, lang),
                    "fill": BAND_COLORS[band] if known else NO_DATA_FILL,
                    "radius": round(site_radius(enrolment, largest), 1) if largest else 4.5,
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(point.x, 6), round(point.y, 6)],
                },
            }
        )
    _GeoJson(
        _compact({"type": "FeatureCollection", "features": features}),
        name="sedes_riesgo",
        marker=folium.CircleMarker(),
        style_function=site_style,
        on_each_feature=JsCode(SITE_OWN_STYLE_JS),
        tooltip=folium.GeoJsonTooltip(
            fields=["sede", "codigo_dane", "indice", "banda", "matricula"],
            aliases=[
                html.escape(t("site_name", lang)),
                html.escape(t("site_code", lang)),
                html.escape(t("risk_index", lang)),
                html.escape(t("risk_band", lang)),
                html.escape(t("enrolled", lang)),
            ],
        ),
    ).add_to(layer)
    # The sites' part of the choropleth's legend (their sizes), saying what their colour is here.
    sizes = sites_legend_html(largest or None, lang).replace(
        html.escape(t("sites_legend", lang)), html.escape(t("risk_sites_legend", lang))
    )
    _LegendPart(sizes).add_to(layer)


def risk_ranking(sites: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The ranking as the page shows it: rank, site, territory, index, band, enrolment and
    each component used as ``7,2 % (93 de 1.296)``, in the language's number format
    (``st.dataframe`` writes cells as text, so no markup runs)."""
    names = dict(
        zip(dataset.territories[s.CODE].astype(str), dataset.territories[s.NAME], strict=False)
    )
    territory = sites.get(s.TERRITORY, pd.Series(pd.NA, index=sites.index))
    bands = sites[BAND].astype("string")
    table = pd.DataFrame(
        {
            t("rank", lang): sites[RANK].to_numpy(),
            t("site_name", lang): sites[s.SITE_NAME].astype(str).to_numpy()
            if s.SITE_NAME in sites
            else sites[s.SITE_CODE].astype(str).to_numpy(),
            t("territory", lang): [names.get(str(c), "—") for c in territory],
            t("risk_index", lang): [format_number(v, 1, lang) for v in sites[INDEX]],
            t("risk_band", lang): [
                BAND_NAMES[b][lang] if isinstance(b, str) else "—" for b in bands.tolist()
            ],
            t("enrolled", lang): [format_number(v, 0, lang) for v in sites[s.ENROLLED]],
        }
    )
    for component in sites.attrs.get("weights", {}):
        rate, num, den = (sites[c] for c in (component, f"{component}_num", f"{component}_den"))
        table[BY_ID[component].name[lang]] = [
            f"{format_in_unit(r, 'percent', lang)} ({format_fraction(n, d, lang)})"
            if r == r
            else "—"
            for r, n, d in zip(rate, num, den, strict=True)
        ]
    return table


def weights_sentence(weights: dict[str, float], lang: str) -> str:
    """``Deserción (últimos 3 años) 40 %, Reprobación 20 %, ...``."""
    return ", ".join(f"{BY_ID[c].name[lang]} {round(100 * w)} %" for c, w in weights.items())


def validation_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``geo.analysis.risk.validate``'s figures as Metodología shows them: year t, sites,
    Spearman's ρ (2 decimals) and the high band's shares of the next year's dropouts and
    enrolment (percent)."""
    return pd.DataFrame(
        {
            t("risk_val_year", lang): [f"{y} → {y + 1}" for y in figures["year"]],
            t("risk_val_sites", lang): [format_number(v, 0, lang) for v in figures["sites"]],
            "Spearman ρ": [format_number(v, 2, lang) for v in figures["spearman"]],
            t("risk_val_caught", lang): [
                format_in_unit(v, "percent", lang) for v in figures["dropouts_caught"]
            ],
            t("risk_val_enrolment", lang): [
                format_in_unit(v, "percent", lang) for v in figures["enrolment_share"]
            ],
        }
    )
