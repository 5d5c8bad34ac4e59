"""Point in polygon: inside, outside, and exactly on a shared border."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.io.ingest.locate import locate
from geo.model import schema as s

# Two unit squares sharing the edge x = 1.
A = box(0, 0, 1, 1)
B = box(1, 0, 2, 1)


def areas(order: tuple[str, ...] = ("A", "B")) -> gpd.GeoDataFrame:
    shapes = {"A": A, "B": B}
    return gpd.GeoDataFrame(
        {s.CODE: list(order)}, geometry=[shapes[c] for c in order], crs=s.CRS_WGS84
    )


def sites(crs: str = s.CRS_WGS84) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {s.SITE_CODE: ["in_a", "in_b", "outside", "border"]},
        geometry=[Point(0.5, 0.5), Point(1.5, 0.5), Point(3, 3), Point(1, 0.5)],
        crs=crs,
    )


@pytest.mark.parametrize("order", [("A", "B"), ("B", "A")])
def test_sites_get_their_area_and_the_border_goes_to_the_smaller_code(
    order: tuple[str, ...],
) -> None:
    located = locate(sites(), areas(order), s.TERRITORY)
    result = dict(zip(located[s.SITE_CODE], located[s.TERRITORY], strict=True))
    assert result["in_a"] == "A"
    assert result["in_b"] == "B"
    assert result["border"] == "A"
    assert result["outside"] is pd.NA


def test_located_keeps_every_site_in_order_and_does_not_mutate_the_input() -> None:
    original = sites()
    located = locate(original, areas(("B", "A")), "zona_x")
    assert located[s.SITE_CODE].tolist() == original[s.SITE_CODE].tolist()
    assert located["zona_x"].tolist()[:2] == ["A", "B"]
    assert "zona_x" not in original


def test_crs_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="reproject"):
        locate(sites(crs="EPSG:3857"), areas(), s.TERRITORY)
