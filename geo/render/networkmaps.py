"""Maps of the Red escolar (issue 18): the seat gap, the distance to a school, the catchments.

* **Gap**: diverging classes centred on 0 (ColorBrewer RdBu, 6 classes): three reds for a
  deficit (seats short), three blues for none or a surplus; symmetric bounds at a third, two
  thirds and all of the largest gap, rounded up to a round number, so equal colours mean equal
  amounts on both sides.
* **Distance**: sequential (YlOrRd, darker = farther) with fixed bounds in metres (or minutes)
  that include the default thresholds, so maps of different levels compare.
* **Catchments**: each site's cell coloured by its load (children / seats), diverging at 1.

Offline like every map of the atlas (:func:`geo.render.maps.render_map`); data-derived text
is escaped once in :func:`geo.render.maps.area_feature`.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import pandas as pd
import shapely

from geo.analysis.access import BEYOND_FLAG, DISTANCE, MINUTES, NEAREST_NAME, Access
from geo.analysis.catchments import CHILDREN, LOAD, Catchments
from geo.analysis.choropleth import Status
from geo.analysis.projection import (
    DEFICIT_YEAR,
    GAP,
    NEEDED,
    OFFERED,
    POPULATION,
    Projection,
    population_column,
)
from geo.model import schema as s
from geo.model.formatting import format_number
from geo.model.i18n import t
from geo.render.display import MapGeometry
from geo.render.maps import MapParts, area_feature, area_shapes, render_map
from geo.render.style import NO_DATA_FILL, legend_box, legend_row

# ColorBrewer RdBu, 6 classes: index 0 the largest deficit ... 5 the largest surplus.
GAP_COLORS: Final = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac")
# ColorBrewer YlOrRd, 6 classes, and the upper bounds of the distance and time classes.
DISTANCE_COLORS: Final = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
DISTANCE_BOUNDS_M: Final = (500.0, 1000.0, 2000.0, 3000.0, 5000.0, math.inf)
DISTANCE_BOUNDS_MIN: Final = (10.0, 20.0, 30.0, 45.0, 60.0, math.inf)
# Load (children / seats): blue below 1 (seats to spare), red above (overloaded).
LOAD_COLORS: Final = ("#2166ac", "#67a9cf", "#fddbc7", "#ef8a62", "#b2182b")
LOAD_BOUNDS: Final = (0.8, 1.0, 1.25, 1.5, math.inf)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 5, 7.5 or 10 × a power of ten that is ≥ ``value``."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 5, 7.5, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power


def gap_bounds(gaps: np.ndarray) -> tuple[float, float, float]:
    """One, two and three steps, the step a round number (1, 1.5, 2, 2.5, 3, 5 or 7.5 × a
    power of ten) at least a third of the largest absolute gap: 8,000 gives 3,000, 6,000,
    9,000."""
    finite = np.abs(gaps[np.isfinite(gaps)])
    step = nice_ceiling((float(finite.max()) if finite.size else 3.0) / 3)
    return step, 2 * step, 3 * step


def gap_classes(gaps: np.ndarray, bounds: tuple[float, float, float]) -> np.ndarray:
    """Class of each gap: 0-2 deficit (0 largest), 3-5 no deficit (5 largest surplus); -1 NaN.

    A gap of exactly 0 is no deficit (class 3)."""
    step = bounds[0]
    out = np.full(len(gaps), -1, dtype=int)
    for i, gap in enumerate(gaps):
        if not np.isfinite(gap):
            continue
        rank = min(2, max(0, math.ceil(abs(gap) / step) - 1))
        out[i] = 2 - rank if gap > 0 else 3 + rank
    return out


def upper_classes(values: np.ndarray, bounds: tuple[float, ...]) -> np.ndarray:
    """Class of each value for the upper ``bounds`` (``value <= bound``); -1 for NaN."""
    out = np.searchsorted(np.asarray(bounds), values, side="left").astype(int)
    out[~np.isfinite(values)] = -1
    return out


def _whole(value: float, lang: str) -> str:
    return format_number(value, 0, lang)


def gap_map(
    result: Projection,
    lang: str,
    *,
    source: str,
    demo: bool,
    geometry: MapGeometry | None = None,
    areas=None,
) -> MapParts:
    """The seat gap at the horizon per area (``areas``: the level's shapes, by code)."""
    frame = areas.merge(
        result.areas.drop(columns=[s.NAME]), on=s.CODE, how="left", validate="one_to_one"
    )
    gaps = frame[GAP].to_numpy(dtype=float)
    bounds = gap_bounds(gaps)
    classes = gap_classes(gaps, bounds)
    ages = population_column(result.education_level).removeprefix("poblacion_")
    styled = []
    for row, klass in zip(frame.itertuples(index=False), classes, strict=True):
        year = getattr(row, DEFICIT_YEAR)
        display = {
            "poblacion": _whole(getattr(row, POPULATION), lang),
            "necesarios": _whole(getattr(row, NEEDED), lang),
            "ofrecidos": _whole(getattr(row, OFFERED), lang),
            "deficit": _signed(getattr(row, GAP), lang),
            "anio": str(year)
            if not pd.isna(year)
            else t("network_no_deficit", lang).format(year=result.horizon),
        }
        fill = GAP_COLORS[klass] if klass >= 0 else NO_DATA_FILL
        styled.append((fill, klass >= 0, display))
    counts = np.bincount(classes[classes >= 0], minlength=6)
    low = (0.0, *bounds[:2])
    rows = "".join(
        legend_row(
            GAP_COLORS[2 - i],
            t("network_deficit_class", lang).format(
                low=_whole(low[i], lang), high=_whole(bounds[i], lang)
            ),
            int(counts[2 - i]),
        )
        for i in (2, 1, 0)
    )
    rows += "".join(
        legend_row(
            GAP_COLORS[3 + i],
            t("network_surplus_class", lang).format(
                low=_whole(low[i], lang), high=_whole(bounds[i], lang)
            ),
            int(counts[3 + i]),
        )
        for i in (0, 1, 2)
    )
    no_data = int((classes < 0).sum())
    if no_data:
        rows += legend_row(NO_DATA_FILL, t("no_data", lang), no_data, dashed=True)
    level = t(f"network_level_{result.education_level}", lang)
    legend = legend_box(
        t("network_gap_title", lang).format(level=level, year=result.horizon),
        t("network_gap_subtitle", lang),
        f'<table style="margin-top:4px">{rows}</table>',
        lang,
        source=source,
        demo=demo,
    )
    return _render(
        frame,
        styled,
        legend,
        tooltip=[
            ("nombre", t("site_barrio" if result.geo_level == "barrio" else "territory", lang)),
            ("poblacion", t("network_population", lang).format(ages=ages.replace("_", "-"))),
            ("necesarios", t("network_needed", lang)),
            ("ofrecidos", t("network_offered", lang)),
            ("deficit", t("network_gap", lang)),
            ("anio", t("network_deficit_year", lang)),
        ],
        name="deficit",
        geometry=geometry,
    )


def _signed(value: float, lang: str) -> str:
    if value is None or not np.isfinite(value):
        return t("no_data", lang)
    text = _whole(abs(value), lang)
    return f"+{text}" if round(value) > 0 else (f"−{text}" if round(value) < 0 else text)


def access_map(
    result: Access,
    lang: str,
    *,
    source: str,
    demo: bool,
    geometry: MapGeometry | None = None,
) -> MapParts:
    """Each barrio/vereda by its distance (or time) to the nearest offering site."""
    frame = result.barrios
    minutes = result.measure == "minutes"
    column = MINUTES if minutes else DISTANCE
    bounds = DISTANCE_BOUNDS_MIN if minutes else DISTANCE_BOUNDS_M
    values = frame[column].to_numpy(dtype=float)
    classes = upper_classes(values, bounds)
    unit = "min" if minutes else "m"
    styled = []
    for row, klass, value in zip(frame.itertuples(index=False), classes, values, strict=True):
        name = getattr(row, NEAREST_NAME)
        display = {
            "valor": f"{_whole(value, lang)} {unit}" if np.isfinite(value) else t("no_data", lang),
            "sede": str(name) if isinstance(name, str) else t("network_no_site", lang),
            "lejos": t("network_yes" if getattr(row, BEYOND_FLAG) else "network_no", lang),
        }
        styled.append((DISTANCE_COLORS[klass] if klass >= 0 else NO_DATA_FILL, klass >= 0, display))
    rows = _class_rows(
        DISTANCE_COLORS, bounds, classes, lambda v: _whole(v, lang), f" {unit}", lang
    )
    level = t(f"network_level_{result.education_level}", lang)
    title = "network_access_minutes_title" if minutes else "network_access_title"
    subtitle = "network_access_minutes_subtitle" if minutes else "network_access_subtitle"
    legend = legend_box(
        t(title, lang).format(level=level),
        t(subtitle, lang),
        f'<table style="margin-top:4px">{rows}</table>',
        lang,
        source=source,
        demo=demo,
    )
    return _render(
        frame,
        styled,
        legend,
        tooltip=[
            ("nombre", t("site_barrio", lang)),
            ("valor", t("network_minutes" if minutes else "network_distance", lang)),
            ("sede", t("network_nearest", lang)),
            ("lejos", t("network_beyond", lang)),
        ],
        name="acceso",
        geometry=geometry,
    )


def catchments_map(result: Catchments, lang: str, *, source: str, demo: bool) -> MapParts:
    """Each offering site's cell, coloured by its load (children nearest to it / seats)."""
    frame = result.sites.rename(columns={s.SITE_CODE: s.CODE, s.SITE_NAME: s.NAME})
    # Cells are drawn simplified (about 5 m) on a 1e-5 degree grid: a third of the bytes.
    frame = frame.set_geometry(
        shapely.set_precision(shapely.simplify(np.asarray(frame.geometry), 5e-5), 1e-5)
    )
    if s.NAME not in frame:
        frame[s.NAME] = frame[s.CODE]
    loads = frame[LOAD].to_numpy(dtype=float)
    classes = upper_classes(loads, LOAD_BOUNDS)
    styled = []
    for row, klass in zip(frame.itertuples(index=False), classes, strict=True):
        load = getattr(row, LOAD)
        display = {
            "ninos": _whole(getattr(row, CHILDREN), lang),
            "cupos": _whole(getattr(row, OFFERED), lang),
            "carga": f"{format_number(100 * load, 0, lang)} %"
            if np.isfinite(load)
            else t("no_data", lang),
        }
        styled.append((LOAD_COLORS[klass] if klass >= 0 else NO_DATA_FILL, klass >= 0, display))
    rows = _class_rows(
        LOAD_COLORS, LOAD_BOUNDS, classes, lambda v: format_number(100 * v, 0, lang), " %", lang
    )
    level = t(f"network_level_{result.education_level}", lang)
    legend = legend_box(
        t("network_catchments_title", lang).format(level=level),
        t("network_catchments_subtitle", lang),
        f'<table style="margin-top:4px">{rows}</table>',
        lang,
        source=source,
        demo=demo,
    )
    return _render(
        frame,
        styled,
        legend,
        tooltip=[
            ("nombre", t("network_site", lang)),
            ("ninos", t("network_children", lang)),
            ("cupos", t("network_offered", lang)),
            ("carga", t("network_load", lang)),
        ],
        name="influencia",
        geometry=None,
    )


def _class_rows(colors, bounds, classes: np.ndarray, number, unit: str, lang: str) -> str:
    """Legend rows of classes cut at fixed upper ``bounds`` (the last may be infinite), each
    with its count, and the areas without data."""
    counts = np.bincount(classes[classes >= 0], minlength=len(bounds))
    lows = (0.0, *bounds[:-1])
    rows = "".join(
        legend_row(
            color,
            f"{number(low)} – {number(high)}{unit}"
            if math.isfinite(high)
            else f"> {number(low)}{unit}",
            int(n),
        )
        for color, low, high, n in zip(colors, lows, bounds, counts, strict=True)
    )
    no_data = int((classes < 0).sum())
    if no_data:
        rows += legend_row(NO_DATA_FILL, t("no_data", lang), no_data, dashed=True)
    return rows


def _render(frame, styled, legend: str, *, tooltip, name: str, geometry) -> MapParts:
    features = [
        area_feature(row, shape, display, fill, Status.OK if ok else Status.NO_DATA)
        for row, (fill, ok, display), shape in zip(
            frame.itertuples(index=False), styled, area_shapes(frame, geometry), strict=True
        )
    ]
    return render_map(
        {"type": "FeatureCollection", "features": features},
        tuple(frame.total_bounds),
        legend,
        tooltip=tooltip,
        name=name,
        geometry=geometry,
    )
