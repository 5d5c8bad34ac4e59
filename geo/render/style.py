"""How the maps look, in one place: class colours, area fills and outlines, the legend, and
the school sites' circles and their part of the legend.

Used by the choropleth (``geo.render.maps``), the comparison maps (``geo.render.comparemaps``)
and the PNG export (``geo.export.offline``), so that a class has one colour and one label in
every map, legend and file.
"""

from __future__ import annotations

import html
from typing import Final

import numpy as np
from branca.utilities import color_brewer

from geo.analysis.choropleth import Status
from geo.analysis.classify import Classification
from geo.model.catalogue import Indicator
from geo.model.formatting import class_label, format_number, titled_with_unit
from geo.model.i18n import t, t_n
from geo.model.view import DEFAULT_MIN_N
from geo.render.display import MapGeometry

NO_DATA_FILL: Final = "#d9d9d9"
SMALL_FILL: Final = "#ffffff"
SMALL_OUTLINE: Final = "#252525"
SELECTED_OUTLINE: Final = "#08306b"
OUTLINE: Final = "#4d4d4d"
BACKGROUND: Final = "#f4f3ef"
OUTSIDE_OUTLINE: Final = "#969696"
# Issue 15: areas outside the chosen zone (comunas / corregimientos), muted but readable: a
# cool grey that no warm class colour and no "no data" grey is, half transparent, thin outline.
OUTSIDE_ZONE_FILL: Final = "#d5dde5"
# Hatching, so that "no núcleo here" never reads as a class colour or as "no data".
OUTSIDE_HATCH_CSS: Final = "repeating-linear-gradient(45deg,#f0f0f0 0 3px,#bdbdbd 3px 4.5px)"


def class_colors(indicator: Indicator, k: int) -> list[str]:
    """``k`` ColorBrewer colours, light to dark towards the worse end of the indicator."""
    if k == 0:
        return []
    colors = color_brewer(indicator.palette, max(k, 3))
    if k < 3:
        colors = [colors[0], colors[-1]][:k] if k == 2 else [colors[-1]]
    if indicator.direction == "lower_worse":
        colors = colors[::-1]
    return colors


def area_fill(colors: list[str], cls: int | None, status: str) -> str:
    """An area's fill: its class colour, white for a small sample, grey without data."""
    if cls is not None:
        return colors[cls]
    if status == Status.OUTSIDE:
        return OUTSIDE_ZONE_FILL
    return SMALL_FILL if status == Status.SMALL else NO_DATA_FILL


def class_labels(indicator: Indicator, classification: Classification, lang: str) -> list[str]:
    """Each class's range in words ("5,0 % – 10,0 %"), as the legends and exports name it."""
    return [class_label(low, high, indicator, lang) for low, high in classification.bounds]


def class_entries(
    indicator: Indicator, classification: Classification, lang: str
) -> list[tuple[str, str, int]]:
    """Each class's colour, label and number of areas: the legend's rows, the PNG's too."""
    return list(
        zip(
            class_colors(indicator, classification.k),
            class_labels(indicator, classification, lang),
            classification.counts,
            strict=True,
        )
    )


def area_style(feature: dict) -> dict:
    """Leaflet's style of one area: fill, outline by status, a thick one when selected."""
    status = feature["properties"]["estado"]
    selected = feature["properties"].get("sel", False)
    outline = {Status.SMALL: SMALL_OUTLINE, Status.OUTSIDE: OUTSIDE_OUTLINE}.get(status, OUTLINE)
    weight = {Status.SMALL: 2, Status.OUTSIDE: 0.8}.get(status, 1)  # outside: a zone's (issue 15)
    return {
        "fillColor": feature["properties"]["fill"],
        "color": SELECTED_OUTLINE if selected else outline,
        "weight": 4 if selected else weight,
        "fillOpacity": {Status.OK: 0.85, Status.SMALL: 0.9, Status.NO_DATA: 0.6}.get(status, 0.55),
        "dashArray": {Status.OK: None, Status.SMALL: "1 4", Status.NO_DATA: "4 3"}.get(status),
    }


def area_highlight(feature: dict) -> dict:
    """Leaflet's style of the area under the pointer."""
    return {"weight": 3, "color": "#000000"}


# --- the legend ---------------------------------------------------------------------------

