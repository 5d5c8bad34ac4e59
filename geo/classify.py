"""Classification of values into classes with mapclassify, behind one small registry."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import mapclassify
import numpy as np

SCHEMES: Final = {
    "quantiles": mapclassify.Quantiles,
    "fisher_jenks": mapclassify.FisherJenks,
    "equal_interval": mapclassify.EqualInterval,
}
SCHEME_NAMES: Final = {
    "quantiles": {"es": "Cuantiles", "en": "Quantiles"},
    "fisher_jenks": {
        "es": "Fisher-Jenks (cortes naturales)",
        "en": "Fisher-Jenks (natural breaks)",
    },
    "equal_interval": {"es": "Intervalos iguales", "en": "Equal interval"},
}
DEFAULT_SCHEME: Final = "quantiles"
DEFAULT_K: Final = 5
K_RANGE: Final = (2, 9)


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
        """``(low, high)`` of each class."""
        lows = (self.lower, *self.upper[:-1])
        return list(zip(lows, self.upper, strict=True))


def classify(
    values: Sequence[float], scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K
) -> Classification:
    """Classify ``values`` (NaN = no data) with a mapclassify ``scheme`` into ``k`` classes.

    Fewer distinct values than ``k`` give as many classes as distinct values.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"Unknown scheme {scheme!r}; valid schemes: {', '.join(SCHEMES)}.")
    if not K_RANGE[0] <= k <= K_RANGE[1]:
        raise ValueError(f"k must be between {K_RANGE[0]} and {K_RANGE[1]}, got {k}.")
    array = np.asarray(values, dtype=float)
    present = ~np.isnan(array)
    distinct = np.unique(array[present])
    if distinct.size == 0:
        return Classification(scheme, 0, math.nan, (), tuple(None for _ in array), ())
    k_used = int(min(k, distinct.size))
    if k_used == 1:
        upper = (float(distinct[0]),)
        bins = np.zeros(int(present.sum()), dtype=int)
    else:
        classifier = SCHEMES[scheme](array[present], k=k_used)
        upper = tuple(float(b) for b in classifier.bins)
        bins = np.asarray(classifier.yb, dtype=int)
    classes: list[int | None] = [None] * array.size
    for position, cls in zip(np.flatnonzero(present), bins, strict=True):
        classes[position] = int(cls)
    counts = tuple(int((bins == i).sum()) for i in range(len(upper)))
    return Classification(scheme, len(upper), float(distinct[0]), upper, tuple(classes), counts)
