"""Formats other publishers use: KML/KMZ, GeoJSON with a BOM, GeoJSON Lines, FlatGeobuf,
GeoPackages with several layers, and coordinates that are not numbers (NaN, Inf).

Each fixture is built from the demo's 21 territories, so a format read right gives 21.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from geo.errors import DataError
from geo.io.ingest import Inputs, load
from geo.io.readers import candidate_layers, read_table, read_vector, sniff_format
from geo.model import schema as s

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "data" / "demo" / "territorios.geojson"


@pytest.fixture(scope="module")
def territories() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO)


def _placemark(name: str, description: str, geometry) -> str:
    rings = [geometry.exterior] if geometry.geom_type == "Polygon" else []
    if geometry.geom_type == "MultiPolygon":
        rings = [geometry.geoms[0].exterior]
    coordinates = " ".join(f"{x},{y},0" for x, y in rings[0].coords)
    return (
        f"<Placemark><name>{escape(name)}</name>"
        f"<description>{escape(description)}</description><styleUrl>#poly-000000</styleUrl>"
        "<Polygon><outerBoundaryIs><LinearRing><tessellate>1</tessellate>"
        f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
        "</Placemark>"
    )


def my_maps_kml(frame: gpd.GeoDataFrame) -> bytes:
    """A Google My Maps export: styles, then the comunas and corregimientos in two Folders."""
    urban = frame[frame["codigo"].astype(int) < 50]
    rural = frame[frame["codigo"].astype(int) >= 50]

    def folder(title: str, rows: gpd.GeoDataFrame) -> str:
        marks = "".join(
            _placemark(f"Comuna {int(r.codigo)} - {r.nombre}", f"Código {r.codigo}", r.geometry)
            for r in rows.itertuples()
        )
        return f"<Folder><name>{title}</name>{marks}</Folder>"

    style = (
        '<Style id="poly-000000"><LineStyle><color>ff000000</color><width>1.2</width>'
        "</LineStyle><PolyStyle><color>4c000000</color></PolyStyle></Style>"
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Comunas</name>'
        f"{style}{folder('Comunas', urban)}{folder('Corregimientos', rural)}</Document></kml>"
    )
    return "\ufeff".encode() + text.encode()


def test_a_my_maps_kml_is_read_across_its_folders(tmp_path, territories) -> None:
    path = tmp_path / "comunas_mymaps.kml"
    path.write_bytes(my_maps_kml(territories))
    assert sniff_format(path) == "kml"
    read = read_vector(path)
    assert len(read.frame) == 21
    assert "Name" in read.frame.columns
    assert "Comuna 9 - Buenos Aires" in set(read.frame["Name"])
    assert not {"timestamp", "begin", "tessellate", "icon"} & set(read.frame.columns)


def test_a_kmz_is_read_from_its_doc_kml(tmp_path, territories) -> None:
    path = tmp_path / "comunas.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", my_maps_kml(territories))
        archive.writestr("images/icon.png", b"\x89PNG")
    assert sniff_format(path) == "kmz"
    read = read_vector(path)
    assert len(read.frame) == 21 and read.format == "kmz"


def test_geojson_with_a_bom_is_a_layer(tmp_path) -> None:
    path = tmp_path / "bom.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + DEMO.read_bytes())
    assert len(load(Inputs(boundaries=path))[0].territories) == 21


@pytest.mark.parametrize("separator", [b"", b"\x1e"])
def test_geojson_lines_are_read(tmp_path, territories, separator) -> None:
    plain = tmp_path / "plain.geojsonl"
    territories.to_file(plain, driver="GeoJSONSeq")
    path = tmp_path / "comunas.geojsonl"
    path.write_bytes(
        b"".join(separator + line + b"\n" for line in plain.read_bytes().split(b"\n") if line)
    )
    assert sniff_format(path) == "geojsonseq"
    assert len(load(Inputs(boundaries=path))[0].territories) == 21


def test_flatgeobuf_is_read(tmp_path, territories) -> None:
    path = tmp_path / "comunas.fgb"
    territories.to_file(path, driver="FlatGeobuf")
    assert sniff_format(path) == "fgb"
    assert len(load(Inputs(boundaries=path))[0].territories) == 21


def _three_layers(path: Path, territories: gpd.GeoDataFrame) -> Path:
    """A point layer first (what GDAL would read by default), then polygons, then a table."""
    points = gpd.GeoDataFrame(
        {"codigo_dane": ["005001000001", "005001000002"], "nombre": ["Uno", "Dos"]},
        geometry=[Point(-75.57, 6.25), Point(-75.56, 6.23)],
        crs=4326,
    )
    points.to_file(path, layer="sedes", driver="GPKG")
    territories.to_file(path, layer="comunas", driver="GPKG")
    import pyogrio

    pyogrio.write_dataframe(
        territories.drop(columns="geometry").assign(poblacion=1), path, layer="poblacion"
    )
    return path


def test_a_geopackage_gives_its_polygon_layer_for_boundaries(tmp_path, territories) -> None:
    path = _three_layers(tmp_path / "medellin.gpkg", territories)
    assert candidate_layers(path, "boundaries") == ["comunas"]
    dataset, report = load(Inputs(boundaries=path, schools=path))
    assert len(dataset.territories) == 21
    assert sorted(dataset.sites[s.SITE_CODE]) == ["005001000001", "005001000002"]
    notes = {read.role: " ".join(read.notes_in("es")) for read in report.files}
    assert "«comunas» (21 polígonos) de 3 capas" in notes["boundaries"]
    assert "«sedes»" in notes["schools"]


def test_a_layer_can_be_named(tmp_path, territories) -> None:
    path = _three_layers(tmp_path / "medellin.gpkg", territories)
    other = territories.iloc[:5]
    other.to_file(path, layer="algunas", driver="GPKG")
    assert candidate_layers(path, "boundaries") == ["comunas", "algunas"]
    assert len(load(Inputs(boundaries=path))[0].territories) == 21  # most features
    chosen = load(Inputs(boundaries=path, layers={"boundaries": "algunas"}))[0]
    assert len(chosen.territories) == 5
    with pytest.raises(DataError) as raised:
        read_vector(path, layer="barrios")
    assert "comunas" in raised.value.message("en") and "medellin.gpkg" in str(raised.value)


def test_the_command_line_takes_a_layer(tmp_path, territories) -> None:
    path = _three_layers(tmp_path / "medellin.gpkg", territories)
    territories.iloc[:5].to_file(path, layer="algunas", driver="GPKG")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "report", "--boundaries", str(path), "--layer", "algunas"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "«algunas»" in done.stdout


def _with_nan(geometry):
    coords = shapely.get_coordinates(geometry)
    coords[1] = [np.nan, coords[1][1]]
    return shapely.set_coordinates(geometry, coords)


@pytest.mark.parametrize("driver,suffix", [("GPKG", ".gpkg"), ("FlatGeobuf", ".fgb")])
def test_a_polygon_with_nan_coordinates_is_reported_and_left_out(
    tmp_path, territories, driver, suffix
) -> None:
    frame = territories.copy()
    frame.loc[8, "geometry"] = _with_nan(frame.geometry.iloc[8])
    path = tmp_path / f"comunas{suffix}"
    frame.to_file(path, driver=driver)
    dataset, report = load(Inputs(boundaries=path))
    assert len(dataset.territories) == 20 and "09" not in set(dataset.territories[s.CODE])
    found = [(p.kind, p.code) for p in report.problems if p.file == path.name]
    assert found == [("geometry_not_finite", "09")]  # FlatGeobuf reorders: by code, not row


def test_a_school_point_at_infinity_is_reported_and_left_out(tmp_path) -> None:
    sites = gpd.GeoDataFrame(
        {"codigo_dane": ["005001000001", "005001000002"]},
        geometry=[Point(-75.57, 6.25), Point(np.inf, 6.23)],
        crs=4326,
    )
    path = tmp_path / "sedes.gpkg"
    sites.to_file(path)
    table = read_table(path)
    assert list(table.not_finite) == [2]
    dataset, report = load(Inputs(schools=path))
    assert list(dataset.sites[s.SITE_CODE]) == ["005001000001"]
    assert ("geometry_not_finite", 2) in [(p.kind, p.row) for p in report.problems]


def test_a_shapefile_without_prj_is_inferred(tmp_path, territories) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    territories.to_crs(9377).to_file(folder / "comunas.shp")  # as GeoMedellín publishes
    path = tmp_path / "comunas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in folder.iterdir():
            if part.suffix != ".prj":
                archive.write(part, part.name)
    dataset, report = load(Inputs(boundaries=path))
    assert len(dataset.territories) == 21
    assert [p.kind for p in report.problems if p.file == path.name] == ["crs_assumed"]
    assert report.files[0].used_crs == "EPSG:9377"


def test_layer_options_name_the_boundaries_layer_or_a_role() -> None:
    from geo.cli._inputs import layers as _layers

    assert _layers(["comunas", "schools=sedes"]) == {"boundaries": "comunas", "schools": "sedes"}
    assert _layers(["barrios=barrios_2024"]) == {"barrios": "barrios_2024"}


def test_a_kml_saved_with_another_extension_is_still_a_kml(tmp_path, territories) -> None:
    path = tmp_path / "comunas.xml"
    path.write_bytes(my_maps_kml(territories))
    assert sniff_format(path) == "kml"
    assert len(read_vector(path).frame) == 21


def test_a_non_kml_xml_file_is_refused_in_both_languages(tmp_path) -> None:
    path = tmp_path / "capa.gml"
    path.write_text('<?xml version="1.0"?><FeatureCollection></FeatureCollection>')
    with pytest.raises(DataError) as raised:
        read_vector(path)
    assert "capa.gml" in raised.value.message("en") and raised.value.fix.render("es")


@pytest.mark.parametrize("name", ["comunas.bin", "lineas.txt"])
def test_flatgeobuf_and_geojson_lines_with_another_extension(tmp_path, territories, name) -> None:
    written = tmp_path / ("x.fgb" if name.endswith(".bin") else "x.geojsonl")
    territories.to_file(written, driver="FlatGeobuf" if name.endswith(".bin") else "GeoJSONSeq")
    path = tmp_path / name
    written.rename(path)
    assert len(read_vector(path).frame) == 21


def test_a_layer_whose_every_geometry_is_not_finite_is_refused(tmp_path, territories) -> None:
    frame = territories.iloc[:2].copy()
    frame["geometry"] = [_with_nan(g) for g in frame.geometry]
    path = tmp_path / "todas_nan.gpkg"
    frame.to_file(path)
    with pytest.raises(DataError) as raised:
        load(Inputs(boundaries=path))
    assert "NaN" in raised.value.message("es") and "NaN" in raised.value.message("en")
