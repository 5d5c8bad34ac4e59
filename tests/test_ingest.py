"""Real data in: every reader and matcher on small hand-made files, written by the tests."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.errors import DataError
from geo.io.ingest import Inputs, load
from geo.model import schema as s

# Two territories side by side near Medellín, '01' west and '02' east (lon, lat).
WEST = box(-75.60, 6.20, -75.55, 6.25)
EAST = box(-75.55, 6.20, -75.50, 6.25)


def territories(crs: int = 4326) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"COMUNA": ["01", "02"], "NOMBRE": ["POPULAR", "SANTA CRUZ"]},
        geometry=[WEST, EAST],
        crs=4326,
    )
    return frame.to_crs(crs)


def write_geojson(frame: gpd.GeoDataFrame, path: Path, declare: str | None = None) -> Path:
    collection = json.loads(frame.to_json(drop_id=True))
    collection.pop("crs", None)
    if declare:
        collection["crs"] = {"type": "name", "properties": {"name": declare}}
    path.write_text(json.dumps(collection))
    return path


def write_sites(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


SITES_CSV = (
    "codigo_dane,nombre,sector,codigo_comuna,latitud,longitud,anio,matricula,desertores\n"
    "005001000001,Uno,Oficial,01,6.22,-75.58,2024,100,5\n"
    "005001000002,Dos,No Oficial,02,6.22,-75.52,2024,200,4\n"
)


def kinds(report) -> dict[str, int]:
    return report.counts()


def test_geojson_in_degrees_with_plain_csv(tmp_path: Path) -> None:
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    assert dataset.territories[s.CODE].tolist() == ["01", "02"]
    assert dataset.territories[s.NAME].tolist() == ["Popular", "Santa Cruz"]  # official names
    assert dataset.sites[s.SITE_CODE].tolist() == ["005001000001", "005001000002"]
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]
    assert dataset.sites[s.SECTOR].tolist() == ["Oficial", "No oficial"]
    assert report.problems == []
    assert not dataset.is_demo  # nothing came from the demo... except nothing: no barrios


def test_geojson_in_magna_sirgas_without_crs_member(tmp_path: Path) -> None:
    boundaries = write_geojson(territories(9377), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    assert kinds(report) == {"crs_assumed": 1}
    assert report.files[0].used_crs == "EPSG:9377"
    assert dataset.territories.total_bounds == pytest.approx(WEST.union(EAST).bounds, abs=1e-6)


def test_declared_crs_contradicting_degrees_is_handled(tmp_path: Path) -> None:
    boundaries = write_geojson(territories(), tmp_path / "t.geojson", declare="EPSG:9377")
    dataset, report = load(
        Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    assert kinds(report) == {"crs_contradiction": 1}
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]


@pytest.mark.parametrize("epsg", [3116, 32618, 9377])
def test_zipped_shapefile_with_folders_in_any_declared_crs(tmp_path: Path, epsg: int) -> None:
    shapefile = tmp_path / "capa" / "comunas.shp"
    shapefile.parent.mkdir()
    territories(epsg).to_file(shapefile)
    archive = tmp_path / "comunas.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in shapefile.parent.iterdir():
            zipped.write(member, f"entrega/2024/{member.name}")
    dataset, report = load(
        Inputs(boundaries=archive, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    assert report.files[0].declared_crs == f"EPSG:{epsg}"
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]


def test_zipped_shapefile_missing_dbf_is_refused_clearly(tmp_path: Path) -> None:
    shapefile = tmp_path / "capa" / "comunas.shp"
    shapefile.parent.mkdir()
    territories().to_file(shapefile)
    archive = tmp_path / "comunas.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in shapefile.parent.iterdir():
            if member.suffix != ".dbf":
                zipped.write(member, member.name)
    with pytest.raises(DataError, match=r"comunas\.zip.*\.dbf"):
        load(Inputs(boundaries=archive))


def test_geopackage_boundaries(tmp_path: Path) -> None:
    package = tmp_path / "t.gpkg"
    territories(3116).to_file(package, driver="GPKG")
    dataset, _ = load(
        Inputs(boundaries=package, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]


def test_invalid_geometry_is_repaired_and_reported(tmp_path: Path) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[-75.6, 6.2], [-75.55, 6.25], [-75.55, 6.2], [-75.6, 6.25], [-75.6, 6.2]]],
    }
    collection = json.loads(territories().to_json(drop_id=True))
    collection["features"][0]["geometry"] = bowtie
    path = tmp_path / "t.geojson"
    path.write_text(json.dumps(collection))
    dataset, report = load(
        Inputs(boundaries=path, schools=write_sites(tmp_path / "s.csv", SITES_CSV))
    )
    (problem,) = [p for p in report.problems if p.kind == "geometry_repaired"]
    assert (problem.row, problem.code) == (1, "01")
    assert dataset.territories.geometry.is_valid.all()


def test_spanish_excel_csv_latin1_semicolon_decimal_comma(tmp_path: Path) -> None:
    text = (
        "Código DANE;Nombre Sede;Sector;Latitud;Longitud;Año;Matrícula;Desertores\n"
        "005001000001;Institución Uno;OFICIAL;6,22;-75,58;2024;1.100;5\n"
        "005001000002;Colegio Dos;No oficial;6,22;-75,52;2024;200;4\n"
    )
    schools = write_sites(tmp_path / "s.csv", text, encoding="cp1252")
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(Inputs(boundaries=boundaries, schools=schools))
    assert dataset.sites[s.SITE_NAME].tolist() == ["Institución Uno", "Colegio Dos"]
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert facts.loc["005001000001", s.ENROLLED] == 1100  # thousands separator
    assert report.files[1].columns[s.ENROLLED] == "Matrícula"
    assert "punto y coma" in report.files[1].notes_in("es")[0]
    assert "semicolon" in report.files[1].notes_in("en")[0]


def test_utf8_bom_csv_and_swapped_coordinates(tmp_path: Path) -> None:
    text = (
        "codigo_dane,lat,lon\n"
        "005001000001,-75.58,6.22\n"  # swapped
        "005001000002,6.22,-75.52\n"
    )
    schools = write_sites(tmp_path / "s.csv", "\ufeff" + text)
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(Inputs(boundaries=boundaries, schools=schools))
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]
    (swapped,) = report.problems
    assert (swapped.kind, swapped.row, swapped.code) == ("swapped_coordinates", 1, "005001000001")


def test_xlsx_keeps_dane_codes_as_text(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "codigo_dane": ["005001000001", "005001000002"],
            "latitud": [6.22, 6.22],
            "longitud": [-75.58, -75.52],
            "anio": [2024, 2024],
            "matricula": [100, 200],
        }
    )
    path = tmp_path / "s.xlsx"
    with pd.ExcelWriter(path) as writer:
        table.to_excel(writer, sheet_name="sedes", index=False)
        pd.DataFrame({"nota": ["otra hoja"]}).to_excel(writer, sheet_name="notas", index=False)
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(Inputs(boundaries=boundaries, schools=path))
    assert dataset.sites[s.SITE_CODE].tolist() == ["005001000001", "005001000002"]
    assert any("hojas" in note for note in report.files[1].notes_in("es"))
    assert any("sheets" in note for note in report.files[1].notes_in("en"))


def test_projected_xy_columns(tmp_path: Path) -> None:
    points = gpd.GeoSeries(gpd.points_from_xy([-75.58, -75.52], [6.22, 6.22]), crs=4326).to_crs(
        9377
    )
    text = "codigo_dane,x_origen_nacional,y_origen_nacional\n" + "".join(
        f"00500100000{i + 1},{p.x},{p.y}\n" for i, p in enumerate(points)
    )
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, _ = load(Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", text)))
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]


def test_sites_without_coordinates_are_located_by_comuna_name(tmp_path: Path) -> None:
    text = "codigo_dane,comuna\n005001000001,Comuna 1 - Popular\n005001000002,SANTA CRUZ\n"
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", text))
    )
    assert dataset.sites[s.TERRITORY].tolist() == ["01", "02"]
    assert kinds(report) == {"missing_coordinates": 2, "located_by_attribute": 2}


def test_problems_are_listed_and_good_rows_used(tmp_path: Path) -> None:
    text = (
        "codigo_dane,codigo_comuna,latitud,longitud,anio,matricula,desertores\n"
        "005001000001,02,6.22,-75.58,2024,100,5\n"  # declared 02, lies in 01
        "005001000002,02,6.22,-75.52,2024,-3,1\n"  # negative enrolment
        "005001000003,01,6.2205,-75.4996,2024,50,60\n"  # 44 m east of 02; dropouts > enrolment
        "005001000004,01,6.30,-75.40,2024,10,1\n"  # far outside
        "005001000005,01,,,2024,10,1\n"  # no coordinates: located by its comuna
        "005001000001,01,6.22,-75.58,2024,100,5\n"  # duplicate code and year
        "005001000006,01,6.22,-75.58,2024,abc,1\n"  # same point as 1; not a number
    )
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(boundaries=boundaries, schools=write_sites(tmp_path / "s.csv", text))
    )
    found = kinds(report)
    assert found == {
        "duplicate_code": 1,
        "duplicate_location": 2,
        "missing_coordinates": 1,
        "outside": 1,
        "assigned_by_tolerance": 1,
        "located_by_attribute": 1,
        "declared_mismatch": 2,  # row 1, and row 3 (declares 01, assigned to 02)
        "negative_count": 1,
        "dropouts_above_enrolment": 1,
        "invalid_number": 1,
    }
    located = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    assert located["005001000003"] == "02" and pd.isna(located["005001000004"])
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert pd.isna(facts.loc["005001000002", s.ENROLLED])
    assert pd.isna(facts.loc["005001000003", s.DROPOUTS])
    assert facts.loc["005001000003", s.ENROLLED] == 50  # the rest of the row is used
    csv = report.to_csv().decode("utf-8-sig")
    assert "Desertores mayores que la matrícula" in csv


def test_indicator_table_joined_by_dane_code(tmp_path: Path) -> None:
    sites = "codigo_dane,latitud,longitud\n005001000001,6.22,-75.58\n005001000002,6.22,-75.52\n"
    counts = (
        "codigo_dane;anio;matricula;sin_internet\n005001000001;2023;100;40\n999999999999;2023;5;1\n"
    )
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(
            boundaries=boundaries,
            schools=write_sites(tmp_path / "s.csv", sites),
            indicators=write_sites(tmp_path / "i.csv", counts),
        )
    )
    assert dataset.years == (2023,)
    assert kinds(report) == {"unmatched_site": 1}
    assert "no_internet" in dataset.available_indicators()


def test_territory_table_by_codes_without_zeros_and_by_names(tmp_path: Path) -> None:
    records = [("1", 10, 200), ("2", 5, 100), ("77", 1, 9)]
    by_code = json.dumps(
        {"porComuna": [{"comuna": c, "desertores": d, "matricula": m} for c, d, m in records]}
    )
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    indicators = tmp_path / "d.json"
    indicators.write_text(by_code)
    dataset, report = load(
        Inputs(
            boundaries=boundaries,
            schools=write_sites(tmp_path / "s.csv", SITES_CSV),
            indicators=indicators,
            year=2017,
        )
    )
    assert kinds(report) == {"unmatched_territory": 1}
    rows = dataset.facts[dataset.facts[s.SITE_CODE].isna()].set_index(s.TERRITORY)
    assert rows.loc["01", s.DROPOUTS] == 10 and rows.loc["02", s.ENROLLED] == 100
    assert set(rows[s.YEAR]) == {2017}

    population = tmp_path / "p.csv"
    population.write_text("nombre,total_2024,total_2025\nPopular,1000,1010\nSANTA CRUZ,900,905\n")
    dataset, report = load(
        Inputs(
            boundaries=boundaries,
            population=population,
            schools=write_sites(tmp_path / "s.csv", SITES_CSV),
        )
    )
    table = dataset.population.set_index([s.CODE, s.YEAR])[s.POPULATION]
    assert table[("02", 2025)] == 905
    assert report.problems == []


def test_unreadable_files_say_what_where_and_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match=r"vacio\.csv: está vacío"):
        load(Inputs(schools=empty))
    broken = tmp_path / "limites.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(DataError, match=r"limites\.geojson"):
        load(Inputs(boundaries=broken))
    no_code = tmp_path / "sedes.csv"
    no_code.write_text("nombre,lat,lon\nUno,6.2,-75.5\n")
    with pytest.raises(DataError, match=r"sedes\.csv: no tiene columna de código DANE.*--map"):
        load(Inputs(schools=no_code))


def test_mapping_overrides_detection(tmp_path: Path) -> None:
    text = "ID_SEDE,MAT,lat,lon,anio\n005001000001,100,6.22,-75.58,2024\n"
    boundaries = write_geojson(territories(), tmp_path / "t.geojson")
    dataset, report = load(
        Inputs(
            boundaries=boundaries,
            schools=write_sites(tmp_path / "s.csv", text),
            mapping={s.SITE_CODE: "ID_SEDE", s.ENROLLED: "MAT"},
        )
    )
    assert report.files[1].columns[s.SITE_CODE] == "ID_SEDE"
    assert dataset.facts[s.ENROLLED].tolist() == [100]


def test_schools_alone_are_checked_against_demo_territories(tmp_path: Path) -> None:
    dataset, _ = load(Inputs(schools=write_sites(tmp_path / "s.csv", SITES_CSV)))
    assert len(dataset.territories) == 21
    assert dataset.is_demo  # demo territories are on screen: the badge must show


DATA = Path(__file__).parent / "data"


def test_committed_fixtures_topojson_and_spanish_excel_csv() -> None:
    """Two tiny committed files: a TopoJSON layer and a CSV saved by Excel in Spanish."""
    dataset, report = load(
        Inputs(boundaries=DATA / "dos_comunas.topojson", schools=DATA / "sedes_excel_es.csv")
    )
    assert report.files[0].format == "topojson"
    assert dataset.territories[s.CODE].tolist() == ["01", "02"]
    sites = dataset.sites.set_index(s.SITE_CODE)
    assert sites.loc["005001000001", s.SITE_NAME] == "Institución Uno"
    assert sites.loc["005001000002", s.ZONE] == "Rural"
    assert sites[s.TERRITORY].tolist() == ["01", "02"]
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert facts.loc["005001000001", s.ENROLLED] == 1100
    assert facts[s.BROADBAND].tolist() == [1, 0]
    assert report.problems == []
