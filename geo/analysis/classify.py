"""Classification of values into classes with mapclassify, behind one small registry."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from geo.model.catalogue import DEFAULT_K, DEFAULT_SCHEME, K_RANGE, SCHEME_NAMES, USES_K

# A mapclassify classifier (imported when a scheme is computed: it brings SciPy and
# scikit-learn, a second and more, which the command line's help and reports never need).
Factory = Callable[[np.ndarray, int, Sequence[float] | None], Any]


def _mapclassify() -> Any:
    import mapclassify

    return mapclassify


# Scheme name -> how to build it from (values, k, user breaks). k only matters where it is used.
SCHEMES: Final[dict[str, Factory]] = {
    "quantiles": lambda y, k, _: _mapclassify().Quantiles(y, k=k),
    "fisher_jenks": lambda y, k, _: _mapclassify().FisherJenks(y, k=k),
    "equal_interval": lambda y, k, _: _mapclassify().EqualInterval(y, k=k),
    "std_mean": lambda y, _k, _: _mapclassify().StdMean(y),
    "box_plot": lambda y, _k, _: _mapclassify().BoxPlot(y),
    "percentiles": lambda y, _k, _: _mapclassify().Percentiles(y),
    "user_defined": lambda y, _k, bins: _mapclassify().UserDefined(y, bins=list(bins or [])),
}
assert SCHEMES.keys() == SCHEME_NAMES.keys(), "every scheme the view may name can be computed"


@dataclass(frozen=True)
class Classification:
    """Classes of a set of values.

    ``lower`` is the smallest value and ``upper`` the upper bound of each class, so class ``i``
    spans ``(upper[i-1], upper[i]]`` (class 0 starts at ``lower``). ``classes`` gives each input
    value's class, ``None`` where the value is missing.
    """

    scheme: str
    k: int
    lower: float
    upper: tuple[float, ...]
    classes: tuple[int | None, ...]
    counts: tuple[int, ...]

    @property
    def bounds(self) -> list[tuple[float, float]]:
        """``(low, high)`` of each class (none when nothing was classified)."""
        if not self.upper:
            return []
        lows = (self.lower, *self.upper[:-1])
        return list(zip(lows, self.upper, strict=True))


def classify(
    values: Sequence[float],
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    bins: Sequence[float] | None = None,
    lower: float | None = None,
) -> Classification:
    """Classify ``values`` (NaN = no data) with a mapclassify ``scheme``.

    ``k`` is used by quantiles, Fisher-Jenks and equal interval; ``bins`` (upper bounds) by
    ``user_defined``, which is also how fixed breaks are applied to another year's values;
    ``lower`` then gives the first class's lower bound (the minimum over every map sharing
    the breaks), otherwise the smallest value is used.
    Fewer distinct values than ``k`` give as many classes as distinct values.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"Unknown scheme {scheme!r}; valid schemes: {', '.join(SCHEMES)}.")
    if not K_RANGE[0] <= k <= K_RANGE[1]:
        raise ValueError(f"k must be between {K_RANGE[0]} and {K_RANGE[1]}, got {k}.")
    if scheme == "user_defined" and not bins:
        raise ValueError("The user_defined scheme needs breaks (bins).")
    array = np.asarray(values, dtype=float)
    present = ~np.isnan(array)
    distinct = np.unique(array[present])
    if distinct.size == 0:
        return Classification(scheme, 0, math.nan, (), tuple(None for _ in array), ())
    if scheme == "user_defined":
        upper, codes = _user_defined(array[present], bins or ())
    elif scheme in USES_K and distinct.size < k:
        # As many classes as distinct values, each its own class (quantiles would merge
        # repeated values, and a break between equal values says nothing).
        upper = tuple(float(v) for v in distinct)
        codes = np.searchsorted(distinct, array[present], side="left")
    elif distinct.size == 1:
        upper, codes = (float(distinct[0]),), np.zeros(int(present.sum()), dtype=int)
    else:
        k_used = int(min(k, distinct.size)) if scheme in USES_K else k
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "not enough unique values" etc.
            classifier = SCHEMES[scheme](array[present], k_used, bins)
        upper = tuple(float(b) for b in classifier.bins)
        codes = np.asarray(classifier.yb, dtype=int)
    classes: list[int | None] = [None] * array.size
    for position, cls in zip(np.flatnonzero(present), codes, strict=True):
        classes[position] = int(cls)
    counts = tuple(int((codes == i).sum()) for i in range(len(upper)))
    lower = min(float(distinct[0]) if lower is None else lower, upper[0])
    return Classification(scheme, len(upper), lower, upper, tuple(classes), counts)


def _user_defined(
    values: np.ndarray, bins: Sequence[float]
) -> tuple[tuple[float, ...], np.ndarray]:
    """Classes by fixed upper bounds; values above the last bound get a class up to the max."""
    upper = tuple(sorted(float(b) for b in bins))
    if values.max() > upper[-1]:
        upper = (*upper, float(values.max()))
    return upper, np.searchsorted(np.asarray(upper), values, side="left")
