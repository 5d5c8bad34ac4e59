"""Comparisons: change between two years, and two indicators at once (bivariate)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.choropleth import Status, compute
from geo.model import schema as s
from geo.model.catalogue import Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.formatting import format_number
from geo.model.view import View

# Diverging, colour-blind safe (ColorBrewer RdBu 5): red = worse, blue = better.
CHANGE_COLORS: Final = ("#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0")
NEUTRAL_CHANGE_COLORS: Final = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")  # PuOr
# Nine-class RdBu and PuOr (ColorBrewer) for classes that follow the data: up to four on each
# side of no change (the middle, index 4).
CHANGE_COLORS_9: Final = (
    "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
    "#d1e5f0", "#92c5de", "#4393c3", "#2166ac",
)  # fmt: skip
NEUTRAL_CHANGE_COLORS_9: Final = (
    "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7",
    "#d8daeb", "#b2abd2", "#8073ac", "#542788",
)  # fmt: skip
NO_CHANGE_CLASS: Final = 4
# Which of a side's four shades (0 = darkest) ``k`` classes take: the palest is kept for four.
_SIDE_SHADES: Final = {1: (1,), 2: (0, 2), 3: (0, 1, 2), 4: (0, 1, 2, 3)}
# Bivariate 3x3 (Joshua Stevens' purple-teal): index = 3 * y_class + x_class, 8 = both worst.
BIVARIATE_COLORS: Final = (
    "#e8e8e8", "#ace4e4", "#5ac8c8",
    "#dfb0d6", "#a5add3", "#5698b9",
    "#be64ac", "#8c62aa", "#3b4994",
)  # fmt: skip


@dataclass(frozen=True)
class ChangeMap:
    """``areas`` with ``before``, ``after``, ``change``, ``klass`` (0..4, -1 = no data) and
    ``outside`` (outside the view's zone: neither classified nor "no data")."""

    indicator: Indicator
    year_a: int
    year_b: int
    areas: gpd.GeoDataFrame
    upper: tuple[float, ...]  # upper bounds of the five symmetric classes
    colors: tuple[str, ...]  # colour of each class, from falls to rises
    # Classes that follow the data (``data_classes``): (class, lowest, highest change) of each
    # class that holds an area, from the largest fall to the largest rise; empty otherwise.
    bounds: tuple[tuple[int, float, float], ...] = ()


def change(dataset: Dataset, view: View, year_a: int, year_b: int) -> ChangeMap:
    """The change of the view's indicator from ``year_a`` to ``year_b`` per area.

    Only areas classified (not small, not without data) in both years get a change. Classes
    are symmetric around zero, so no change is always the middle, neutral colour.
    """
    before = compute(dataset, replace(view, year=year_a)).areas
    after = compute(dataset, replace(view, year=year_b)).areas
    return change_between(
        get_indicator(view.indicator, view.education_level), before, after, year_a, year_b
    )


def change_between(
    indicator: Indicator,
    before: gpd.GeoDataFrame,
    after: gpd.GeoDataFrame,
    year_a: int,
    year_b: int,
    *,
    data_classes: bool = False,
) -> ChangeMap:
    """The change from the areas ``before`` to the same areas ``after`` (two years, or a
    plan's before and after: ``geo.analysis.plan``), in symmetric classes; with
    ``data_classes``, in classes that follow the data (:func:`classes_from_data`)."""
    areas = after[[s.CODE, s.NAME, "geometry"]].copy()
    both = (before["status"] == Status.OK).to_numpy() & (after["status"] == Status.OK).to_numpy()
    areas["before"] = before["value"].to_numpy()
    areas["after"] = after["value"].to_numpy()
    areas["change"] = np.where(both, areas["after"] - areas["before"], np.nan)
    largest = float(np.nanmax(np.abs(areas["change"]))) if both.any() else 0.0
    largest = largest or 1e-9
    upper = tuple(largest * f for f in (-0.6, -0.2, 0.2, 0.6, 1.0))
    klass = np.searchsorted(np.asarray(upper), areas["change"].to_numpy(), side="left")
    areas["klass"] = np.where(both, np.minimum(klass, 4), -1)
    areas["outside"] = (after["status"] == Status.OUTSIDE).to_numpy()  # the view's zone
    if indicator.direction == "neutral":
        colors = NEUTRAL_CHANGE_COLORS
    elif indicator.direction == "higher_worse":
        colors = CHANGE_COLORS[::-1]  # a rise is bad: red at the top
    else:
        colors = CHANGE_COLORS
    if data_classes:
        palette = {"neutral": NEUTRAL_CHANGE_COLORS_9, "higher_worse": CHANGE_COLORS_9[::-1]}
        klass, bounds = classes_from_data(areas["change"].to_numpy())
        areas["klass"] = klass
        colors = palette.get(indicator.direction, CHANGE_COLORS_9)
        return ChangeMap(indicator, year_a, year_b, areas, upper, colors, bounds)
    return ChangeMap(indicator, year_a, year_b, areas, upper, colors)


def classes_from_data(
    change: np.ndarray, *, per_side: int = 4
) -> tuple[np.ndarray, tuple[tuple[int, float, float], ...]]:
    """Classes of ``change`` that follow the values: no change (exactly, up to rounding) in the
    middle class 4; the falls in up to ``per_side`` classes of about as many areas each
    (quantiles of their ranks, equal values in one class), 0..3 from the largest fall; the
    rises likewise, 5..8 up to the largest rise. No class is empty. NaN -> -1.

    Returns each area's class and (class, lowest, highest) of the classes used, in order."""
    values = np.asarray(change, dtype=float)
    klass = np.full(len(values), -1, dtype=int)
    finite = np.isfinite(values)
    scale = float(np.nanmax(np.abs(values))) if finite.any() else 0.0
    still = finite & (np.abs(values) <= 1e-9 * max(scale, 1e-300))
    klass[still] = NO_CHANGE_CLASS
    for side in (-1, 1):
        where = np.flatnonzero(finite & ~still & (np.sign(values) == side))
        if not len(where):
            continue
        # from the largest change on this side to the smallest
        order = where[np.argsort(-side * values[where], kind="stable")]
        distinct = np.unique(values[order])
        k = min(per_side, len(distinct))
        groups = np.floor(np.arange(len(order)) * k / len(order)).astype(int)
        first_group = {}  # equal values stay together, in the class of the first of them
        for position, value in zip(groups, values[order], strict=True):
            first_group.setdefault(value, position)
        groups = np.array([first_group[v] for v in values[order]])
        used = sorted(set(groups))
        shades = _SIDE_SHADES[len(used)]
        for shade, group in zip(shades, used, strict=True):
            members = order[groups == group]
            klass[members] = shade if side < 0 else 8 - shade
    bounds = tuple(
        (int(c), float(values[klass == c].min()), float(values[klass == c].max()))
        for c in sorted(set(klass[klass >= 0].tolist()))
    )
    return klass, bounds


def format_change(value: float, indicator: Indicator, lang: str) -> str:
    """``+1,2 pp`` for rates (percentage points), ``-3,0`` for ratios, ``+1.234`` for counts."""
    if value is None or np.isnan(value):
        return {"es": "Sin datos", "en": "No data"}[lang]
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    if indicator.unit == "percent":
        return f"{sign}{format_number(abs(value) * 100, 1, lang)} pp"
    decimals = 1 if indicator.unit in ("ratio", "score") else 0
    return f"{sign}{format_number(abs(value), decimals, lang)}"


@dataclass(frozen=True)
class Bivariate:
    """Two indicators in tertiles: ``areas["klass"]`` 0..8 (3 * y + x), -1 = missing either;
    ``areas["outside"]``: outside the view's zone."""

    x: Indicator
    y: Indicator
    areas: gpd.GeoDataFrame
    x_breaks: tuple[float, float]
    y_breaks: tuple[float, float]


def bivariate(dataset: Dataset, view: View, other: str) -> Bivariate:
    """The view's indicator (x) against ``other`` (y), each cut in tertiles of its areas.

    Tertile 2 is always the worse third, so class 8 (darkest) is where both are worst:
    where to act first.
    """
    x = compute(dataset, view)
    y = compute(dataset, replace(view.with_indicator(other), scheme="quantiles", breaks=()))
    areas = x.areas[[s.CODE, s.NAME, "geometry"]].copy()
    areas["x"] = x.areas["value"].where(x.areas["status"] == Status.OK).to_numpy()
    areas["y"] = y.areas["value"].where(y.areas["status"] == Status.OK).to_numpy()
    x_cls, x_breaks = _tertiles(areas["x"], x.indicator)
    y_cls, y_breaks = _tertiles(areas["y"], y.indicator)
    present = (x_cls >= 0) & (y_cls >= 0)
    areas["klass"] = np.where(present, 3 * y_cls + x_cls, -1)
    areas["outside"] = (x.areas["status"] == Status.OUTSIDE).to_numpy()  # the view's zone
    return Bivariate(x.indicator, y.indicator, areas, x_breaks, y_breaks)


def _tertiles(values: pd.Series, indicator: Indicator) -> tuple[np.ndarray, tuple[float, float]]:
    present = values.dropna().to_numpy()
    if present.size < 3:
        return np.full(len(values), -1), (np.nan, np.nan)
    low, high = np.quantile(present, [1 / 3, 2 / 3])
    cls = np.where(values.isna(), -1, np.where(values <= low, 0, np.where(values <= high, 1, 2)))
    if indicator.direction == "lower_worse":
        cls = np.where(cls >= 0, 2 - cls, -1)
    return cls.astype(int), (float(low), float(high))
