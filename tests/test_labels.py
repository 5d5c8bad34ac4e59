"""Names on the map: their places, the rule that picks which to show, the URL key, the map's
layer and the exports that draw them."""

from __future__ import annotations

import io
import itertools
import json
import random
from dataclasses import replace

import numpy as np
import pytest
import shapely
from PIL import Image, ImageChops
from shapely.geometry import Point, box

import geo.render.labels as labels_module
from geo.analysis.choropleth import compute
from geo.export import export
from geo.model.view import QUERY_KEYS, View
from geo.render.display import map_geometry
from geo.render.labels import forms, label_places, layout, place, short_name
from geo.render.maps import _script_json, choropleth_map, label_items

LEVELS = ("territorio", "barrio", "nucleo")


@pytest.mark.parametrize("level", LEVELS)
def test_every_label_is_inside_its_area_as_drawn(demo, level: str) -> None:
    drawn = map_geometry(demo, level)
    places = label_places(demo, level)
    assert places.codes == drawn.codes
    for code, shape in zip(drawn.codes, drawn.geometry, strict=True):
        lon, lat, radius_m, size = places.of(code)
        point = Point(lon, lat)
        assert shape.contains(point), code
        # the radius is the distance to the nearest edge (metres; 1 % and 5 m of slack)
        edge_m = shape.boundary.distance(point) * 111_320.0
        assert radius_m > 0 and size > 0
        assert abs(edge_m - radius_m) <= 0.01 * radius_m + 5 + 0.01 * edge_m, code


def test_the_label_goes_in_the_widest_part_not_the_centroid() -> None:
    # a dumbbell: a small square, a thin corridor, a large square; the name in the large one
    shape = shapely.union_all(
        [box(0, 0, 0.02, 0.02), box(0.02, 0.009, 0.1, 0.011), box(0.1, 0, 0.13, 0.03)]
    )
    places = place([shape, None], ["a", "b"])
    lon, lat, radius_m, _ = places.of("a")
    assert lon == pytest.approx(0.115, abs=0.001) and lat == pytest.approx(0.015, abs=0.001)
    assert radius_m == pytest.approx(0.015 * 111_320, rel=0.02)
    assert not shapely.contains(box(0.1, 0, 0.13, 0.03), shape.centroid)
    assert places.of("b") is None and places.of("zz") is None


@pytest.mark.parametrize("level", LEVELS)
def test_places_are_worked_out_once_per_dataset_and_level(demo, level, monkeypatch) -> None:
    fresh = replace(demo)  # same data, its own cache
    calls = []
    original = labels_module.place

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(labels_module, "place", counting)
    first = label_places(fresh, level)
    assert label_places(fresh, level) is first
    assert len(calls) == 1


def test_forms_and_short_names() -> None:
    assert forms("San Antonio de Prado", "80") == [
        ("San Antonio de Prado", False),
        ("San Antonio\nde Prado", False),
        ("80", True),
    ]
    assert forms("Popular", "1") == [("Popular", False), ("1", True)]
    assert short_name("01", "territorio") == "1" and short_name("0101", "barrio") == ""
    assert short_name("ABC", "territorio") == ""


def _measure(text: str, short: bool) -> tuple[float, float]:
    lines = text.split("\n")
    return 7.0 * max(map(len, lines)), 13.0 * len(lines)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_layout_never_overlaps_and_keeps_names_inside_their_circles() -> None:
    rng = random.Random(15)
    for _ in range(30):
        labels = [
            (
                rng.uniform(0, 400),
                rng.uniform(0, 300),
                rng.uniform(3, 60),
                forms(f"Barrio {rng.randint(1, 999)} demo", str(rng.randint(1, 99))),
            )
            for _ in range(60)
        ]
        placed = layout(labels, _measure, obstacles=[(300, 0, 400, 80)])
        assert placed
        for a, b in itertools.combinations(placed, 2):
            assert not _overlap(a.box, b.box), (a, b)
        for label in placed:
            assert not _overlap(label.box, (300, 0, 400, 80))
            x, y, radius, _ = labels[label.index]
            width, height = _measure(label.text, label.short)
            reach = height / 2 if label.short else np.hypot(width, height) / 2
            assert np.hypot(label.x - x, label.y - y) + reach <= radius + 1e-6


def test_layout_prefers_showing_every_name_then_the_longest_form() -> None:
    # two neighbours: both full names would overlap; both numbers fit, one name grows
    labels = [
        (100, 100, 36, forms("Aaaaaaaaaa", "1")),
        (150, 100, 36, forms("Bbbbbbbbbb", "2")),
    ]
    placed = layout(labels, _measure, gap=1)
    assert len(placed) == 2
    texts = {label.text for label in placed}
    assert "Aaaaaaaaaa" in texts and "2" in texts
    # no room at all: hidden
    assert layout([(0, 0, 2, forms("Cc", ""))], _measure) == []


def test_the_view_keeps_the_toggle_in_the_url() -> None:
    assert View().labels is True
    assert QUERY_KEYS["labels"] not in View(year=2024).to_query()
    query = View(year=2024, labels=False).to_query()
    assert query[QUERY_KEYS["labels"]] == "0"
    view, fallbacks = View.from_query(query, [2024])
    assert view.labels is False and not fallbacks
    view, _ = View.from_query({"labels": "1"}, [2024])
    assert view.labels is True


def test_names_in_the_map_are_data_never_markup(demo) -> None:
    assert "<" not in _script_json(["</script><b>x</b>", "a & b"])
    assert json.loads(_script_json(["</script>", "Belén\u2028"])) == ["</script>", "Belén\u2028"]
    choropleth = compute(demo, View(year=2024))
    areas = choropleth.areas.copy()
    areas.loc[areas.index[0], "nombre"] = "</script><img src=x onerror=alert(1)>"
    items = label_items(areas, demo, "territorio")
    assert len(items) == 21
    assert items[0][3] == "Santa Elena"  # the largest area first
    page = choropleth_map(replace(choropleth, areas=areas), demo, "es").standalone()
    page = page.get_root().render()
    assert "\\u003c/script\\u003e\\u003cimg src=x" in page
    assert "<img src=x" not in page
    assert "m.span.textContent = pick.form.text" in page  # set as text, never as HTML


@pytest.mark.parametrize("on", [True, False])
def test_the_map_layer_has_the_names_only_when_asked(demo, on: bool) -> None:
    choropleth = compute(demo, View(year=2024, labels=on))
    page = choropleth_map(choropleth, demo, "es").standalone().get_root().render()
    assert ("atlas-label" in page) is on
    assert ("AtlasLabels" in page or '"San Antonio de Prado","80"' in page) is on


def test_exports_draw_the_names_when_the_view_has_them(demo) -> None:
    on = compute(demo, View(year=2024, labels=True))
    off = compute(demo, View(year=2024, labels=False))
    png_on = Image.open(io.BytesIO(export(on, demo, "png", "es")))
    png_off = Image.open(io.BytesIO(export(off, demo, "png", "es")))
    assert png_on.size == png_off.size
    assert ImageChops.difference(png_on.convert("RGB"), png_off.convert("RGB")).getbbox()
    html_on = export(on, demo, "html", "es").decode()
    html_off = export(off, demo, "html", "es").decode()
    names = list(on.areas["nombre"])
    assert len(names) == 21
    for name in names:
        assert json.dumps(name, ensure_ascii=False) in html_on, name
    assert "atlas-label" in html_on and "atlas-label" not in html_off
