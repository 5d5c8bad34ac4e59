"""``python -m geo site QUERY``: the best matches with their values, in either language; exit
1 when nothing matches; no map or statistics stack imported."""

from __future__ import annotations

import csv
from pathlib import Path

from test_cli import HEAVY, modules_after, run

from geo.model.catalogue import get_indicator
from geo.model.formatting import format_fraction, format_value

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def counts(code: str, year: int) -> dict[str, str]:
    with open(DEMO / "indicadores_sedes.csv", encoding="utf-8") as handle:
        (row,) = [
            r for r in csv.DictReader(handle) if r["codigo_dane"] == code and r["anio"] == str(year)
        ]
    return row


def test_a_name_without_accents_prints_the_site_and_its_values() -> None:
    result = run("site", "demo belen 17", "--year", "2021")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1. 990500100665  Colegio Demo Belén 17"
    assert lines[1] == (
        "   Territorio: Belén (16) · Barrio o vereda: Barrio demo 1616 (1616) · "
        "Núcleo educativo: 932 · Sector: No oficial"
    )
    row = counts("990500100665", 2021)
    dropouts, enrolled = int(row["desertores"]), int(row["matricula"])
    dropout = get_indicator("dropout")
    rate = format_value(dropouts / enrolled, dropout, "es")
    fraction = format_fraction(dropouts, enrolled, "es")
    assert f"   2021 · Deserción intra-anual: {rate} ({fraction})" in lines
    assert f"   2021 · Matrícula: {enrolled}" in lines
    assert len([line for line in lines if line[:1].isdigit()]) == 1  # one match


def test_english_a_code_prefix_and_at_most_ten_matches() -> None:
    result = run("site", "990500100", "--lang", "en")
    assert result.returncode == 0, result.stderr
    heads = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert len(heads) == 10
    assert heads[0] == "1. 990500100001  Colegio Demo Popular 1"  # codes in order
    assert "Territory: Popular (01)" in result.stdout
    assert "2024 · Within-year dropout:" in result.stdout


def test_nothing_matches_exits_1_with_a_message() -> None:
    spanish = run("site", "zzzz colegio")
    english = run("site", "zzzz colegio", "--lang", "en")
    assert spanish.returncode == english.returncode == 1
    assert spanish.stdout == english.stdout == ""
    assert spanish.stderr.startswith("Ninguna sede coincide con «zzzz colegio».")
    assert english.stderr.startswith("No site matches “zzzz colegio”.")


def test_a_year_without_data_is_refused() -> None:
    result = run("site", "belen", "--year", "1990")
    assert result.returncode == 2
    assert "1990" in result.stderr and "2024" in result.stderr


def test_site_imports_no_map_or_statistics_stack() -> None:
    status, modules = modules_after("site", "990500100665")
    assert status == 0
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
