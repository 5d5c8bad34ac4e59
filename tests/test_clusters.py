"""Local Moran's I on a 6 x 6 lattice whose clusters can be read off the drawing.

Dropout per territory (H 10 %, L 2 %; one site of 100 students each)::

    H H H L L L
    H H H L L L
    H H H L H L      <- row 2, column 4: a high area among lows
    H H H L L L
    H H H L L L
    H H H L L L

plus, far away, an island (no neighbours) and a small sample (20 students).
"""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box
from tiny_city import city, code, lattice

from geo.analysis.choropleth import compute
from geo.analysis.clusters import MIN_UNITS, TooFewUnits, local_moran
from geo.model import schema as s
from geo.model.view import View

SIZE = 6
OUTLIER = (2, 4)
ISLAND, SMALL = "9901", "9902"
HIGH, LOW = 10, 2  # dropouts out of 100


def dropouts(row: int, col: int) -> int:
    return HIGH if col < SIZE // 2 or (row, col) == OUTLIER else LOW


@pytest.fixture(scope="module")
def clusters():
    squares = [
        *lattice(SIZE, SIZE),
        (ISLAND, box(20, -20, 21, -19)),
        (SMALL, box(30, -30, 31, -29)),
    ]
    sites = {(code(r, c), 2024): [(100, dropouts(r, c))] for r in range(SIZE) for c in range(SIZE)}
    sites[(ISLAND, 2024)] = [(100, 5)]
    sites[(SMALL, 2024)] = [(20, 1)]
    dataset = city(squares, sites)
    return dataset, local_moran(compute(dataset, View(year=2024)))


def label(result, row: int, col: int) -> str | None:
    return dict(zip(result.areas[s.CODE], result.areas["cluster"], strict=True))[code(row, col)]


def test_the_blocks_are_high_high_and_low_low(clusters) -> None:
    _, result = clusters
    # Every neighbour of (2, 1) is high and every neighbour of (4, 4) low; by chance, 8
    # neighbours drawn from the 35 other areas are all high with probability C(18,8)/C(35,8),
    # about 0.002, so both are significant.
    assert label(result, 2, 1) == "HH"
    assert label(result, 3, 1) == "HH"
    assert label(result, 4, 4) == "LL"
    assert label(result, 3, 5) != "HH"


def test_a_high_area_among_lows_is_an_outlier(clusters) -> None:
    _, result = clusters
    assert label(result, *OUTLIER) == "HL"


def test_a_corner_with_three_like_neighbours_is_not_significant(clusters) -> None:
    """Three neighbours all high happen by chance with probability C(18,3)/C(35,3) = 0.125."""
    _, result = clusters
    assert label(result, 0, 0) == "ns"
    p = dict(zip(result.areas[s.CODE], result.areas["p"], strict=True))[code(0, 0)]
    assert 0.05 < p < 0.25


def test_labels_agree_with_the_values_and_their_neighbours(clusters) -> None:
    """HH: high among high, LL: low among low, HL / LH the outliers (high = above the mean)."""
    _, result = clusters
    areas = result.areas.set_index(s.CODE)
    values = {code(r, c): dropouts(r, c) for r in range(SIZE) for c in range(SIZE)}
    mean = np.mean(list(values.values()))
    for r in range(SIZE):
        for c in range(SIZE):
            found = areas.loc[code(r, c), "cluster"]
            if found == "ns":
                continue
            lag = np.mean([values[code(i, j)] for i, j in neighbours(r, c)])
            expected = ("H" if values[code(r, c)] > mean else "L") + ("H" if lag > mean else "L")
            assert found == expected, (r, c)
    assert (areas["p"].dropna() >= 1 / 1000).all()  # 999 permutations


def test_island_and_small_sample_get_no_cluster(clusters) -> None:
    _, result = clusters
    areas = result.areas.set_index(s.CODE)
    assert areas.loc[ISLAND, "cluster"] is None
    assert areas.loc[SMALL, "cluster"] is None
    assert np.isnan(areas.loc[ISLAND, "p"]) and np.isnan(areas.loc[SMALL, "p"])
    assert areas["cluster"].notna().sum() == SIZE * SIZE


def test_global_moran_by_hand(clusters) -> None:
    """Row-standardised weights: I = sum_i z_i * mean(z of i's neighbours) / sum_i z_i^2."""
    _, result = clusters
    y = {code(r, c): dropouts(r, c) / 100 for r in range(SIZE) for c in range(SIZE)}
    z = {k: v - np.mean(list(y.values())) for k, v in y.items()}
    top = sum(
        z[code(r, c)] * np.mean([z[code(i, j)] for i, j in neighbours(r, c)])
        for r in range(SIZE)
        for c in range(SIZE)
    )
    assert result.global_i == pytest.approx(top / sum(v * v for v in z.values()))
    assert result.global_i > 0.5
    assert result.global_p < 0.01


def test_alpha_decides_what_is_significant(clusters) -> None:
    """No p-value of 999 permutations is below 1/1000: with that alpha nothing is a cluster."""
    dataset, _ = clusters
    strict = local_moran(compute(dataset, View(year=2024)), alpha=0.001)
    assert set(strict.areas["cluster"].dropna()) == {"ns"}
    assert strict.alpha == 0.001


def test_too_few_areas_are_refused() -> None:
    sites = {(code(r, c), 2024): [(100, r)] for r in range(5) for c in range(5)}
    dataset = city(lattice(5, 5), sites)
    assert MIN_UNITS > 5 * 5
    with pytest.raises(TooFewUnits, match="25 areas"):
        local_moran(compute(dataset, View(year=2024)))


def neighbours(row: int, col: int) -> list[tuple[int, int]]:
    """Queen contiguity on the lattice: the up to 8 cells around (row, col)."""
    return [
        (i, j)
        for i in range(row - 1, row + 2)
        for j in range(col - 1, col + 2)
        if (i, j) != (row, col) and 0 <= i < SIZE and 0 <= j < SIZE
    ]
