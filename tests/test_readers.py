"""Readers on small hand-made files: codes stay text, CRSs are undone, failures are clear.

The readers module has no ``read_boundaries``/``read_sites``/``read_site_years``: layers are
read by ``read_vector``, tables by ``read_table``, and ``geo.io.ingest.load`` turns them into
territories, sites and yearly facts. Both levels are tested here.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box, mapping

from geo.errors import DataError
from geo.io.ingest import Inputs, load
from geo.io.readers import choose_zip_member, read_table, read_vector, to_numbers
from geo.model import schema as s

WEST = box(-75.60, 6.20, -75.55, 6.25)
EAST = box(-75.55, 6.20, -75.50, 6.25)


def write_boundaries(path: Path, properties: list[dict]) -> Path:
    """A GeoJSON FeatureCollection of the two squares with the given properties."""
    features = [
        {"type": "Feature", "properties": props, "geometry": mapping(geometry)}
        for props, geometry in zip(properties, (WEST, EAST), strict=True)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def two_comunas(tmp_path: Path) -> Path:
    return write_boundaries(
        tmp_path / "comunas.geojson",
        [{"codigo": "01", "nombre": "Popular"}, {"codigo": "02", "nombre": "Santa Cruz"}],
    )


SITES = (
    "codigo_dane,nombre,sector,codigo_comuna,latitud,longitud\n"
    "005001000123,Uno,Oficial,01,6.22,-75.58\n"
    "005001000124,Dos,No oficial,02,6.22,-75.52\n"
)
SITE_YEARS = (
    "codigo_dane,anio,matricula,desertores,sin_internet\n"
    "005001000123,2024,100,5,\n"
    "005001000124,2024,200,4,0\n"
)


# --- boundaries --------------------------------------------------------------------------


def test_boundary_codes_stay_text(tmp_path: Path) -> None:
    read = read_vector(two_comunas(tmp_path))
    assert read.frame["codigo"].tolist() == ["01", "02"]
    assert read.frame.crs == "EPSG:4326"


def test_numeric_boundary_codes_are_padded_when_loaded(tmp_path: Path) -> None:
    """A layer that stores 1 and 2 as numbers still yields '01' and '02'."""
    path = write_boundaries(
        tmp_path / "numeros.geojson",
        [{"codigo": 1, "nombre": "Popular"}, {"codigo": 2, "nombre": "Santa Cruz"}],
    )
    dataset, _ = load(Inputs(boundaries=path, schools=write(tmp_path / "s.csv", SITES)))
    assert dataset.territories[s.CODE].tolist() == ["01", "02"]


def test_geopackage_in_magna_sirgas_is_reprojected_to_wgs84(tmp_path: Path) -> None:
    original = gpd.GeoDataFrame(
        {"codigo": ["01", "02"], "nombre": ["Popular", "Santa Cruz"]},
        geometry=[WEST, EAST],
        crs=s.CRS_WGS84,
    )
    path = tmp_path / "comunas.gpkg"
    original.to_crs(9377).to_file(path, driver="GPKG")
    read = read_vector(path)
    assert read.format == "gpkg"
    assert read.crs.used == "EPSG:9377"
    assert read.frame.crs == "EPSG:4326"
    assert read.frame["codigo"].tolist() == ["01", "02"]
    assert tuple(read.frame.total_bounds) == pytest.approx(original.total_bounds, abs=1e-6)
    for got, expected in zip(read.frame.geometry, original.geometry, strict=True):
        assert got.symmetric_difference(expected).area < 1e-6 * expected.area


def test_a_zip_layer_is_chosen_as_the_official_download_chooses_it(tmp_path: Path) -> None:
    """One choice for uploads and ``geo fetch``: a ``.json`` beside the layer is metadata, and
    macOS's resource forks are never layers, however shallow."""
    layer = two_comunas(tmp_path).read_bytes()
    path = tmp_path / "descarga.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("._comunas.geojson", b"\x00\x05\x16\x07")
        archive.writestr("metadatos.json", b'{"not": "a layer"}')
        archive.writestr("datos/comunas.geojson", layer)
    assert choose_zip_member(zipfile.ZipFile(path).namelist()) == "datos/comunas.geojson"
    assert list(read_vector(path).frame["codigo"]) == ["01", "02"]
    assert choose_zip_member(["a/b.shp", "c.geojson"], (".geojson", ".json")) == "c.geojson"
    assert choose_zip_member(["leeme.txt"]) is None


