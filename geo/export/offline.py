"""The map as files that need nothing else: one HTML page that opens offline (Leaflet
inlined) and a PNG for slides, drawn as the app draws them (``geo.render``)."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path
from typing import Final

import numpy as np
import xstatic.pkg.leaflet as xstatic_leaflet

from geo.analysis.choropleth import Choropleth
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.render.labels import forms, layout
from geo.render.maps import LABEL_GAP, LABEL_ROOM, MapAssets, choropleth_map, label_items
from geo.render.style import (
    NO_DATA_FILL,
    OUTLINE,
    SMALL_FILL,
    SMALL_OUTLINE,
    area_fill,
    class_colors,
    class_entries,
)

DEFAULT_PNG_SIZE: Final = (1600, 1200)


def to_html(choropleth: Choropleth, dataset: Dataset, meta: dict, lang: str) -> bytes:
    """The map as one HTML file that opens offline: Leaflet inlined, nothing fetched."""
    marker_js, marker_css = "atlas-inline-leaflet.js", "atlas-inline-leaflet.css"
    fmap = choropleth_map(
        choropleth, dataset, lang, assets=MapAssets(js=marker_js, css=marker_css)
    ).standalone()
    page = fmap.get_root().render()
    leaflet = Path(xstatic_leaflet.BASE_DIR)
    js = (leaflet / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    page = page.replace(f'<script src="{marker_js}"></script>', f"<script>{js}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{marker_css}"/>', f"<style>{css}</style>")
    head = (
        f"<title>{html.escape(meta['title'])}</title>"
        f'<script type="application/json" id="atlas-metadata">'
        # Every '<' as \u003c: no '</script>' or '<!--' in the data can end or bend the block.
        f"{json.dumps(meta, ensure_ascii=False).replace('<', chr(92) + 'u003c')}</script>"
    )
    page = page.replace("<head>", "<head>" + head, 1)
    return _stable_ids(page).encode("utf-8")


def _stable_ids(page: str) -> str:
    """folium names elements with random hex ids; number them in order of appearance."""
    seen: dict[str, str] = {}

    def number(match: re.Match) -> str:
        return "_" + seen.setdefault(match.group(1), f"{len(seen):04d}")

    return re.sub(r"_([0-9a-f]{32})(?![0-9a-f])", number, page)


def to_png(
    choropleth: Choropleth,
    dataset: Dataset,
    meta: dict,
    lang: str,
    size: tuple[int, int] = DEFAULT_PNG_SIZE,
) -> bytes:
    """The map for slides: title, legend with counts, source line, demo badge, north up."""
    # A Figure of its own, not pyplot's global state: several sessions may draw at once.
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    width, height = size
    dpi = 100
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    axes = figure.add_axes((0.02, 0.08, 0.66, 0.8))
    areas = choropleth.areas
    colors = class_colors(choropleth.indicator, choropleth.classification.k)
    fills = [
        area_fill(colors, c, status)
        for c, status in zip(choropleth.classification.classes, areas["status"], strict=True)
    ]
    areas.plot(ax=axes, color=fills, edgecolor=OUTLINE, linewidth=0.6)
    axes.set_axis_off()
    axes.set_aspect(1 / np.cos(np.radians(areas.total_bounds[[1, 3]].mean())))
    if choropleth.view.labels:
        _draw_labels(figure, axes, choropleth, dataset)
    axes.annotate(
        "N",
        xy=(0.03, 0.97),
        xycoords="axes fraction",
        ha="center",
        va="top",
        fontsize=14,
        fontweight="bold",
    )
    axes.annotate(
        "",
        xy=(0.03, 0.97),
        xytext=(0.03, 0.87),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>", "color": "#252525"},
    )
    figure.suptitle(meta["title"], x=0.02, y=0.97, ha="left", fontsize=20, fontweight="bold")
    handles = [
        Patch(facecolor=color, edgecolor=OUTLINE, label=f"{label}  ({count})")
        for color, label, count in class_entries(
            choropleth.indicator, choropleth.classification, lang
        )
    ]
    small = choropleth.small_count
    if small:
        handles.append(
            Patch(
                facecolor=SMALL_FILL,
                edgecolor=SMALL_OUTLINE,
                linestyle=":",
                label=f"{t('small_sample', lang)} ({small})",
            )
        )
    missing = choropleth.no_data_count
    handles.append(
        Patch(
            facecolor=NO_DATA_FILL,
            edgecolor=OUTLINE,
            linestyle="--",
            label=f"{t('no_data', lang)} ({missing})",
        )
    )
    direction = t(choropleth.indicator.direction, lang)
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.70, 0.86),
        frameon=False,
        title=choropleth.indicator.label(lang) + (f"\n({direction})" if direction else ""),
        fontsize=12,
        title_fontsize=13,
        alignment="left",
    )
    figure.text(
        0.02,
        0.03,
        f"{t('source', lang)}: {dataset.source_line}",
        fontsize=9,
        color="#555555",
        wrap=True,
    )
    if dataset.is_demo:
        figure.text(
            0.98,
            0.03,
            t("demo_badge", lang),
            ha="right",
            fontsize=13,
            color="#7a0177",
            fontweight="bold",
            bbox={"facecolor": "#fde0dd", "edgecolor": "none"},
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": meta["generator"]})
    return buffer.getvalue()


# The names on the PNG: as on the map (``geo.render.labels.layout``), in points at 100 dpi.
LABEL_FONT_SIZE: Final = 9


def _draw_labels(figure, axes, choropleth: Choropleth, dataset: Dataset) -> None:
    """The areas' names on the PNG's map, by the rule the browser's map follows: each in
    its area's inscribed circle, none over another, the largest areas first."""
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties

    level = choropleth.view.level
    items = label_items(choropleth.areas, dataset, level)
    if not items:
        return
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes.apply_aspect()
    to_pixels = axes.transData.transform
    height = figure.bbox.height
    room = LABEL_ROOM.get(level, 1.0)
    style = {
        "ha": "center",
        "va": "center",
        "fontsize": LABEL_FONT_SIZE,
        "color": "#252525",
        "linespacing": 1.0,
        "path_effects": [patheffects.withStroke(linewidth=2.5, foreground="white")],
    }
    font = FontProperties(size=LABEL_FONT_SIZE, weight="bold")
    line = renderer.get_text_width_height_descent("lp", font, ismath=False)[1]

    advance: dict[str, float] = {}

    def measure(text: str, short: bool) -> tuple[float, float]:
        # The widest line by its characters' advances (cached: measuring whole strings costs
        # ms each, too slow for 300 barrios), "lp" high lines (linespacing 1). Kerning only
        # narrows text, so the box is never smaller than the text drawn.
        lines = text.split("\n")
        for char in set(text) - set(advance) - {"\n"}:
            advance[char] = renderer.get_text_width_height_descent(char, font, ismath=False)[0]
        width = max(sum(advance[char] for char in part) for part in lines)
        return width + 3, line * len(lines) + 3

    labels = []
    for lat, lon, radius_m, name, short, _code in items:
        x, y = to_pixels((lon, lat))
        # metres per pixel along the parallel, from the axes' own scale
        x2, _ = to_pixels((lon + radius_m / (111_320.0 * np.cos(np.radians(lat))), lat))
        labels.append((x, height - y, abs(x2 - x) * room, forms(name, short)))
    placed = layout(labels, measure, gap=LABEL_GAP)
    inverse = axes.transData.inverted()
    for label in placed:
        lon, lat = inverse.transform((label.x, height - label.y))
        axes.text(
            lon,
            lat,
            label.text,
            fontweight="bold",
            **style,
        )