# The legend's fixed look: a toggle beside the title collapses it to that title.
LEGEND_CSS: Final = """
.atlas-legend-head{display:flex;align-items:flex-start;gap:6px}
.atlas-legend-title{flex:1}
.atlas-legend-toggle{flex:none;width:22px;height:22px;margin:-3px -4px 0 0;padding:0;
  border:1px solid #aaa;border-radius:4px;background:#fff;color:#333;cursor:pointer;
  font:700 15px/18px sans-serif}
.atlas-legend-toggle::after{content:"\\2212"}
.atlas-legend-collapsed .atlas-legend-toggle::after{content:"+"}
.atlas-legend-collapsed .atlas-legend-more{display:none}
"""


def legend_row(
    color: str, label: str, count: int, *, dashed: bool = False, dark: bool = False
) -> str:
    """One legend row: a swatch of ``color``, the escaped ``label`` and the count.

    ``dashed`` outlines the swatch as areas without data are; ``dark`` as small samples are.
    """
    border = f"{2 if dark else 1}px {'dotted' if dark else 'dashed' if dashed else 'solid'} "
    border += SMALL_OUTLINE if dark else OUTLINE
    return (
        '<tr class="atlas-legend-class">'
        f'<td><span style="display:inline-block;width:18px;height:12px;background:{color};'
        f'border:{border}"></span></td>'
        f'<td style="padding:0 6px">{html.escape(label)}</td>'
        f'<td style="color:#666;text-align:right">{count}</td></tr>'
    )


def phone_key(rows: str) -> str:
    """A map legend's ``rows`` (:func:`legend_row`) as a key for under the map on a phone,
    where the map's own legend opens folded to its title (hidden on wider screens)."""
    return (
        "<style>@media (min-width: 641px) {.atlas-phone-key {display:none}}</style>"
        f'<table class="atlas-phone-key" style="font-size:.8rem">{rows}</table>'
    )


def outside_zone_legend_row(count: int, lang: str) -> str:
    """Issue 15: the legend row of the areas outside the chosen zone ("" when none)."""
    if not count:
        return ""
    return legend_row(OUTSIDE_ZONE_FILL, t("outside_zone", lang), count)


def outside_legend_row(geometry: MapGeometry | None, lang: str) -> str:
    """The legend row of the part of the city no area covers ("" when there is none)."""
    if geometry is None or geometry.outside is None:
        return ""
    label = t_n("outside_nucleos", geometry.outside_units, lang)
    return (
        '<tr class="atlas-legend-class atlas-legend-outside">'
        '<td><span style="display:inline-block;width:18px;height:12px;'
        f'background:{OUTSIDE_HATCH_CSS};border:1px dashed {OUTSIDE_OUTLINE}"></span></td>'
        f'<td style="padding:0 6px" colspan="2">{html.escape(label)}</td></tr>'
    )


def class_legend(
    indicator: Indicator,
    classification: Classification,
    lang: str,
    *,
    subtitle: str,
    no_data_count: int,
    demo: bool,
    source: str,
    small_count: int = 0,
    min_n: int = DEFAULT_MIN_N,
    scale: float = 1.0,
    outside_row: str = "",
) -> str:
    """The choropleth's legend: title, direction, classes with counts, small samples, no
    data, the part of the city no area covers (``outside_row``, from ``outside_legend_row``),
    source, demo badge."""
    direction = t(indicator.direction, lang)
    rows = [
        legend_row(color, label, count)
        for color, label, count in class_entries(indicator, classification, lang)
    ]
    if small_count:
        label = t("small_sample_legend", lang).format(n=format_number(min_n, 0, lang))
        rows.append(legend_row(SMALL_FILL, label, small_count, dashed=True, dark=True))
    rows.append(legend_row(NO_DATA_FILL, t("no_data", lang), no_data_count, dashed=True))
    rows.append(outside_row)
    body = f'<table style="margin-top:4px;border-collapse:collapse">{"".join(rows)}</table>'
    line = f"{subtitle} · {direction}" if direction else subtitle
    return legend_box(
        titled_with_unit(indicator, lang), line, body, lang, source=source, demo=demo, scale=scale
    )


