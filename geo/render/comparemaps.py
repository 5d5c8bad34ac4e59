"""Maps of comparisons: the change map and the bivariate map, with their legends."""

from __future__ import annotations

import html

import numpy as np

from geo.analysis.choropleth import Status
from geo.analysis.clusters import COLORS as CLUSTER_COLORS
from geo.analysis.clusters import LABELS, Clusters
from geo.analysis.compare import (
    BIVARIATE_COLORS,
    NO_CHANGE_CLASS,
    Bivariate,
    ChangeMap,
    format_change,
)
from geo.model.formatting import format_number, format_value
from geo.model.i18n import t
from geo.render.display import MapGeometry
from geo.render.maps import MapParts, area_feature, area_shapes, render_map
from geo.render.style import (
    NO_DATA_FILL,
    OUTSIDE_ZONE_FILL,
    legend_box,
    legend_row,
    outside_legend_row,
    outside_zone_legend_row,
    phone_key,
)


def _render(
    areas,
    styled: list[tuple[str, bool, dict[str, str]]],
    legend: str,
    *,
    tooltip: list[tuple[str, str]],
    name: str,
    geometry: MapGeometry | None,
) -> MapParts:
    """The map of ``areas``, each with its (fill, has data, display texts) from ``styled``;
    areas outside the view's zone are drawn muted, as on the choropleth."""
    rows = areas.itertuples(index=False)
    features = [
        area_feature(row, shape, display, OUTSIDE_ZONE_FILL, Status.OUTSIDE)
        if _outside(row)
        else area_feature(row, shape, display, fill, Status.OK if ok else Status.NO_DATA)
        for row, (fill, ok, display), shape in zip(
            rows, styled, area_shapes(areas, geometry), strict=True
        )
    ]
    return render_map(
        {"type": "FeatureCollection", "features": features},
        tuple(areas.total_bounds),
        legend,
        tooltip=tooltip,
        name=name,
        geometry=geometry,
    )


def _outside(row) -> bool:
    """The area lies outside the view's zone (issue 15)."""
    return bool(getattr(row, "outside", False)) or getattr(row, "status", None) == Status.OUTSIDE


def _outside_mask(areas) -> np.ndarray:
    if "outside" in areas:
        return areas["outside"].to_numpy(dtype=bool)
    if "status" in areas:
        return (areas["status"] == Status.OUTSIDE).to_numpy()
    return np.zeros(len(areas), dtype=bool)


def _change_rows(cm: ChangeMap, lang: str, geometry: MapGeometry | None) -> str:
    """The change legend's rows: one per class (those holding an area, when the classes
    follow the data), no data, outside the zone and the city."""
    ind = cm.indicator
    counts = np.bincount(cm.areas["klass"][cm.areas["klass"] >= 0], minlength=len(cm.colors))
    if cm.bounds:  # classes that follow the data: only those that hold an area
        rows = "".join(
            legend_row(cm.colors[klass], _range(low, high, klass, ind, lang), counts[klass])
            for klass, low, high in cm.bounds
        )
    else:
        lows = (-cm.upper[-1], *cm.upper[:-1])
        rows = "".join(
            legend_row(
                color, f"{format_change(low, ind, lang)} … {format_change(high, ind, lang)}", n
            )
            for color, low, high, n in zip(cm.colors, lows, cm.upper, counts, strict=True)
        )
    outside = _outside_mask(cm.areas)
    no_data = int(((cm.areas["klass"] < 0).to_numpy() & ~outside).sum())
    rows += legend_row(NO_DATA_FILL, t("no_data", lang), no_data)
    rows += outside_zone_legend_row(int(outside.sum()), lang)
    rows += outside_legend_row(geometry, lang)
    return rows


def change_key(cm: ChangeMap, lang: str) -> str:
    """The change legend's colours and counts as HTML for under the map on a phone, where the
    map's own legend opens folded to its title (hidden on wider screens)."""
    return phone_key(_change_rows(cm, lang, None))


def build_change_map(
    cm: ChangeMap,
    lang: str,
    *,
    subtitle: str,
    demo: bool,
    source: str,
    geometry: MapGeometry | None = None,
    title: str | None = None,
    moments: tuple[str, str] | None = None,
) -> MapParts:
    """Diverging map of the change between two years; no change is the neutral middle.

    ``title`` and ``moments`` (the tooltip's words for the two values) replace the years'
    for a change that is not between years (a plan's before and after, issue 17)."""
    ind = cm.indicator
    first, second = moments or (str(cm.year_a), str(cm.year_b))
    styled = [
        (
            cm.colors[row.klass] if row.klass >= 0 else NO_DATA_FILL,
            row.klass >= 0,
            {
                "antes": format_value(row.before, ind, lang),
                "despues": format_value(row.after, ind, lang),
                "cambio": format_change(row.change, ind, lang),
            },
        )
        for row in cm.areas.itertuples(index=False)
    ]
    rows = _change_rows(cm, lang, geometry)
    direction = t(ind.direction, lang)
    legend = legend_box(
        title or f"{ind.label(lang)}: {t('change', lang).lower()} {cm.year_a} → {cm.year_b}",
        f"{subtitle} · {direction}" if direction else subtitle,
        f'<table style="margin-top:4px">{rows}</table>',
        lang,
        source=source,
        demo=demo,
    )
    return _render(
        cm.areas,
        styled,
        legend,
        tooltip=[
            ("nombre", t("territory", lang)),
            ("antes", first),
            ("despues", second),
            ("cambio", t("change", lang)),
        ],
        name="cambio",
        geometry=geometry,
    )


