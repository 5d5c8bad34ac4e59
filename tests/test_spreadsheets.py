"""Spreadsheets as they come: title rows above the header, totals and notes below the data,
cover sheets before the table, and numbers written the es-CO way (issue 13).

Files are built inline with openpyxl (or as text) in ``tmp_path``; the bad-input corpus holds
the small committed versions (``tests/data/bad``, section "real-world shapes").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import DataError
from geo.io.ingest import Inputs, load
from geo.io.readers import read_table, to_numbers
from geo.model import schema as s

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
BOUNDARIES = DATA / "dos_comunas.topojson"  # codes 01 and 02
TITLES = [
    ["ALCALDÍA DE MEDELLÍN - SECRETARÍA DE EDUCACIÓN"],
    ["Sedes educativas y matrícula 2024"],
    ["Fecha de corte: 31/12/2024"],
]
HEADER = ["codigo_dane", "nombre", "latitud", "longitud", "anio", "matricula"]
ROWS = [
    ["005001000001", "Uno", 6.22, -75.58, 2024, 100],
    ["005001000002", "Dos", 6.22, -75.52, 2024, 200],
]


def workbook(path: Path, sheets: dict[str, list[list]], merge_titles: bool = True) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merge_titles and rows[:1] == TITLES[:1]:
            for number in (1, 2):
                sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=6)
    book.save(path)
    return path


def notes(table) -> str:
    return " | ".join(n.render("es") if hasattr(n, "render") else n for n in table.notes)


# --- the header row below title rows ---------------------------------------------------------


def test_xlsx_header_below_three_merged_title_rows_is_found(tmp_path: Path) -> None:
    path = workbook(tmp_path / "sedes.xlsx", {"Sedes": [*TITLES, HEADER, *ROWS]})
    table = read_table(path)
    assert list(table.frame.columns) == HEADER
    assert table.frame["codigo_dane"].tolist() == ["005001000001", "005001000002"]
    assert "encabezado en la fila 4; 3 filas de título omitidas" in notes(table)
    english = " | ".join(n.render("en") for n in table.notes if hasattr(n, "render"))
    assert "header on row 4; 3 title rows skipped" in english


def test_xlsx_blank_row_between_titles_and_header(tmp_path: Path) -> None:
    rows = [*TITLES[:2], [None], HEADER, *ROWS]
    table = read_table(workbook(tmp_path / "sedes.xlsx", {"Hoja1": rows}))
    assert list(table.frame.columns) == HEADER and len(table.frame) == 2


def test_csv_from_excel_with_title_rows_and_semicolons(tmp_path: Path) -> None:
    text = (
        "ALCALDÍA DE MEDELLÍN - SECRETARÍA DE EDUCACIÓN;;;;;\n"
        "Sedes educativas 2024;;;;;\n"
        ";;;;;\n"
        "codigo_dane;nombre;latitud;longitud;anio;matricula\n"
        "005001000001;Uno;6,22;-75,58;2024;1.100\n"
        "005001000002;Dos;6,22;-75,52;2024;200\n"
    )
    path = tmp_path / "sedes.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert list(table.frame.columns) == HEADER
    assert table.decimal == ","
    assert "encabezado en la fila 4" in notes(table)
    dataset, _ = load(Inputs(boundaries=BOUNDARIES, schools=path))
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert facts.loc["005001000001", s.ENROLLED] == 1100


def test_a_header_on_the_first_row_gets_no_note(tmp_path: Path) -> None:
    table = read_table(workbook(tmp_path / "sedes.xlsx", {"Hoja1": [HEADER, *ROWS]}))
    assert list(table.frame.columns) == HEADER
    assert "encabezado" not in notes(table)


def test_a_group_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    group = ["Identificación", None, "Ubicación", None, "Conteos", None]
    table = read_table(workbook(tmp_path / "sedes.xlsx", {"Hoja1": [group, HEADER, *ROWS]}))
    assert list(table.frame.columns) == HEADER


# --- totals and notes at the bottom ------------------------------------------------------------


def test_totals_and_notes_rows_are_left_out_and_listed(tmp_path: Path) -> None:
    rows = [
        *TITLES,
        HEADER,
        *ROWS,
        ["TOTAL GENERAL", None, None, None, None, 300],
        [None],
        ["Fuente: SIMAT, Secretaría de Educación de Medellín"],
        ["Nota: cifras preliminares"],
        ["Elaborado por: Subsecretaría de Planeación"],
    ]
    path = workbook(tmp_path / "sedes.xlsx", {"Sedes": rows})
    table = read_table(path)
    assert table.frame["codigo_dane"].tolist() == ["005001000001", "005001000002"]
    assert sorted(table.left_out) == [3, 5, 6, 7]
    dataset, report = load(Inputs(boundaries=BOUNDARIES, schools=path))
    assert sorted(dataset.sites[s.SITE_CODE]) == ["005001000001", "005001000002"]
    left = [(p.kind, p.row) for p in report.problems if p.file == "sedes.xlsx"]
    assert left == [("left_out_row", row) for row in (3, 5, 6, 7)]
    detail = next(p for p in report.problems if p.row == 3)
    assert "TOTAL GENERAL" in detail.detail_in("es") and "TOTAL GENERAL" in detail.detail_in("en")


def test_a_subtotal_row_inside_the_data_is_never_a_school(tmp_path: Path) -> None:
    rows = [HEADER, ROWS[0], ["Total comuna 1", None, None, None, None, 100], ROWS[1]]
    path = workbook(tmp_path / "sedes.xlsx", {"Hoja1": rows})
    table = read_table(path)
    assert sorted(table.left_out) == [2]
    assert len(table.frame) == 2


# --- several sheets ----------------------------------------------------------------------------


def _three_sheets(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "libro.xlsx",
        {
            "Portada": [["ALCALDÍA DE MEDELLÍN"], ["Anuario estadístico 2024"]],
            "Notas": [["columna", "significado"], ["matricula", "estudiantes matriculados"]],
            "Sedes": [*TITLES, HEADER, *ROWS],
            "Otra": [["codigo_dane", "anio", "matricula"], ["005001000001", 2023, 90]],
        },
    )


def test_the_first_sheet_with_a_table_is_chosen_and_the_others_named(tmp_path: Path) -> None:
    table = read_table(_three_sheets(tmp_path))
    assert list(table.frame.columns) == HEADER
    said = notes(table)
    assert "hoja 'Sedes'" in said
    assert "Portada" in said and "Otra" in said


def test_a_sheet_named_is_read(tmp_path: Path) -> None:
    table = read_table(_three_sheets(tmp_path), sheet="Otra")
    assert list(table.frame.columns) == ["codigo_dane", "anio", "matricula"]


def test_a_sheet_that_does_not_exist_is_refused_naming_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(DataError) as raised:
        read_table(_three_sheets(tmp_path), sheet="Datos")
    for lang in ("es", "en"):
        text = raised.value.message(lang)
        assert "libro.xlsx" in text and "Datos" in text and "Sedes" in text


def test_an_empty_sheet_named_is_refused_naming_the_sheets_with_data(tmp_path: Path) -> None:
    path = workbook(tmp_path / "libro.xlsx", {"Vacía": [], "Sedes": [HEADER, *ROWS]})
    with pytest.raises(DataError) as raised:
        read_table(path, sheet="Vacía")
    assert "Vacía" in raised.value.message("en") and "Sedes" in raised.value.message("en")
    assert "está vacía" in str(raised.value)


def test_sheet_names_lists_the_sheets_with_a_table(tmp_path: Path) -> None:
    from geo.io.readers import table_sheets

    assert table_sheets(_three_sheets(tmp_path)) == ["Sedes", "Otra"]


# --- numbers written the es-CO way -------------------------------------------------------------


def _numbers(values: list, **kwargs) -> list:
    numbers, bad = to_numbers(pd.Series(values, dtype="string"), **kwargs)
    return [None if pd.isna(v) else v for v in numbers], bad.tolist()


def test_es_co_thousands_are_read_in_a_count_column() -> None:
    assert _numbers(["1.234", "12.345", "87"], count=True)[0] == [1234, 12345, 87]


def test_es_co_decimal_comma_with_thousands() -> None:
    assert _numbers(["1.234,5", "6,25", "12"])[0] == [1234.5, 6.25, 12]


def test_percentages_become_shares_in_a_rate_column() -> None:
    assert _numbers(["4,5 %", "45%", "12 %"], percent=True)[0] == pytest.approx([0.045, 0.45, 0.12])


def test_a_percentage_in_a_count_column_is_not_a_count() -> None:
    values, bad = _numbers(["45%", "100"], count=True)
    assert values == [None, 100] and bad == [True, False]


def test_a_column_mixing_thousands_and_decimal_points_is_ambiguous() -> None:
    from geo.io.readers import parse_numbers

    parsed = parse_numbers(pd.Series(["1.234", "12.5", "7"], dtype="string"), count=True)
    assert parsed.ambiguous
    assert parsed.bad.tolist() == [True, True, False]  # neither reading is guessed


def test_the_decimal_is_decided_per_column() -> None:
    # a point decimal in one column does not make another column's '1.234' a decimal
    assert _numbers(["6.22", "6.25"])[0] == [6.22, 6.25]
    assert _numbers(["1.234", "2.000"], count=True)[0] == [1234, 2000]


def test_xlsx_counts_stored_as_text_the_es_co_way(tmp_path: Path) -> None:
    rows = [HEADER, ["005001000001", "Uno", 6.22, -75.58, 2024, "1.100"], ROWS[1]]
    path = workbook(tmp_path / "sedes.xlsx", {"Hoja1": rows})
    dataset, report = load(Inputs(boundaries=BOUNDARIES, schools=path))
    facts = dataset.facts.set_index(s.SITE_CODE)
    assert facts.loc["005001000001", s.ENROLLED] == 1100
    assert not [p for p in report.problems if p.kind == "invalid_number"]


def test_an_ambiguous_count_column_is_reported(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["005001000001", "Uno", 6.22, -75.58, 2024, "1.234"],
        ["005001000002", "Dos", 6.22, -75.52, 2024, "12.5"],
    ]
    path = workbook(tmp_path / "sedes.xlsx", {"Hoja1": rows})
    _, report = load(Inputs(boundaries=BOUNDARIES, schools=path))
    kinds = [(p.kind, p.row) for p in report.problems]
    assert ("ambiguous_numbers", None) in kinds


def test_dane_codes_stay_text_with_dots_removed_never(tmp_path: Path) -> None:
    rows = [*TITLES, HEADER, *ROWS]
    dataset, _ = load(
        Inputs(boundaries=BOUNDARIES, schools=workbook(tmp_path / "s.xlsx", {"S": rows}))
    )
    assert dataset.sites[s.SITE_CODE].tolist() == ["005001000001", "005001000002"]


# --- the whole city from a government-shaped workbook ------------------------------------------


def _city_workbook(path: Path) -> Path:
    sites = pd.read_csv(ROOT / "data/demo/sedes.csv", dtype=str)
    counts = pd.read_csv(ROOT / "data/demo/indicadores_sedes.csv", dtype=str)
    table = sites.merge(counts[counts["anio"] == "2024"], on="codigo_dane", how="left")
    total = pd.to_numeric(table["matricula"]).sum()
    rows = [
        *TITLES,
        list(table.columns),
        *table.astype(object).where(table.notna(), None).values.tolist(),
        ["TOTAL GENERAL", *[None] * 9, f"{total:,.0f}".replace(",", ".")],
        ["Fuente: SIMAT"],
    ]
    return workbook(path, {"Sedes 2024": rows})


def test_the_city_from_a_title_row_workbook_gives_every_site(tmp_path: Path) -> None:
    path = _city_workbook(tmp_path / "sedes_2024.xlsx")
    dataset, report = load(Inputs(schools=path))
    assert len(dataset.sites) == 787
    assert "TOTAL GENERAL" not in set(dataset.sites[s.SITE_CODE])
    assert sorted(p.kind for p in report.problems if p.file == path.name) == [
        "left_out_row",
        "left_out_row",
    ]


def test_the_report_command_reads_the_title_row_workbook_and_a_sheet(tmp_path: Path) -> None:
    path = _city_workbook(tmp_path / "sedes_2024.xlsx")
    command = [sys.executable, "-m", "geo", "report", "--schools", str(path)]
    done = subprocess.run(
        [*command, "--sheet", "Sedes 2024"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "787 de 787 sedes" in done.stdout
    missing = subprocess.run(
        [*command, "--sheet", "Nope"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert missing.returncode == 2 and "Nope" in missing.stderr and "Sedes 2024" in missing.stderr


# --- the Datos page: a sheet chooser for workbooks with several tables -------------------------


def test_the_datos_page_offers_the_sheets_of_an_uploaded_workbook(tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    header = ["codigo_dane", "latitud", "longitud", "anio", "matricula"]
    path = workbook(
        tmp_path / "libro.xlsx",
        {
            "Portada": [["ALCALDÍA DE MEDELLÍN"]],
            "2023": [*TITLES, header, ["990500100001", 6.304877, -75.539375, 2023, 90]],
            "2024": [header, ["990500100001", 6.304877, -75.539375, 2024, 100]],
        },
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/datos.py").run()
    upload = ("libro.xlsx", path.read_bytes(), "application/vnd.ms-excel")
    at.file_uploader(key="up_schools").set_value(upload).run()
    chooser = at.selectbox(key="up_sheet_schools")
    assert chooser.label == "Hoja del libro libro.xlsx"
    assert chooser.options == ["2023", "2024"] and chooser.value == "2023"
    chooser.set_value("2024").run()
    (button,) = [b for b in at.button if b.label == "Validar y usar estos datos"]
    button.click().run()
    assert not at.exception
    report = at.session_state["upload_report"]
    notes = [n for f in report.files if f.file == "libro.xlsx" for n in f.notes_in("es")]
    assert "XLSX, hoja '2024'" in notes
