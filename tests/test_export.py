"""Exports: RFC 7946 GeoJSON, round trips, formula safety, offline HTML, PNG for slides."""

from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from PIL import Image

from geo.analysis.choropleth import compute
from geo.export import export, metadata
from geo.export.files import to_csv, to_csv_excel_es, to_xlsx
from geo.model import schema as s
from geo.model.view import View

ROOT = Path(__file__).resolve().parents[1]
VIEW = View(indicator="dropout", year=2021, filters=(("sector", ("Oficial",)),))


@pytest.fixture(scope="module")
def choropleth(demo):
    return compute(demo, VIEW)


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")


def _rings(geometry: dict) -> list[tuple[list, bool]]:
    """(ring, is_exterior) of a GeoJSON Polygon or MultiPolygon."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [(ring, i == 0) for polygon in polygons for i, ring in enumerate(polygon)]


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def test_geojson_follows_rfc_7946(choropleth, demo) -> None:
    collection = json.loads(export(choropleth, demo, ".geojson", "es"))
    assert "crs" not in collection  # RFC 7946 removed it: always EPSG:4326
    assert collection["metadata"]["crs"] == "EPSG:4326"
    for feature in collection["features"]:
        for ring, exterior in _rings(feature["geometry"]):
            assert ring[0] == ring[-1]
            assert (_signed_area(ring) > 0) == exterior  # exteriors counterclockwise, holes cw
            for lon, lat in ring:
                assert -76.5 < lon < -75.0 and 5.5 < lat < 7.0  # longitude first
                assert round(lon, 6) == lon and round(lat, 6) == lat
        assert set(feature["properties"]) == {
            "code",
            "name",
            "level",
            "territory_kind",
            "indicator",
            "year",
            "value",
            "numerator",
            "denominator",
            "n_schools",
            "class",
        }


def test_geojson_round_trip_keeps_the_values(choropleth, demo, tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    path.write_bytes(export(choropleth, demo, ".geojson", "es"))
    read = gpd.read_file(path).set_index("code")
    areas = choropleth.areas.set_index("codigo")
    assert read.loc["01", "value"] == pytest.approx(areas.loc["01", "value"])
    assert read.loc["01", "numerator"] == areas.loc["01", "numerator"]
    assert read.loc["01", "n_schools"] == areas.loc["01", "n_sites"]
    ratio = read.to_crs(9377).area / areas.set_crs(4326).to_crs(9377).geometry.loc[read.index].area
    assert ratio.between(0.999, 1.001).all()


def test_metadata_tells_how_the_numbers_were_made(choropleth, demo) -> None:
    meta = metadata(choropleth, demo, "es")
    assert meta["filters"] == {"sector": ["Oficial"]}
    assert meta["indicator"]["formula"] == "Σ desertores / Σ matricula × 100"
    assert meta["classification"]["upper_bounds"] == pytest.approx(choropleth.classification.upper)
    assert meta["demo"] is True and "demostración" in meta["notice"]
    assert meta["generated"] == "2026-09-21T14:13:20+00:00"
    assert "f.sector=Oficial" in meta["view"] and "ind=dropout" in meta["view"]


def test_gpkg_has_data_and_metadata_layers(choropleth, demo, tmp_path: Path) -> None:
    path = tmp_path / "x.gpkg"
    path.write_bytes(export(choropleth, demo, ".gpkg", "es"))
    assert len(gpd.read_file(path, layer="atlas")) == 21
    notes = gpd.read_file(path, layer="metadata").set_index("key")["value"]
    assert notes["demo"] == "True" and notes["indicator.id"] == "dropout"
    assert export(choropleth, demo, ".gpkg", "es") == path.read_bytes()  # reproducible


def _expected(demo) -> pd.DataFrame:
    """The aggregates of VIEW recomputed from the facts without the export code: sums per
    territory over the rows of 2021 and sector Oficial that report both counts."""
    facts = demo.facts
    rows = facts[(facts[s.YEAR] == 2021) & (facts[s.SECTOR] == "Oficial")]
    rows = rows.dropna(subset=[s.DROPOUTS, s.ENROLLED])
    sums = rows.groupby(s.TERRITORY)[[s.DROPOUTS, s.ENROLLED]].sum()
    return pd.DataFrame(
        {
            "numerator": sums[s.DROPOUTS].astype(int),
            "denominator": sums[s.ENROLLED].astype(int),
            "value": sums[s.DROPOUTS] / sums[s.ENROLLED],
            "n_schools": rows.groupby(s.TERRITORY)[s.SITE_CODE].nunique(),
        }
    )


def test_standard_csv_is_rfc_4180_with_whole_counts(choropleth, demo) -> None:
    data = export(choropleth, demo, "csv", "es")
    assert not data.startswith(b"\xef\xbb\xbf")  # for programs: no BOM
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == (
        "code,name,level,territory_kind,indicator,year,value,numerator,denominator,n_schools,"
        "class,notice"
    )
    assert lines[-1] == "" and "\n" not in text.replace("\r\n", "")  # CRLF, RFC 4180
    assert not re.search(r",\d+\.0,", text)  # no count written as 27.0
    frame = pd.read_csv(io.BytesIO(data), dtype={"code": str}).set_index("code")
    assert len(frame) == 21 and (frame["notice"] == "Datos de demostración — no oficiales").all()
    expected = _expected(demo)
    for column in ("numerator", "denominator", "n_schools"):
        assert frame[column].dtype == "int64", column
        assert frame[column].to_dict() == expected[column].to_dict(), column
    assert frame["value"].to_numpy() == pytest.approx(expected["value"].loc[frame.index], rel=1e-12)
    assert export(choropleth, demo, ".csv", "es") == data  # the extension names the standard one


def test_excel_es_csv_reads_back_with_semicolons_and_decimal_commas(choropleth, demo) -> None:
    data = export(choropleth, demo, "csv-excel-es", "es")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    text = data.decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    assert header == (
        "Código;Nombre;Nivel;Tipo de territorio;Indicador;Año;Valor;Numerador;Denominador;Sedes;"
        "Clase;Aviso"
    )
    row = r"01;Popular;territorio;comuna;dropout;2021;0,\d+;\d+;\d+;\d+;[^;]+;[^;]+"
    assert re.fullmatch(row, first)
    frame = pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Código": str}
    ).set_index("Código")
    expected = _expected(demo)
    assert frame["Valor"].dtype == float
    assert frame["Valor"].to_numpy() == pytest.approx(expected["value"].loc[frame.index], rel=1e-12)
    for ours, theirs in (("Numerador", "numerator"), ("Denominador", "denominator")):
        assert frame[ours].dtype == "int64"
        assert frame[ours].to_dict() == expected[theirs].to_dict(), ours
    assert frame["Sedes"].to_dict() == expected["n_schools"].to_dict()
    standard = pd.read_csv(io.BytesIO(export(choropleth, demo, "csv", "es")), dtype={"code": str})
    assert frame["Clase"].tolist() == standard["class"].tolist()  # same rows, same words


@pytest.mark.parametrize("indicator", ["sites", "enrollment", "no_broadband", "coverage_gross"])
@pytest.mark.parametrize("fmt", ["csv", "csv-excel-es"])
def test_counts_are_whole_numbers_in_every_csv(demo, indicator: str, fmt: str) -> None:
    """Sedes educativas and Matrícula are counts in the value column too: 27, not 27.0."""
    choropleth = compute(demo, View(indicator=indicator, year=2024))
    for sites in (False, True):
        data = export(choropleth, demo, fmt, "es", sites=sites).decode("utf-8-sig")
        separator = "," if fmt == "csv" else ";"
        rows = [line.split(separator) for line in data.split("\r\n")[1:-1]]
        header = data.split("\r\n")[0].split(separator)
        counts = [
            i
            for i, name in enumerate(header)
            if name in ("numerator", "denominator", "n_schools", "Numerador", "Denominador")
            or name in ("Sedes",)
            or (name in ("value", "Valor") and indicator in ("sites", "enrollment"))
        ]
        cells = [row[i] for row in rows for i in counts if row[i] != ""]
        assert cells and all(cell.isdigit() for cell in cells), (sites, cells[:5])


def test_csvs_are_formula_safe_and_leave_numbers_alone() -> None:
    table = gpd.GeoDataFrame(
        {"name": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Bello"], "value": -0.5},
        geometry=[None] * 5,
    )
    cells = to_csv(table, {"demo": False}).decode("utf-8").splitlines()[1:]
    assert [c.split(",")[0] for c in cells][1:] == ["'+1", "'-2", "'@SUM(A1)", "Bello"]
    assert cells[0].startswith("\"'=HYPERLINK")
    assert cells[-1].endswith(",-0.5")  # numbers are left alone
    spanish = to_csv_excel_es(table, {"demo": False}).decode("utf-8-sig").splitlines()
    assert spanish[0] == "Nombre;Valor"
    assert [c.split(";")[0] for c in spanish[2:]] == ["'+1", "'-2", "'@SUM(A1)", "Bello"]
    assert spanish[1].startswith("\"'=HYPERLINK") and spanish[-1] == "Bello;-0,5"


def test_xlsx_has_data_and_metadata_sheets(choropleth, demo) -> None:
    from openpyxl import load_workbook

    data = export(choropleth, demo, ".xlsx", "es")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["datos", "metadatos"]
    assert book["datos"].max_row == 22
    keys = [row[0].value for row in book["metadatos"].iter_rows(min_row=2)]
    assert "classification.upper_bounds" in keys and "sources" in keys
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    table = gpd.GeoDataFrame({"name": ["=1+1"]}, geometry=[None])
    cell = load_workbook(
        io.BytesIO(
            to_xlsx(
                table, {"demo": False, "generated": "2026-01-01T00:00:00+00:00", "generator": "t"}
            )
        )
    )["datos"]["A2"]
    assert cell.value == "'=1+1" and cell.data_type == "s"


def test_html_map_opens_offline(choropleth, demo) -> None:
    page = export(choropleth, demo, ".html", "es").decode()
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page)
    assert tags and not [tag for tag in tags if re.search(r'(?:src|href)="(?:https?:)?//', tag)]
    assert "L.map(" in page and "leaflet" in page.lower()
    meta = json.loads(re.search(r'id="atlas-metadata">(.*?)</script>', page).group(1))
    assert meta["indicator"]["id"] == "dropout"


def test_png_is_an_image_of_the_requested_size_with_its_legend_in_the_metadata(
    choropleth, demo
) -> None:
    data = export(choropleth, demo, ".png", "es", png_size=(1200, 800))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 800)
    meta = metadata(choropleth, demo, "es")
    assert len(meta["classification"]["upper_bounds"]) == choropleth.classification.k


def test_sites_export_as_points(choropleth, demo) -> None:
    collection = json.loads(export(choropleth, demo, ".geojson", "es", sites=True))
    points = [f for f in collection["features"]]
    assert points and all(f["geometry"]["type"] == "Point" for f in points)
    assert len(points) == (demo.facts.query("anio == 2021 and sector == 'Oficial'")).shape[0]


def test_cli_export_equals_the_engine_and_writes_metadata(choropleth, demo, tmp_path: Path) -> None:
    out = tmp_path / "vista.geojson"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "export",
            "--indicator",
            "dropout",
            "--year",
            "2021",
            "--where",
            "SECTOR=oficial",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == export(choropleth, demo, ".geojson", "es")
    assert json.loads((tmp_path / "vista.metadata.json").read_text())["filters"] == {
        "sector": ["Oficial"]
    }


def test_cli_export_view_query_and_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "export",
            "--view",
            "ind=no_internet&level=barrio&year=2020",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert len(pd.read_csv(out)) == 305
    bad = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--where", "sector=nada", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "matches no value" in bad.stderr
    wrong = subprocess.run(
        [sys.executable, "-m", "geo", "export", "-o", str(tmp_path / "x.shp")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2 and ".geojson" in wrong.stderr


def test_priority_index_exports(tmp_path: Path) -> None:
    out = tmp_path / "p.geojson"
    result = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--indicator", "priority", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text())
    assert collection["metadata"]["indicator"]["weights"]["dropout"] == pytest.approx(0.4)
    assert max(f["properties"]["value"] for f in collection["features"]) <= 1.0
    assert shapely.geometry.shape(collection["features"][0]["geometry"]).is_valid


def test_xlsx_and_geojson_write_counts_as_integers(choropleth, demo) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export(choropleth, demo, "xlsx", "es")))["datos"]
    header = [cell.value for cell in sheet[1]]
    for name in ("numerator", "denominator", "n_schools", "year"):
        column = header.index(name) + 1
        values = [sheet.cell(row, column).value for row in range(2, sheet.max_row + 1)]
        assert all(type(v) is int for v in values), name
    assert all(type(sheet.cell(r, header.index("value") + 1).value) is float for r in (2, 3))
    features = json.loads(export(choropleth, demo, "geojson", "es"))["features"]
    assert all(type(f["properties"]["numerator"]) is int for f in features)
    counts = compute(demo, View(indicator="enrollment", year=2024))
    sheet = load_workbook(io.BytesIO(export(counts, demo, "xlsx", "es")))["datos"]
    header = [cell.value for cell in sheet[1]]
    assert type(sheet.cell(2, header.index("value") + 1).value) is int  # Matrícula is a count
    assert sheet.cell(2, header.index("denominator") + 1).value is None  # no denominator


def test_cli_writes_either_csv_with_the_same_bytes_as_the_engine(
    choropleth, demo, tmp_path: Path
) -> None:
    from geo.cli.export import EXPORT_FORMATS
    from geo.export import FORMATS

    assert EXPORT_FORMATS == FORMATS
    base = [
        sys.executable,
        "-m",
        "geo",
        "export",
        "--view",
        "ind=dropout&year=2021&f.sector=Oficial",
    ]
    for fmt, name in (("csv-excel-es", "excel.csv"), (None, "plain.csv")):
        out = tmp_path / name
        options = ["--format", fmt] if fmt else []
        run = subprocess.run(
            [*base, *options, "-o", str(out)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stderr
        assert out.read_bytes() == export(choropleth, demo, fmt or "csv", "es"), fmt
    wrong = subprocess.run(
        [*base, "--format", "csv-excel-es", "-o", str(tmp_path / "x.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2 and "writes .csv files" in wrong.stderr