def legend_box(
    title: str, subtitle: str, body: str, lang: str, *, source: str, demo: bool, scale: float = 1.0
) -> str:
    """The legend frame: escaped title and subtitle, a pre-built ``body``, source, demo badge."""
    esc = html.escape
    badge = (
        '<div class="atlas-demo" style="margin-top:6px;padding:2px 6px;border-radius:4px;'
        'background:#fde0dd;color:#7a0177;font-weight:600">'
        f"{esc(t('demo_badge', lang))}</div>"
        if demo
        else ""
    )
    toggle = esc(t("legend_toggle", lang))
    return (
        f'<div data-scale="{scale:g}" style="background:rgba(255,255,255,.94);padding:8px 10px;'
        "border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:11px/1.3 sans-serif;"
        f'max-width:200px;zoom:{scale:g}">'
        '<div class="atlas-legend-head">'
        f'<div class="atlas-legend-title" style="font-weight:700">{esc(title)}</div>'
        f'<button type="button" class="atlas-legend-toggle" aria-expanded="true" '
        f'title="{toggle}" aria-label="{toggle}"></button></div>'
        f'<div class="atlas-legend-more"><div style="color:#555">{esc(subtitle)}</div>{body}'
        f'<div style="margin-top:4px;color:#666;font-size:11px">{esc(t("source", lang))}: '
        f"{esc(source)}</div>{badge}</div></div>"
    )


# --- school sites ---------------------------------------------------------------------------

SITE_OUTLINE: Final = "#111111"
SITE_RADIUS: Final = (2.0, 8.0)  # px: the smallest site's circle and the largest's
SITE_RADIUS_UNSIZED: Final = 4.5  # px, every site's, when there is no enrolment to size by


def site_radius(enrolled: float, largest: float) -> float:
    """A site's circle radius: its area grows with its enrolment, the largest's is 8 px."""
    low, high = SITE_RADIUS
    share = enrolled / largest if enrolled == enrolled and largest > 0 else 0.0
    return low + (high - low) * float(np.sqrt(max(share, 0.0)))


def size_steps(largest: float) -> list[int]:
    """Up to three round enrolments (1-2-5 series) for the size legend, largest first:
    about the largest site's, a quarter and a twentieth of it (2.300 -> 2.000, 500, 100)."""
    steps: list[int] = []
    for target in (largest, largest / 4, largest / 20):
        if target < 1:
            break
        power = 10 ** int(np.floor(np.log10(target)))
        step = max(m * power for m in (1, 2, 5) if m * power <= target)
        if step not in steps:
            steps.append(int(step))
    return steps


def site_style(feature: dict) -> dict:
    """Leaflet's style shared by every site's circle: a dark outline, filled opaque. Its fill
    and size are the site's own (``fill`` and ``radius`` in its properties), applied in the
    browser by :data:`SITE_OWN_STYLE_JS`: one style for all, so folium writes no style case
    per site (49 KB of script for the city's 787 sites)."""
    return {"fill": True, "color": SITE_OUTLINE, "weight": 1.5, "fillOpacity": 1}


# Each site's circle takes its class fill and its size from its own properties (folium's
# ``on_each_feature``, run as Leaflet adds the circle, after the shared style).
SITE_OWN_STYLE_JS: Final = """function (feature, layer) {
    layer.setStyle({fillColor: feature.properties.fill, radius: feature.properties.radius});
}"""


def sites_legend_html(largest: float | None, lang: str) -> str:
    """The sites' part of the legend: their look, and their sizes when sized by enrolment."""
    esc = html.escape
    dot = (
        '<span style="display:inline-block;width:9px;height:9px;border-radius:50%;'
        f'background:#fff;border:1.5px solid {SITE_OUTLINE};vertical-align:middle"></span>'
    )
    head = (
        '<div class="atlas-legend-sites" style="margin-top:6px">'
        f'{dot} <span style="font-weight:600">{esc(t("sites_legend", lang))}</span>'
    )
    if not largest:
        return head + "</div>"
    circles = "".join(
        '<span class="atlas-legend-size" style="display:inline-flex;flex-direction:column;'
        'align-items:center;margin-right:8px">'
        f'<svg width="{2 * SITE_RADIUS[1] + 3:g}" height="{2 * SITE_RADIUS[1] + 3:g}">'
        f'<circle cx="{SITE_RADIUS[1] + 1.5:g}" cy="{SITE_RADIUS[1] + 1.5:g}" '
        f'r="{site_radius(step, largest):.1f}" fill="#fff" stroke="{SITE_OUTLINE}" '
        'stroke-width="1.5"/></svg>'
        f"<span>{esc(format_number(step, 0, lang))}</span></span>"
        for step in size_steps(largest)
    )
    return (
        f'{head}<div style="color:#555">{esc(t("sites_size_legend", lang))}</div>'
        f'<div style="display:flex;align-items:flex-end;margin-top:2px">{circles}</div></div>'
    )
