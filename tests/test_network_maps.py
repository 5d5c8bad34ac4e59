"""The Red escolar's maps (issue 18): diverging gap classes centred on 0, fills per area,
escaped names, offline."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from geo.analysis import access as a
from geo.analysis import projection as p
from geo.analysis.levels import shapes
from geo.render import networkmaps as nm

FILL = re.compile(r'"fill":\s?"(#[0-9a-f]{6})"')


def test_gap_classes_deficit_red_surplus_blue_centred_on_zero() -> None:
    gaps = np.array([2500.0, 1000.0, 1.0, 0.0, -1.0, -2500.0, -2800.0, np.nan])
    bounds = nm.gap_bounds(gaps)
    assert bounds == (1000.0, 2000.0, 3000.0)  # 2,800 / 3 -> a round step of 1,000
    classes = nm.gap_classes(gaps, bounds)
    assert list(classes) == [0, 2, 2, 3, 3, 5, 5, -1]
    reds, blues = nm.GAP_COLORS[:3], nm.GAP_COLORS[3:]
    assert all(c in ("#b2182b", "#ef8a62", "#fddbc7") for c in reds)
    assert all(c in ("#d1e5f0", "#67a9cf", "#2166ac") for c in blues)


@pytest.mark.parametrize(
    ("value", "nice"), [(0.2, 0.2), (2667, 3000), (1001, 1500), (7000, 7500), (9000, 10_000)]
)
def test_round_steps(value: float, nice: float) -> None:
    assert nm.nice_ceiling(value) == pytest.approx(nice)


def test_the_gap_map_fills_each_area_by_its_class(demo) -> None:
    result = p.project(demo, "primaria", horizon=2030, target=1.0)
    parts = nm.gap_map(result, "es", source="demo", demo=True, areas=shapes(demo, "territorio"))
    html = parts.standalone().get_root().render()
    gaps = result.areas[p.GAP].to_numpy(dtype=float)
    expected = [nm.GAP_COLORS[k] for k in nm.gap_classes(gaps, nm.gap_bounds(gaps))]
    assert FILL.findall(html) == expected
    # the map's texts travel JSON-escaped (\u2212 is the minus sign)
    assert "Cupos: necesarios \\u2212 ofrecidos, Primaria (6-10 a\\u00f1os), 2030" in html
    assert "https://" not in html.split("<body>")[1].split("attribution")[0]


def test_the_access_map_in_english_escapes_names(demo) -> None:
    from dataclasses import replace

    barrios = demo.barrios.copy()
    barrios.loc[0, "nombre"] = "<b>Barrio</b>"
    dataset = replace(demo, id="escaped", barrios=barrios)
    parts = nm.access_map(a.access(dataset, "media"), "en", source="demo", demo=True)
    html = parts.standalone().get_root().render()
    assert "<b>Barrio" not in html and "\\u0026lt;b\\u0026gt;Barrio" in html
    assert "Straight-line distance to the nearest school with Upper secondary" in html
    assert len(FILL.findall(html)) == len(barrios)
    json.dumps(nm.DISTANCE_BOUNDS_M[:-1])  # finite bounds are plain numbers