def test_missing_code_column_names_the_file_and_the_columns_found(tmp_path: Path) -> None:
    path = write_boundaries(
        tmp_path / "sin_codigo.geojson",
        # Nothing plausible: repeated values are neither codes nor names (unique 1 and 2
        # would now be read as comunas 01 and 02, see tests/test_columns.py).
        [{"foo": "x", "bar": 1.5}, {"foo": "x", "bar": 1.5}],
    )
    with pytest.raises(DataError) as caught:
        load(Inputs(boundaries=path))
    message = caught.value.message("en")
    assert "sin_codigo.geojson" in message
    assert "columns found: foo, bar" in message
    assert "columnas encontradas: foo, bar" in str(caught.value)
    assert caught.value.where == "sin_codigo.geojson"


@pytest.mark.filterwarnings("ignore:GPKG:RuntimeWarning")  # GDAL's note on the bad header
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("basura.geojson", b"\x00\x01\x02garbage\xff\xfe\x80"),
        ("roto.geojson", b'{"type": "FeatureCollection", "features": [ {oops'),
        ("roto.gpkg", b"SQLite format 3\x00" + b"\x13" * 500),
        ("roto.zip", b"PK\x03\x04garbage"),
    ],
)
def test_unreadable_layer_raises_data_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        read_vector(path)
    assert str(caught.value).startswith(f"{name}: ")
    assert caught.value.fix.render("es")  # says what to do


def test_unreadable_boundaries_fail_the_load_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "limites.geojson"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not a layer")
    with pytest.raises(DataError, match=r"^limites\.geojson: "):
        load(Inputs(boundaries=path))


# --- sites and yearly counts -------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_site_codes_keep_their_leading_zeros(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "sedes.csv", SITES))
    assert table.frame[s.SITE_CODE].tolist() == ["005001000123", "005001000124"]
    assert table.frame["codigo_comuna"].tolist() == ["01", "02"]


def test_loaded_sites_keep_text_codes_and_their_territory(tmp_path: Path) -> None:
    dataset, report = load(
        Inputs(boundaries=two_comunas(tmp_path), schools=write(tmp_path / "sedes.csv", SITES))
    )
    assert dataset.sites[s.SITE_CODE].tolist() == ["005001000123", "005001000124"]
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]
    assert report.problems == []


def test_missing_counts_stay_missing_not_zero(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "indicadores.csv", SITE_YEARS))
    assert table.frame["sin_internet"].isna().tolist() == [True, False]
    numbers, bad = to_numbers(table.frame["sin_internet"])
    assert numbers.isna().tolist() == [True, False]
    assert not bad.any()


def test_loaded_site_years_keep_missing_counts_as_na(tmp_path: Path) -> None:
    dataset, _ = load(
        Inputs(
            boundaries=two_comunas(tmp_path),
            schools=write(tmp_path / "sedes.csv", SITES),
            indicators=write(tmp_path / "indicadores.csv", SITE_YEARS),
        )
    )
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert facts.loc["005001000123", s.NO_INTERNET] is pd.NA
    assert facts.loc["005001000124", s.NO_INTERNET] == 0
    assert facts.loc["005001000123", s.DROPOUTS] == 5
    assert facts.loc["005001000124", s.ENROLLED] == 200


def test_utf16_big_endian_without_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "be.csv"
    path.write_bytes(SITES.encode("utf-16-be"))
    assert read_table(path).frame["codigo_dane"].tolist() == ["005001000123", "005001000124"]


def test_infinite_numbers_are_reported_as_not_numbers() -> None:
    numbers, bad = to_numbers(pd.Series(["1", "inf", "-Infinity", ""], dtype="string"))
    assert numbers.iloc[0] == 1 and numbers.iloc[1:].isna().all()
    assert bad.tolist() == [False, True, True, False]
