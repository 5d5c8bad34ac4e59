"""The join report speaks the page's language: roles, headers and the plain-text summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.io.ingest import Inputs, load
from geo.io.report import ROLES, FileRead, Problem, Report

DATA = Path(__file__).parent / "data"


def _report() -> Report:
    report = Report()
    report.files.append(FileRead("schools", "sedes.csv", "csv", 2, columns={"a": "A"}))
    report.add(Problem("negative_count", "sedes.csv", 2, "005001000001", detail="matricula = -1"))
    report.add(Problem("missing_code", "sedes.csv"))
    return report


@pytest.mark.parametrize(
    ("lang", "headers", "text"),
    [
        ("es", ["Problema", "Archivo", "Fila", "Código", "Nombre", "Detalle"], "[Sedes] sedes.csv"),
        ("en", ["Problem", "File", "Row", "Code", "Name", "Detail"], "[Schools] sedes.csv"),
    ],
)
def test_the_report_is_headed_in_the_language_asked(lang, headers, text) -> None:
    report = _report()
    assert list(report.problems_frame(lang, with_key=False).columns) == headers
    assert list(report.problems_frame(lang).columns)[1:] == headers
    summary = report.to_text(lang)
    assert text in summary
    english = {"rows", "problem(s)", "columns:", "row", "file"}
    spanish = {"filas", "problema(s)", "columnas:", "fila", "archivo"}
    found = set(summary.split())
    assert not found & (english if lang == "es" else spanish), summary


def test_every_role_the_loader_writes_has_a_label() -> None:
    _dataset, report = load(
        Inputs(boundaries=DATA / "dos_comunas.topojson", schools=DATA / "sedes_excel_es.csv")
    )
    roles = {f.role for f in report.files}
    assert roles == {"boundaries", "schools"}
    assert roles <= set(ROLES)
    package = Path(__file__).parents[1] / "geo" / "io" / "ingest"
    source = "".join(path.read_text() for path in sorted(package.glob("*.py")))
    for role in ROLES:
        assert f'"{role}"' in source  # no label for a role the loader never writes
