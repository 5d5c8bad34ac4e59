"""Regenerate the bad-input corpus in this folder, byte for byte.

    .venv/bin/python tests/data/bad/make_corpus.py [OUTPUT_DIR]

Every file is tiny and written deterministically (fixed zip timestamps, fixed workbook
properties), so a rerun gives the same bytes. Files too big to commit (a ring of 200,000
vertices, a zip that really expands to 600 MB) are built by the tests in ``tmp_path``.

Names start with the role the file plays in ``geo.io.ingest.Inputs``: ``b_`` boundaries,
``s_`` schools, ``i_`` indicators, ``p_`` population.
"""

from __future__ import annotations

import io
import json
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
EPOCH = (1980, 1, 1, 0, 0, 0)

# Two squares side by side near Medellín, '01' west and '02' east (lon, lat).
WEST = [[-75.60, 6.20], [-75.55, 6.20], [-75.55, 6.25], [-75.60, 6.25], [-75.60, 6.20]]
EAST = [[-75.55, 6.20], [-75.50, 6.20], [-75.50, 6.25], [-75.55, 6.25], [-75.55, 6.20]]


def feature(code: object, name: object, geometry: object) -> dict:
    return {"type": "Feature", "properties": {"COMUNA": code, "NOMBRE": name}, "geometry": geometry}


def polygon(ring: list) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


GOOD = collection(
    feature("01", "POPULAR", polygon(WEST)), feature("02", "SANTA CRUZ", polygon(EAST))
)


def dumps(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def with_second(geometry: object) -> bytes:
    """A good '01' and a '02' with ``geometry``."""
    return dumps(collection(feature("01", "POPULAR", polygon(WEST)), feature("02", "X", geometry)))


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def renormalised(data: bytes) -> bytes:
    """A workbook rewritten with fixed timestamps (openpyxl stamps the current time)."""

    def fixed(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content)

    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zipped([(i.filename, fixed(i.filename, source.read(i))) for i in source.infolist()])


def shapefile_parts() -> dict[str, bytes]:
    """The .shp, .shx, .dbf and .prj of the two squares, with the .dbf date fixed."""
    import tempfile

    import geopandas as gpd
    from shapely.geometry import Polygon

    frame = gpd.GeoDataFrame(
        {"COMUNA": ["01", "02"], "NOMBRE": ["POPULAR", "SANTA CRUZ"]},
        geometry=[Polygon(WEST), Polygon(EAST)],
        crs=4326,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "comunas.shp"
        frame.to_file(path)
        parts = {p.suffix: p.read_bytes() for p in Path(folder).iterdir()}
    dbf = bytearray(parts[".dbf"])
    dbf[1:4] = bytes([124, 1, 1])  # last-update date: 2024-01-01
    parts[".dbf"] = bytes(dbf)
    return {k: v for k, v in parts.items() if k in (".shp", ".shx", ".dbf", ".prj")}


def shapefile_zip(without: str | None) -> bytes:
    parts = shapefile_parts()
    return zipped(
        [(f"comunas{ext}", data) for ext, data in sorted(parts.items()) if ext != without]
    )


def declared_bomb() -> bytes:
    """A small zip whose central directory declares a 4 GB member (a zip bomb's signature)."""
    data = bytearray(zipped([("comunas.geojson", dumps(GOOD))]))
    start = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, start + 24, 0xFFFFFFF0)  # uncompressed size
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 0xFFFFFFF0)
    return bytes(data)


def workbook(build: Callable) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    build(book)
    fixed = datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return renormalised(buffer.getvalue())


def xlsx_sheets(book) -> None:
    book.active.title = "portada"
    book.active["A1"] = None
    data = book.create_sheet("sedes")
    for row in SITE_ROWS:
        data.append(row)
    notes = book.create_sheet("notas")
    notes.append(["nota"])
    notes.append(["otra hoja"])


