"""The priority index on the demo city and on hand-checked numbers."""

from __future__ import annotations

import numpy as np
import pytest

from geo.analysis.choropleth import compute
from geo.analysis.priority import (
    MAX_WEIGHT,
    _normalise,
    eligible,
    link_weight,
    priority,
    priority_choropleth,
    weight_percents,
    weights_from_query,
)
from geo.model.view import View

VIEW = View(year=2024)


def test_normalisations_by_hand() -> None:
    values = np.array([1.0, 2.0, 4.0, np.nan])
    assert _normalise(values, "minmax")[:3] == pytest.approx([0.0, 1 / 3, 1.0])
    z = _normalise(values, "zscore")[:3]
    assert z == pytest.approx((values[:3] - values[:3].mean()) / values[:3].std())
    assert np.isnan(_normalise(values, "minmax")[3])
    assert _normalise(np.array([5.0, 5.0]), "minmax") == pytest.approx([0.5, 0.5])


def test_single_component_equals_its_normalised_indicator(demo) -> None:
    result = priority(demo, VIEW, {"dropout": 3.0}, "minmax")
    dropout = compute(demo, VIEW).areas["value"].to_numpy()
    expected = (dropout - dropout.min()) / (dropout.max() - dropout.min())
    assert result.areas["value"].to_numpy() == pytest.approx(expected)
    assert result.weights == {"dropout": 1.0}  # rescaled to sum to 1


def test_lower_is_worse_indicators_are_inverted(demo) -> None:
    result = priority(demo, VIEW, {"coverage_gross": 1.0}, "minmax")
    coverage = compute(demo, View(year=2024, indicator="coverage_gross")).areas["value"]
    worst = int(np.argmin(coverage.to_numpy()))
    assert result.areas["value"].iloc[worst] == pytest.approx(1.0)


def test_contributions_sum_to_the_index(demo) -> None:
    weights = {"dropout": 40, "no_internet": 20, "no_computer": 20, "coverage_gross": 20}
    result = priority(demo, VIEW, weights, "zscore")
    parts = result.areas[[f"part_{i}" for i in weights]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(result.areas["value"].to_numpy())
    assert sum(result.weights.values()) == pytest.approx(1.0)


def test_small_samples_get_no_index(demo) -> None:
    result = priority(demo, View(year=2024, min_n=20_000), {"dropout": 1.0}, "minmax")
    small = compute(demo, View(year=2024, min_n=20_000)).areas["status"] == "small"
    assert small.any()
    assert result.areas.loc[small.to_numpy(), "value"].isna().all()
    assert (result.areas.loc[small.to_numpy(), "status"] == "no_data").all()


def test_bad_arguments_are_refused(demo) -> None:
    with pytest.raises(ValueError, match="at least one"):
        priority(demo, VIEW, {"dropout": 0}, "minmax")
    with pytest.raises(ValueError, match="normalisation"):
        priority(demo, VIEW, {"dropout": 1}, "rank")


def test_eligible_excludes_counts_and_respects_the_level(demo) -> None:
    assert "enrollment" not in eligible(demo, "territorio")
    assert "coverage_gross" in eligible(demo, "territorio")
    assert "coverage_gross" not in eligible(demo, "barrio")


def test_priority_choropleth_is_classified(demo) -> None:
    choropleth = priority_choropleth(demo, VIEW, {"dropout": 1, "no_internet": 1}, "minmax")
    assert choropleth.indicator.id == "priority"
    assert choropleth.classification.k == 5
    assert choropleth.notes["weights"] == {"dropout": 0.5, "no_internet": 0.5}


def test_one_rule_for_a_weight_in_a_link() -> None:
    """A whole number of percent up to MAX_WEIGHT; the last of a repeated key counts."""
    assert MAX_WEIGHT == 100
    assert link_weight("0") == 0 and link_weight("40") == 40 and link_weight("100") == 100
    assert link_weight(["10", "70"]) == 70
    for unusable in (None, "", [], "101", "150", "-5", "0.5", "40 ", "cuarenta", "²", "٤٠"):
        assert link_weight(unusable) is None, unusable


def test_page_and_command_line_read_a_link_s_weights_alike(demo) -> None:
    """The Prioridad page (percent, for its sliders) and the command line (fractions) apply
    the same rule: a weight above the cap keeps the default, as text does."""
    params = {"w.dropout": "150", "w.no_internet": "0", "w.no_computer": ["5", "60"]}
    percents = weight_percents(params, "territorio", demo)
    assert list(percents) == eligible(demo, "territorio")
    assert percents["dropout"] == 40  # the default: 150 is above the cap
    assert percents["no_internet"] == 0 and percents["no_computer"] == 60
    assert percents["coverage_gross"] == 20  # not in the link: the default
    fractions = weights_from_query(params, "territorio", demo)
    assert fractions == pytest.approx({i: p / 100 for i, p in percents.items()})
    assert weights_from_query({"w.dropout": "abc"}, "territorio", demo)["dropout"] == 0.4