def _range(low: float, high: float, klass: int, ind, lang: str) -> str:
    """A data class's label: its lowest and highest change, one value when they are equal,
    *Sin cambio* for the middle class."""
    if klass == NO_CHANGE_CLASS:
        return t("reading_no_change", lang)
    first, last = format_change(low, ind, lang), format_change(high, ind, lang)
    return first if first == last else f"{first} … {last}"


def build_bivariate_map(
    bv: Bivariate,
    lang: str,
    *,
    subtitle: str,
    demo: bool,
    source: str,
    geometry: MapGeometry | None = None,
) -> MapParts:
    """3x3 map of two indicators; the darkest class is where both are in their worst third."""
    styled = [
        (
            BIVARIATE_COLORS[row.klass] if row.klass >= 0 else NO_DATA_FILL,
            row.klass >= 0,
            {"x": format_value(row.x, bv.x, lang), "y": format_value(row.y, bv.y, lang)},
        )
        for row in bv.areas.itertuples(index=False)
    ]
    esc = html.escape
    cells = ""
    for y_class in (2, 1, 0):
        cells += (
            "<tr>"
            + "".join(
                f'<td class="atlas-bivariate-cell" title="{3 * y_class + x_class}" '
                'style="width:22px;height:22px;background:'
                f'{BIVARIATE_COLORS[3 * y_class + x_class]}"></td>'
                for x_class in (0, 1, 2)
            )
            + "</tr>"
        )
    body = (
        '<div style="display:flex;align-items:center;gap:6px;margin-top:4px">'
        f'<div style="writing-mode:vertical-rl;transform:rotate(180deg);font-size:11px">'
        f"{esc(bv.y.short[lang])} →</div>"
        f'<table class="atlas-bivariate" style="border-collapse:collapse">{cells}</table></div>'
        f'<div style="font-size:11px;margin-left:18px">{esc(bv.x.short[lang])} →</div>'
        '<div style="font-size:11px;color:#555;margin-top:4px">'
        f"{esc(t('bivariate_note', lang))}</div>"
    )
    if outside := outside_zone_legend_row(int(_outside_mask(bv.areas).sum()), lang):
        body += f'<table style="margin-top:4px">{outside}</table>'
    if outside := outside_legend_row(geometry, lang):
        body += f'<table style="margin-top:4px">{outside}</table>'

    legend = legend_box(
        f"{bv.x.label(lang)} × {bv.y.label(lang)}", subtitle, body, lang, source=source, demo=demo
    )
    return _render(
        bv.areas,
        styled,
        legend,
        tooltip=[
            ("nombre", t("territory", lang)),
            ("x", bv.x.label(lang)),
            ("y", bv.y.label(lang)),
        ],
        name="bivariado",
        geometry=geometry,
    )


def build_cluster_map(
    clusters: Clusters,
    indicator_label: str,
    lang: str,
    *,
    subtitle: str,
    demo: bool,
    source: str,
    geometry: MapGeometry | None = None,
) -> MapParts:
    """Local Moran's I cluster map: hot and cold spots, outliers, not significant."""
    styled = []
    for row in clusters.areas.itertuples(index=False):
        label = LABELS[row.cluster][lang] if row.cluster else t("no_data", lang)
        p = format_number(row.p, 3, lang) if row.cluster else "—"
        fill = CLUSTER_COLORS[row.cluster] if row.cluster else NO_DATA_FILL
        styled.append((fill, bool(row.cluster), {"grupo": label, "p": p}))
    counts = clusters.areas["cluster"].value_counts()
    rows = "".join(
        legend_row(CLUSTER_COLORS[key], LABELS[key][lang], int(counts.get(key, 0)))
        for key in ("HH", "LL", "HL", "LH", "ns")
    )
    outside = _outside_mask(clusters.areas)
    no_data = int((clusters.areas["cluster"].isna().to_numpy() & ~outside).sum())
    rows += legend_row(NO_DATA_FILL, t("no_data", lang), no_data)
    rows += outside_zone_legend_row(int(outside.sum()), lang)
    rows += outside_legend_row(geometry, lang)
    note = t("lisa_legend_note", lang).format(
        alpha=format_number(clusters.alpha, 2, lang), permutations=clusters.permutations
    )
    legend = legend_box(
        f"{t('clusters', lang)}: {indicator_label}",
        subtitle,
        f'<table style="margin-top:4px">{rows}</table>'
        f'<div style="font-size:11px;color:#555;margin-top:4px">{html.escape(note)}</div>',
        lang,
        source=source,
        demo=demo,
    )
    return _render(
        clusters.areas,
        styled,
        legend,
        tooltip=[("nombre", t("territory", lang)), ("grupo", t("clusters", lang)), ("p", "p")],
        name="agrupamientos",
        geometry=geometry,
    )
