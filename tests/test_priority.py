"""The priority index on the demo city and on hand-checked numbers."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_city import city, code, lattice

from geo.analysis.choropleth import compute, ranking
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
from geo.model import schema as s
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


# Three territories in a row, one site of 100 students each (as matricula, desertores,
# sin_internet): dropout 1, 2, 4 %, no internet 50, 10, 30 %; gross coverage (lower is worse)
# 100 / population = 80, 50, 40 %.
ROW = [code(0, c) for c in range(3)]
ROW_SITES = {(c, 2024): [(100, d, i)] for c, d, i in zip(ROW, (1, 2, 4), (50, 10, 30), strict=True)}
ROW_POPULATION = {(c, 2024): p for c, p in zip(ROW, (125, 200, 250), strict=True)}


@pytest.fixture(scope="module")
def row():
    return city(lattice(1, 3), ROW_SITES, population=ROW_POPULATION)


def index_of(result) -> list[float]:
    return result.areas.set_index(s.CODE).loc[ROW, "value"].tolist()


def test_minmax_index_by_hand(row) -> None:
    """Dropout 1, 2, 4 % -> 0, 1/3, 1; no internet 50, 10, 30 % -> 1, 0, 1/2."""
    result = priority(row, VIEW, {"dropout": 1, "no_internet": 1}, "minmax")
    assert result.weights == {"dropout": 0.5, "no_internet": 0.5}
    assert index_of(result) == pytest.approx([0.5, 1 / 6, 0.75])
    parts = result.areas.set_index(s.CODE).loc[ROW]
    assert parts["score_dropout"].tolist() == pytest.approx([0, 1 / 3, 1])
    assert parts["part_no_internet"].tolist() == pytest.approx([0.5, 0, 0.25])


def test_weights_decide_the_ranks(row) -> None:
    """1:1 puts the third territory first (0.75); 1:3 the first (3/4 x 1 = 0.75 > 0.625)."""
    first, second, third = (f"T{c}" for c in ROW)
    even = priority_choropleth(row, VIEW, {"dropout": 1, "no_internet": 1}, "minmax")
    assert ranking(even, "es")["Territorio"].tolist()[:3] == [third, first, second]
    internet = priority(row, VIEW, {"dropout": 1, "no_internet": 3}, "minmax")
    assert index_of(internet) == pytest.approx([0.75, 1 / 12, 0.625])
    tilted = priority_choropleth(row, VIEW, {"dropout": 1, "no_internet": 3}, "minmax")
    assert ranking(tilted, "es")["Territorio"].tolist()[:3] == [first, third, second]


def test_zscore_index_by_hand(row) -> None:
    """Dropout 1, 2, 4 %: mean 7/3 %, deviations -4/3, -1/3, 5/3, population sd sqrt(14/9)."""
    result = priority(row, VIEW, {"dropout": 1}, "zscore")
    sd = np.sqrt((16 + 1 + 25) / 9 / 3)
    assert index_of(result) == pytest.approx([-4 / 3 / sd, -1 / 3 / sd, 5 / 3 / sd])


def test_lower_is_worse_is_turned_by_hand(row) -> None:
    """Coverage 80, 50, 40 %: min-max 1, 0.25, 0, turned to 0, 0.75, 1; z-scores negated."""
    result = priority(row, VIEW, {"coverage_gross": 1}, "minmax")
    assert index_of(result) == pytest.approx([0, 0.75, 1])
    z = priority(row, VIEW, {"coverage_gross": 1}, "zscore")
    coverage = np.array([0.8, 0.5, 0.4])
    assert index_of(z) == pytest.approx(-(coverage - coverage.mean()) / coverage.std())


def test_a_small_sample_is_left_out_of_the_normalisation(row) -> None:
    """The third territory's 0 % of 20 students is a small sample (20 < 30): it gets no index
    and is not the minimum the others are scaled from."""
    sites = {**ROW_SITES, (ROW[2], 2024): [(20, 0, 0)]}
    small = city(lattice(1, 3), sites)
    result = priority(small, VIEW, {"dropout": 1}, "minmax")
    # Only 1 % and 2 % are normalised: 0 and 1, not (1 - 0) / (2 - 0).
    assert index_of(result)[:2] == pytest.approx([0, 1])
    assert np.isnan(index_of(result)[2])
    assert result.areas.set_index(s.CODE).loc[ROW[2], "status"] == "no_data"
