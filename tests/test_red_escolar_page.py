"""AppTest of the Red escolar page (issue 18): the gap map, the access map, the link."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from geo.analysis import access as a
from geo.analysis import projection as p
from geo.render.networkmaps import (
    DISTANCE_BOUNDS_M,
    DISTANCE_COLORS,
    GAP_COLORS,
    gap_bounds,
    gap_classes,
    upper_classes,
)

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FILL = re.compile(r'"fill":\s?"(#[0-9a-f]{6})"')


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/red_escolar.py").run()
    assert not at.exception, at.exception
    return at


def _fills(at: AppTest) -> Counter:
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    return Counter(FILL.findall(args["feature_group"]))


def expected_gap_fills(demo, level: str, target: float | None) -> Counter:
    areas = p.project(demo, level, horizon=2030, target=target).areas
    gaps = areas[p.GAP].to_numpy(dtype=float)
    return Counter(GAP_COLORS[k] for k in gap_classes(gaps, gap_bounds(gaps)))


def expected_access_fills(demo, level: str) -> Counter:
    values = a.access(demo, level).barrios[a.DISTANCE].to_numpy(dtype=float)
    return Counter(DISTANCE_COLORS[k] for k in upper_classes(values, DISTANCE_BOUNDS_M))


def test_the_gap_map_by_default_and_the_access_map_from_the_link(demo) -> None:
    at = _page(red_nivel="secundaria", red_meta="1")
    assert at.title[0].value == "Red escolar"
    assert _fills(at) == expected_gap_fills(demo, "secundaria", 1.0)
    assert at.query_params["red_h"] == "2030"
    at = _page(red_nivel="media", red_mapa="access", lang="en")
    assert _fills(at) == expected_access_fills(demo, "media")
    assert "straight-line" in "".join(m.value for m in at.markdown)


def test_choosing_the_access_map_writes_it_in_the_link() -> None:
    at = _page()
    at.radio(key="url_red_mapa_es").set_value("access").run()
    assert not at.exception
    assert at.query_params["red_mapa"] == "access"
    at.number_input(key="url_red_red_umbral_u_es").set_value(500).run()
    assert at.query_params["red_umbral_u"] == "500"


@pytest.mark.parametrize("chosen", ["catchments"])
def test_catchments_open(chosen: str) -> None:
    at = _page(red_mapa=chosen, red_nivel="media")
    assert sum(_fills(at).values()) > 100
    assert np.isfinite(len(at.dataframe))