def xlsx_merged(book) -> None:
    sheet = book.active
    sheet.append(["Sedes educativas de Medellín 2024", None, None, None, None])
    sheet.merge_cells("A1:E1")
    sheet.append(["Identificación", None, "Ubicación", None, "Conteos"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    for row in SITE_ROWS:
        sheet.append(row)


def xlsx_formulas(book) -> None:
    sheet = book.active
    sheet.append(["codigo_dane", "latitud", "longitud", "anio", "matricula", "desertores"])
    sheet.append(["005001000001", 6.22, -75.58, 2024, "=60+40", 5])
    sheet.append(["005001000002", 6.22, -75.52, 2024, 200, "=E3/50"])


def xlsx_dates(book) -> None:
    sheet = book.active
    sheet.append(["codigo_dane", "latitud", "longitud", "anio", "matricula"])
    sheet.append(["005001000001", 6.22, -75.58, 45292, 100])  # 2024-01-01 as an Excel serial
    sheet.append(["005001000002", 6.22, -75.52, 45292, 200])
    for row in (2, 3):
        sheet.cell(row, 4).number_format = "yyyy-mm-dd"


def xlsx_dane_floats(book) -> None:
    sheet = book.active
    sheet.append(["codigo_dane", "latitud", "longitud", "anio", "matricula"])
    sheet.append([105001000001, 6.22, -75.58, 2024, 100])
    sheet.append([105001000002.0, 6.22, -75.52, 2024, 200])
    sheet.append([1.05001e11, 6.23, -75.57, 2024, 300])  # lost its digits before reaching us


SITE_ROWS = [
    ["codigo_dane", "nombre", "latitud", "longitud", "anio", "matricula"],
    ["005001000001", "Uno", 6.22, -75.58, 2024, 100],
    ["005001000002", "Dos", 6.22, -75.52, 2024, 200],
]
HEADER = "codigo_dane,nombre,latitud,longitud,anio,matricula,desertores\n"
ROW1 = "005001000001,Uno,6.22,-75.58,2024,100,5\n"
ROW2 = "005001000002,Dos,6.22,-75.52,2024,200,4\n"


# --- real-world shapes: formats other publishers use (issue 13) ------------------------------

MY_MAPS_STYLE = (
    '<Style id="poly-000000-1200-77-normal"><LineStyle><color>ff000000</color>'
    "<width>1.2</width></LineStyle><PolyStyle><color>4d000000</color><fill>1</fill>"
    "<outline>1</outline></PolyStyle></Style>"
)


def my_maps_kml() -> bytes:
    """A Google My Maps export: BOM, styles, a Folder, names like 'Comuna 1 - Popular', and
    the imported table's columns as ExtendedData."""

    def placemark(code: str, name: str, ring: list) -> str:
        coordinates = " ".join(f"{x},{y},0" for x, y in ring)
        return (
            f"<Placemark><name>Comuna {int(code)} - {name.title()}</name>"
            f"<description>COMUNA: {code}&lt;br&gt;NOMBRE: {name}</description>"
            "<styleUrl>#poly-000000-1200-77-normal</styleUrl><ExtendedData>"
            f'<Data name="COMUNA"><value>{code}</value></Data>'
            f'<Data name="NOMBRE"><value>{name}</value></Data></ExtendedData>'
            "<Polygon><outerBoundaryIs><LinearRing><tessellate>1</tessellate>"
            f"<coordinates>{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            "</Placemark>"
        )

    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Comunas de Medellín</name>'
        f"{MY_MAPS_STYLE}<Folder><name>Comunas</name>"
        f"{placemark('01', 'POPULAR', WEST)}{placemark('02', 'SANTA CRUZ', EAST)}"
        "</Folder></Document></kml>\n"
    )
    return "\ufeff".encode() + text.encode()


def written_by_gdal(frame, suffix: str, **options) -> bytes:
    """The bytes GDAL writes for ``frame`` (no timestamps in these formats)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"capa{suffix}"
        frame.to_file(path, **options)
        return path.read_bytes()


def two_squares(nan_in_second: bool = False):
    import geopandas as gpd
    from shapely.geometry import Polygon

    east = [[x, y] for x, y in EAST]
    if nan_in_second:
        east[1] = [float("nan"), east[1][1]]
    return gpd.GeoDataFrame(
        {"COMUNA": ["01", "02"], "NOMBRE": ["POPULAR", "SANTA CRUZ"]},
        geometry=[Polygon(WEST), Polygon(east)],
        crs=4326,
    )


def three_layer_geopackage() -> bytes:
    """Points first (what GDAL reads by default), then the comunas, then a plain table; small
    pages, no spatial index and a fixed last-change date, so the bytes repeat."""
    import sqlite3
    import tempfile

    import geopandas as gpd
    import pandas as pd
    import pyogrio
    from shapely.geometry import Point

    sites = gpd.GeoDataFrame(
        {"codigo_dane": ["005001000001", "005001000002"], "nombre": ["Uno", "Dos"]},
        geometry=[Point(-75.58, 6.22), Point(-75.52, 6.22)],
        crs=4326,
    )
    table = pd.DataFrame({"comuna": ["01", "02"], "anio": [2024, 2024], "total": [1000, 900]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "medellin.gpkg"
        for name, frame in (("sedes", sites), ("comunas", two_squares()), ("poblacion", table)):
            pyogrio.write_dataframe(
                frame, path, layer=name, driver="GPKG", append=path.exists(), SPATIAL_INDEX="NO"
            )
        with sqlite3.connect(path) as db:
            db.execute("UPDATE gpkg_contents SET last_change = '2024-01-01T00:00:00.000Z'")
        db.close()
        with sqlite3.connect(path, isolation_level=None) as db:
            db.execute("PRAGMA page_size = 1024")
            db.execute("VACUUM")
        db.close()
        data = bytearray(path.read_bytes())
    # SQLite's file change counter (offset 24) and its copy (92) count the writes: fixed.
    struct.pack_into(">I", data, 24, 1)
    struct.pack_into(">I", data, 92, 1)
    return bytes(data)


def real_world_formats() -> dict[str, bytes]:
    """Small files shaped like what other publishers hand out."""
    good = dumps(GOOD)
    lines = [dumps(f) for f in GOOD["features"]]
    kml = my_maps_kml()
    return {
        "b_my_maps.kml": kml,
        "b_my_maps.kmz": zipped([("doc.kml", kml), ("images/icon-1.png", b"\x89PNG\r\n")]),
        "b_bom.geojson": b"\xef\xbb\xbf" + good,
        "b_lines.geojsonl": b"".join(line + b"\n" for line in lines),
        "b_record_separators.geojsons": b"".join(b"\x1e" + line + b"\n" for line in lines),
        "b_flatgeobuf.fgb": written_by_gdal(two_squares(), ".fgb", SPATIAL_INDEX="NO"),
        "b_three_layers.gpkg": three_layer_geopackage(),
        "s_three_layers.gpkg": three_layer_geopackage(),
        "b_nan_polygon.fgb": written_by_gdal(
            two_squares(nan_in_second=True), ".fgb", SPATIAL_INDEX="NO"
        ),
    }


# --- real-world shapes: spreadsheets as publishers send them (issue 13) ------------------------

TITLE_ROWS = [
    ["ALCALDÍA DE MEDELLÍN - SECRETARÍA DE EDUCACIÓN"],
    ["Sedes educativas y matrícula 2024"],
    ["Fecha de corte: 31/12/2024"],
]


def xlsx_title_rows(book) -> None:
    """Three title rows (two merged across the table), the header on row 4, then a totals row,
    a blank row and the notes a government workbook ends with."""
    sheet = book.active
    sheet.title = "Sedes 2024"
    for row in [*TITLE_ROWS, *SITE_ROWS]:
        sheet.append(row)
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    sheet.append(["TOTAL GENERAL", None, None, None, None, 300])
    sheet.append([None])
    sheet.append(["Fuente: SIMAT, Secretaría de Educación de Medellín"])
    sheet.append(["Nota: cifras preliminares"])


def xlsx_cover_sheet(book) -> None:
    """A cover sheet and a metadata sheet around the data sheet."""
    cover = book.active
    cover.title = "Portada"
    cover.append(["ALCALDÍA DE MEDELLÍN"])
    cover.append(["Anuario estadístico de educación 2024"])
    data = book.create_sheet("Datos")
    for row in SITE_ROWS:
        data.append(row)
    meta = book.create_sheet("Metadatos")
    meta.append(["campo", "descripción"])
    meta.append(["matricula", "estudiantes matriculados"])


def xlsx_es_co_numbers(book) -> None:
    """Counts stored as text the es-CO way, a rate as '4,5 %', a percentage in a count."""
    sheet = book.active
    sheet.append([*SITE_ROWS[0], "desertores", "tasa_desercion"])
    sheet.append(["005001000001", "Uno", "6,22", "-75,58", 2024, "1.234", "12", "4,5 %"])
    sheet.append(["005001000002", "Dos", "6,22", "-75,52", 2024, "2.500", "4 %", "45%"])


def xlsx_ambiguous_numbers(book) -> None:
    """A count column with '1.234' (thousands?) beside '12.5' (a decimal point)."""
    sheet = book.active
    sheet.append(SITE_ROWS[0])
    sheet.append(["005001000001", "Uno", 6.22, -75.58, 2024, "1.234"])
    sheet.append(["005001000002", "Dos", 6.22, -75.52, 2024, "12.5"])


def xlsx_merged_in_header(book) -> None:
    """Merged cells in the header row itself: the columns cannot be told apart."""
    sheet = book.active
    sheet.append(["codigo_dane", None, "latitud", "longitud", "anio", "matricula"])
    sheet.merge_cells("A1:B1")
    sheet.append(["005001000001", "Uno", 6.22, -75.58, 2024, 100])
    sheet.append(["005001000002", "Dos", 6.22, -75.52, 2024, 200])


def real_world_spreadsheets() -> dict[str, bytes]:
    """School tables shaped as government spreadsheets come (see the cases in
    tests/test_bad_input.py, block "real-world shapes")."""
    return {
        "s_xlsx_title_rows.xlsx": workbook(xlsx_title_rows),
        "s_xlsx_cover_sheet.xlsx": workbook(xlsx_cover_sheet),
        "s_xlsx_es_co_numbers.xlsx": workbook(xlsx_es_co_numbers),
        "s_xlsx_ambiguous_numbers.xlsx": workbook(xlsx_ambiguous_numbers),
        "s_xlsx_merged_in_header.xlsx": workbook(xlsx_merged_in_header),
        "s_csv_excel_title_rows.csv": (
            "ALCALDÍA DE MEDELLÍN - SECRETARÍA DE EDUCACIÓN;;;;;\r\n"
            "Sedes educativas y matrícula 2024;;;;;\r\n"
            ";;;;;\r\n"
            "código_dane;nombre;latitud;longitud;año;matrícula\r\n"
            "005001000001;Uno;6,22;-75,58;2024;1.100\r\n"
            "005001000002;Dos;6,22;-75,52;2024;200\r\n"
            "Total;;;;;1.300\r\n"
            "Fuente: SIMAT;;;;;\r\n"
        ).encode("cp1252"),
    }


def corpus() -> dict[str, bytes]:
    good = dumps(GOOD)
    files: dict[str, bytes] = {
        # --- boundaries: unreadable --------------------------------------------------------
        "b_zero_bytes.geojson": b"",
        "b_whitespace_only.geojson": b"  \n\n\t \r\n",
        "b_truncated.geojson": good[: len(good) // 2],
        "b_malformed.geojson": b'{"type": "FeatureCollection", "features": [{,]}',
        "b_trailing_garbage.geojson": good + b"\x00\x00garbage",
        "b_json_array.geojson": b"[1, 2, 3]",
        "b_no_features.geojson": dumps(collection()),
        "b_csv_content.geojson": b"comuna,nombre\n01,POPULAR\n",
        "b_binary_garbage.geojson": bytes(range(256)) * 4,
        "b_truncated.topojson": (HERE.parent / "dos_comunas.topojson").read_bytes()[:300],
        "b_no_code_columns.geojson": dumps(
            collection(
                {"type": "Feature", "properties": {"foo": 1}, "geometry": polygon(WEST)},
                {"type": "Feature", "properties": {"foo": 2}, "geometry": polygon(EAST)},
            )
        ),
        "b_all_points.geojson": dumps(
            collection(
                feature("01", "POPULAR", {"type": "Point", "coordinates": [-75.58, 6.22]}),
                feature("02", "SANTA CRUZ", {"type": "Point", "coordinates": [-75.52, 6.22]}),
            )
        ),
        "b_all_null_geometry.geojson": dumps(
            collection(feature("01", "POPULAR", None), feature("02", "SANTA CRUZ", None))
        ),
        "b_lon_out_of_range.geojson": dumps(
            collection(
                feature("01", "POPULAR", polygon([[x + 400, y] for x, y in WEST])),
                feature("02", "SANTA CRUZ", polygon([[x + 400, y] for x, y in EAST])),
            )
        ),
        "b_nan_coordinates.geojson": good.replace(b"-75.6,6.2", b"NaN,NaN"),
        "b_infinity_coordinates.geojson": good.replace(b"-75.6,6.2", b"Infinity,-Infinity"),
        "b_xlsx_as_boundaries.xlsx": workbook(xlsx_sheets),
        "b_shapefile_part.shp": shapefile_parts()[".shp"],
        # --- boundaries: usable, with problems --------------------------------------------
        "b_geojson_named.csv": good,
        "b_null_geometry.geojson": with_second(None),
        "b_empty_geometry.geojson": with_second({"type": "Polygon", "coordinates": []}),
        "b_mixed_point.geojson": with_second({"type": "Point", "coordinates": [-75.52, 6.22]}),
        "b_linestring.geojson": with_second({"type": "LineString", "coordinates": EAST}),
        "b_geometry_collection.geojson": with_second(
            {"type": "GeometryCollection", "geometries": [polygon(EAST)]}
        ),
        "b_bowtie.geojson": with_second(
            polygon([[-75.55, 6.2], [-75.5, 6.25], [-75.5, 6.2], [-75.55, 6.25], [-75.55, 6.2]])
        ),
        "b_unclosed_ring.geojson": with_second(polygon(EAST[:-1])),
        "b_duplicate_code.geojson": dumps(
            collection(
                feature("01", "POPULAR", polygon(WEST)),
                feature("02", "SANTA CRUZ", polygon(EAST)),
                feature("02", "OTRA", polygon(EAST)),
            )
        ),
        "b_missing_code.geojson": dumps(
            collection(
                feature("01", "POPULAR", polygon(WEST)),
                feature("02", "SANTA CRUZ", polygon(EAST)),
                feature(None, "SIN CODIGO", polygon(EAST)),
            )
        ),
        # --- boundaries: zips ------------------------------------------------------------
        "b_shp_missing_shx.zip": shapefile_zip(".shx"),
        "b_shp_missing_dbf.zip": shapefile_zip(".dbf"),
        "b_shp_missing_prj.zip": shapefile_zip(".prj"),
        "b_zip_empty.zip": zipped([]),
        "b_zip_truncated.zip": shapefile_zip(None)[:200],
        "b_zip_only_readme.zip": zipped([("LEEME.txt", b"sin capa")]),
        "b_zip_traversal.zip": zipped([("../atlas_bad_traversal.geojson", good)]),
        "b_zip_absolute_path.zip": zipped([("/tmp/atlas_bad_absolute.geojson", good)]),
        "b_zip_nested.zip": zipped([("interno.zip", shapefile_zip(None))]),
        "b_zip_declared_bomb.zip": declared_bomb(),
        # --- schools (paired with tests/data/dos_comunas.topojson) -------------------------
        "s_zero_bytes.csv": b"",
        "s_header_only.csv": HEADER.encode(),
        "s_binary_garbage.csv": bytes(range(256)) * 4,
        "s_unbalanced_quote.csv": (HEADER + '005001000001,"Uno,6.22,-75.58,2024,100,5\n').encode(),
        "s_latin1.csv": (
            "código_dane;nombre;latitud;longitud;año;matrícula\n"
            "005001000001;Institución Uno;6,22;-75,58;2024;100\n"
            "005001000002;Niño Jesús;6,22;-75,52;2024;200\n"
        ).encode("latin-1"),
        "s_utf16.csv": (HEADER + ROW1 + ROW2).encode("utf-16"),
        "s_utf16_no_bom.csv": (HEADER + ROW1 + ROW2).encode("utf-16-le"),
        "s_utf8_bom.csv": ("\ufeff" + HEADER + ROW1 + ROW2).encode(),
        "s_mixed_separators.csv": (
            b"codigo_dane;nombre;latitud;longitud;anio;matricula\n"
            b"005001000001;Uno;6.22;-75.58;2024;100\n"
            b"005001000002,Dos,6.22,-75.52,2024,200\n"
        ),
        "s_thousands_separators.csv": (
            b"codigo_dane,nombre,latitud,longitud,anio,matricula\n"
            b'005001000001,Uno,6.22,-75.58,2024,"1,100"\n'
            b'005001000002,Dos,6.22,-75.52,2024,"12,345"\n'
        ),
        "s_duplicate_columns.csv": (
            b"codigo_dane,latitud,longitud,anio,matricula,matricula\n"
            b"005001000001,6.22,-75.58,2024,100,999\n"
            b"005001000002,6.22,-75.52,2024,200,999\n"
        ),
        "s_dane_scientific.csv": (
            b"codigo_dane,latitud,longitud,anio,matricula\n"
            b"005001000001,6.22,-75.58,2024,100\n"
            b"1.05001E+11,6.22,-75.52,2024,200\n"
        ),
        "s_negative_counts.csv": (
            HEADER + ROW1 + "005001000002,Dos,6.22,-75.52,2024,-200,4\n"
        ).encode(),
        "s_dropouts_above.csv": (
            HEADER + ROW1 + "005001000002,Dos,6.22,-75.52,2024,20,40\n"
        ).encode(),
        "s_year_text.csv": (
            HEADER + ROW1 + "005001000002,Dos,6.22,-75.52,dos mil,200,4\n"
        ).encode(),
        "s_year_serial.csv": (
            HEADER + ROW1 + "005001000002,Dos,6.22,-75.52,45292,200,4\n"
        ).encode(),
        "s_missing_coordinates.csv": (HEADER + ROW1 + "005001000002,Dos,,,2024,200,4\n").encode(),
        "s_coordinates_out_of_range.csv": (
            HEADER + ROW1 + "005001000002,Dos,95.0,200.0,2024,200,4\n"
        ).encode(),
        "s_nan_infinity_coordinates.csv": (
            HEADER
            + ROW1
            + "005001000002,Dos,NaN,NaN,2024,200,4\n"
            + "005001000003,Tres,inf,-inf,2024,300,4\n"
        ).encode(),
        "s_xlsx_several_sheets.xlsx": workbook(xlsx_sheets),
        "s_xlsx_merged_header.xlsx": workbook(xlsx_merged),
        "s_xlsx_formulas.xlsx": workbook(xlsx_formulas),
        "s_xlsx_dates_as_numbers.xlsx": workbook(xlsx_dates),
        "s_xlsx_dane_floats.xlsx": workbook(xlsx_dane_floats),
        "s_xlsx_damaged.xlsx": zipped([("xl/workbook.xml", b"<workbook><sheets>")]),
        "s_csv_named.xlsx": (HEADER + ROW1 + ROW2).encode(),
        # --- indicators (with dos_comunas.topojson and sedes_excel_es.csv) -----------------
        "i_truncated.json": b'{"porComuna": [{"comuna": "1", "matricula": 1',
        "i_no_records.json": b'{"porComuna": {"comuna": "1"}}',
        "i_no_key_column.csv": b"foo,bar\n1,2\n",
        "i_negative_and_above.csv": (
            b"codigo_dane;anio;matricula;desertores\n"
            b"005001000001;2023;100;5\n"
            b"005001000002;2023;-7;1\n"
            b"005001000001;2022;10;50\n"
        ),
        "i_year_text.csv": (
            "codigo_dane;anio;matricula\n005001000001;2023;100\n005001000002;año 2023;50\n"
        ).encode(),
        "i_territory_invalid_numbers.json": dumps(
            {
                "porComuna": [
                    {"comuna": "1", "anio": 2023, "matricula": "mil", "desertores": 3},
                    {"comuna": "2", "anio": 2023, "matricula": 100, "desertores": 3},
                ]
            }
        ),
        # --- population (with dos_comunas.topojson) --------------------------------------
        "p_negative.csv": b"comuna,anio,total\n1,2024,1000\n2,2024,-900\n",
        "p_year_text.csv": b"comuna,anio,total\n1,2024,1000\n2,dos mil,900\n",
        "p_total_text.csv": b"comuna,anio,total\n1,2024,1000\n2,2024,muchos\n",
    }
    files.update(real_world_formats())
    files.update(real_world_spreadsheets())
    return files


# --- real-world shapes: each publisher's own schema --------------------------------------------

# Medellín's 21 territories as (code, name, kind); the corpus script stands alone, so it does
# not import geo.model.territories.
MEDELLIN = (
    ("01", "Popular", "Comuna"),
    ("02", "Santa Cruz", "Comuna"),
    ("03", "Manrique", "Comuna"),
    ("04", "Aranjuez", "Comuna"),
    ("05", "Castilla", "Comuna"),
    ("06", "Doce de Octubre", "Comuna"),
    ("07", "Robledo", "Comuna"),
    ("08", "Villa Hermosa", "Comuna"),
    ("09", "Buenos Aires", "Comuna"),
    ("10", "La Candelaria", "Comuna"),
    ("11", "Laureles Estadio", "Comuna"),
    ("12", "La América", "Comuna"),
    ("13", "San Javier", "Comuna"),
    ("14", "El Poblado", "Comuna"),
    ("15", "Guayabal", "Comuna"),
    ("16", "Belén", "Comuna"),
    ("50", "San Sebastián de Palmitas", "Corregimiento"),
    ("60", "San Cristóbal", "Corregimiento"),
    ("70", "Altavista", "Corregimiento"),
    ("80", "San Antonio de Prado", "Corregimiento"),
    ("90", "Santa Elena", "Corregimiento"),
)


def cell(i: int, west: float, south: float, size: float) -> dict:
    """Square ``i`` of a six-wide grid, as a GeoJSON polygon."""
    x, y = west + (i % 6) * size, south + (i // 6) * size
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return polygon([[round(a, 4), round(b, 4)] for a, b in ring])


def layer(rows: list[dict], west: float, south: float, size: float) -> bytes:
    cells = [cell(i, west, south, size) for i in range(len(rows))]
    return dumps(collection(*({"type": "Feature", "properties": r, "geometry": g}
                              for r, g in zip(rows, cells, strict=True))))  # fmt: skip


def osm_name(code: str, name: str, kind: str) -> str:
    return f"Comuna {int(code)} - {name}" if kind == "Comuna" else f"Corregimiento de {name}"


def osm_rows(with_ref: bool) -> list[dict]:
    """An OpenStreetMap extract (overpass/QuickOSM): tags as columns, ``ref`` not always set."""
    rows = []
    for i, (code, name, kind) in enumerate(MEDELLIN):
        row = {"@id": f"relation/{7_000_001 + i}", "admin_level": "10"}
        row |= {"boundary": "administrative", "name": osm_name(code, name, kind)}
        row |= {"official_name": f"{kind} {name}".upper(), "type": "boundary"}
        if with_ref:
            row["ref"] = str(int(code))
        rows.append(row)
    return rows


MGN_DEPARTMENTS = (("05", "ANTIOQUIA"), ("08", "ATLÁNTICO"), ("11", "BOGOTÁ, D.C."))


def mgn_rows(count: int = 30) -> list[dict]:
    """DANE's MGN municipality layer: 5-digit MPIO_CDPMP; 05001 first, over Medellín."""
    rows = []
    for i in range(count):
        department, department_name = MGN_DEPARTMENTS[i % len(MGN_DEPARTMENTS)]
        municipality = f"{1 + 3 * (i // len(MGN_DEPARTMENTS)):03d}"
        code = department + municipality
        rows.append(
            {
                "DPTO_CCDGO": department,
                "MPIO_CCDGO": municipality,
                "MPIO_CDPMP": code,
                "DPTO_CNMBR": department_name,
                "MPIO_CNMBR": "MEDELLÍN" if code == "05001" else f"MUNICIPIO {code}",
                "MPIO_CRSLC": "1965" if i % 2 else "Ordenanza 7 de 1913",
                "MPIO_NAREA": round(374.83 + 11.5 * i, 2),
                "MPIO_NANO": 2023,
                "MPIO_CCNCT": code,
                "SHAPE_AREA": round(0.0307 + 0.001 * i, 4),
                "SHAPE_LEN": round(1.07 + 0.01 * i, 3),
            }
        )
    return rows


def arcgis_rows() -> list[dict]:
    """A GeoMedellín ArcGIS export: numeric COMUNA, short upper-case NOMBRE_COM, Shape_*."""
    short = {"11": "LAURELES", "10": "CANDELARIA", "14": "POBLADO", "50": "PALMITAS"}
    return [
        {
            "OBJECTID": i + 1,
            "COMUNA": int(code),
            "NOMBRE_COM": short.get(code, name.upper()),
            "Shape_Area": round(1.0e7 + 1.0e5 * i, 1),
            "Shape_Length": round(1.5e4 + 10.0 * i, 1),
        }
        for i, (code, name, _) in enumerate(MEDELLIN)
    ]


def unnamed_rows() -> list[dict]:
    """Headers no alias knows: the columns are found by what they hold."""
    return [
        {"FID_1": i, "COD": str(int(code)), "NOMB": name.upper(), "TIPO": kind}
        for i, (code, name, kind) in enumerate(MEDELLIN)
    ]


def real_world_schemas() -> dict[str, bytes]:
    """Small files in the schemas other publishers use, for the column choice."""
    medellin = (-75.66, 6.16, 0.03)
    men = (
        "codigo_dane,nombre_establecimiento,cod_dane_municipio,municipio,sector,zona,"
        "latitud,longitud,anio,total_matricula\n"
        "005001000001,INSTITUCION EDUCATIVA UNO,05001,MEDELLÍN,OFICIAL,URBANA,"
        "6.22,-75.58,2024,850\n"
        "005001000002,COLEGIO DOS,05001,MEDELLÍN,NO OFICIAL,URBANA,6.22,-75.52,2024,420\n"
    )
    return {
        "b_mgn_municipios.geojson": layer(mgn_rows(), -75.65, 6.15, 0.5),
        "b_osm_comunas.geojson": layer(osm_rows(with_ref=True), *medellin),
        "b_osm_comunas_sin_ref.geojson": layer(osm_rows(with_ref=False), *medellin),
        "b_arcgis_comunas.geojson": layer(arcgis_rows(), *medellin),
        "b_unnamed_columns.geojson": layer(unnamed_rows(), *medellin),
        "b_no_plausible_columns.geojson": layer(
            [{"foo": 1.5, "bar": "x"}, {"foo": 1.5, "bar": "x"}], -75.60, 6.20, 0.05
        ),
        "s_men_establecimientos.csv": men.encode(),
    }


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (corpus() | real_world_schemas()).items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
