"""Classification: the registry agrees with mapclassify; no data stays unclassified."""

from __future__ import annotations

import math

import mapclassify
import numpy as np
import pytest

from geo.analysis.classify import SCHEMES, classify
from geo.model.catalogue import K_RANGE

# 40 skewed values (like rates across areas), with a few missing.
RNG = np.random.default_rng(7)
VALUES = np.round(RNG.lognormal(-3.2, 0.5, 40), 4)
WITH_NAN = np.concatenate([VALUES[:20], [np.nan], VALUES[20:], [np.nan, np.nan]])
USER_BREAKS = (0.03, 0.05, 0.08)

EXPECTED = {
    "quantiles": lambda y: mapclassify.Quantiles(y, k=4),
    "fisher_jenks": lambda y: mapclassify.FisherJenks(y, k=4),
    "equal_interval": lambda y: mapclassify.EqualInterval(y, k=4),
    "std_mean": lambda y: mapclassify.StdMean(y),
    "box_plot": lambda y: mapclassify.BoxPlot(y),
    "percentiles": lambda y: mapclassify.Percentiles(y),
    "user_defined": lambda y: mapclassify.UserDefined(y, bins=list(USER_BREAKS)),
}


def test_every_scheme_is_tested() -> None:
    assert set(EXPECTED) == set(SCHEMES)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_upper_bounds_and_classes_match_mapclassify(scheme: str) -> None:
    expected = EXPECTED[scheme](VALUES)
    got = classify(WITH_NAN, scheme, k=4, bins=USER_BREAKS)
    assert got.upper == pytest.approx(tuple(expected.bins))
    assert got.k == len(expected.bins)
    present = [c for c in got.classes if c is not None]
    assert present == list(expected.yb)
    assert list(got.counts) == list(expected.counts)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_missing_values_get_no_class_and_are_not_counted(scheme: str) -> None:
    got = classify(WITH_NAN, scheme, k=4, bins=USER_BREAKS)
    assert len(got.classes) == len(WITH_NAN)
    missing = [i for i, v in enumerate(WITH_NAN) if math.isnan(v)]
    assert [i for i, c in enumerate(got.classes) if c is None] == missing
    assert sum(got.counts) == len(VALUES)
    assert len(got.counts) == got.k


def test_counts_match_the_classes() -> None:
    got = classify(WITH_NAN, "quantiles", k=5)
    assert got.counts == tuple(got.classes.count(i) for i in range(got.k))
    assert got.counts == (8, 8, 8, 8, 8)


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_fewer_distinct_values_than_k_gives_one_class_per_value(scheme: str) -> None:
    values = [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, np.nan]
    got = classify(values, scheme, k=5)
    assert got.k == 3
    assert sum(got.counts) == 6


def test_fewer_distinct_values_than_k_with_skewed_values_quantiles() -> None:
    values = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0]
    assert classify(values, "quantiles", k=5).k == 3


def test_a_single_distinct_value_is_one_class() -> None:
    got = classify([0.2, 0.2, np.nan], "fisher_jenks", k=5)
    assert (got.k, got.lower, got.upper, got.counts) == (1, 0.2, (0.2,), (2,))
    assert got.classes == (0, 0, None)


def test_all_missing_gives_no_classes() -> None:
    got = classify([np.nan, np.nan, np.nan], "quantiles", k=5)
    assert got.k == 0
    assert got.upper == ()
    assert got.counts == ()
    assert got.classes == (None, None, None)


def test_all_missing_has_no_bounds() -> None:
    assert classify([np.nan, np.nan], "quantiles", k=5).bounds == []


def test_unknown_scheme_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="Unknown scheme 'jenks'") as caught:
        classify(VALUES, "jenks")
    for name in SCHEMES:
        assert name in str(caught.value)


@pytest.mark.parametrize("k", [K_RANGE[0] - 1, K_RANGE[1] + 1, 0, 99])
def test_k_out_of_range_raises(k: int) -> None:
    with pytest.raises(ValueError, match="k must be between"):
        classify(VALUES, "quantiles", k=k)


@pytest.mark.parametrize("k", [K_RANGE[0], K_RANGE[1]])
def test_k_at_the_ends_of_the_range_is_accepted(k: int) -> None:
    assert classify(VALUES, "quantiles", k=k).k == k


def test_user_defined_needs_breaks() -> None:
    with pytest.raises(ValueError, match="breaks"):
        classify(VALUES, "user_defined")


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_first_class_starts_at_the_minimum(scheme: str) -> None:
    got = classify(WITH_NAN, scheme, k=4)
    assert got.lower == VALUES.min()
    assert got.bounds[0] == (VALUES.min(), got.upper[0])
    assert got.upper[-1] == pytest.approx(VALUES.max())
    assert [high for _, high in got.bounds] == list(got.upper)
    assert [low for low, _ in got.bounds[1:]] == list(got.upper[:-1])


def test_user_defined_adds_the_maximum_above_the_last_break() -> None:
    got = classify([1.0, 4.0, 9.0], "user_defined", bins=[2.0, 5.0])
    assert got.upper == (2.0, 5.0, 9.0)
    assert got.classes == (0, 1, 2)


def test_given_lower_bound_is_used_for_shared_breaks() -> None:
    got = classify([3.0, 4.0, 9.0], "user_defined", bins=[5.0, 10.0], lower=1.0)
    assert got.bounds[0] == (1.0, 5.0)
