"""``python -m geo plan`` (issue 17): the Focalizar page's plan and files from the command line."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from geo import cli
from geo.analysis.plan import PlanInputs, make_plan
from geo.cli import plan as cli_plan
from geo.export import plan as plan_export
from geo.export.plan import export_plan, plan_command
from geo.model import schema as s
from geo.model.view import View, make_filters

EPOCH = "1790000000"
ISSUE_COMMAND = [
    "plan",
    "--intervention",
    "computers",
    "--units",
    "5000",
    "--rule",
    "need",
    "--where",
    "sector=Oficial",
    "--year",
    "2024",
]


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_the_cli_spells_the_export_formats_as_their_origin() -> None:
    assert cli_plan.PLAN_FORMATS == plan_export.PLAN_FORMATS
    assert set(cli_plan.PLAN_SUFFIXES.values()) <= set(plan_export.PLAN_SUFFIXES)


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(".csv", "csv"), (".csv", "csv-excel-es"), (".xlsx", "xlsx"), (".geojson", "geojson")],
)
def test_the_issue_command_gives_the_pages_bytes(
    demo, tmp_path: Path, suffix: str, fmt: str
) -> None:
    out = tmp_path / f"plan{suffix}"
    assert cli.main([*ISSUE_COMMAND, "--format", fmt, "-o", str(out)]) == 0
    view = View(year=2024, filters=make_filters({s.SECTOR: ["Oficial"]}))
    expected = export_plan(
        make_plan(demo, view, PlanInputs("computers", 5_000, "need")), demo, fmt, "es"
    )
    assert out.read_bytes() == expected
    again = tmp_path / f"again{suffix}"
    assert cli.main([*ISSUE_COMMAND, "--format", fmt, "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_metadata_says_simulation_inputs_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    assert cli.main([*ISSUE_COMMAND, "-o", str(out)]) == 0
    meta = json.loads((tmp_path / "plan.metadata.json").read_text())
    assert meta["simulation"] == "Simulación, no una asignación oficial"
    assert meta["inputs"]["rule"] == "need" and meta["inputs"]["units_available"] == 5000
    assert meta["inputs"]["filters"] == {"sector": ["Oficial"]}
    assert meta["totals"]["units_used"] == 5000
    assert len(meta["territories"]) == 21
    assert meta["view"].startswith("focalizar?")
    assert "intervention=computers" in meta["view"] and "units=5000" in meta["view"]


def test_a_link_is_reproduced_by_view(tmp_path: Path) -> None:
    out, link = tmp_path / "a.csv", tmp_path / "b.csv"
    assert cli.main([*ISSUE_COMMAND, "--cap", "300", "-o", str(out)]) == 0
    meta = json.loads((tmp_path / "a.metadata.json").read_text())
    url = "http://localhost:8501/" + meta["view"]
    assert cli.main(["plan", "--view", url, "-o", str(link)]) == 0
    assert link.read_bytes() == out.read_bytes()


def test_a_budget_buys_whole_units(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    command = ["plan", "--budget", "10999999", "--unit-cost", "2000000", "-o", str(out)]
    assert cli.main(command) == 0
    meta = json.loads((tmp_path / "plan.metadata.json").read_text())
    assert meta["inputs"]["units_available"] == 5
    assert meta["totals"]["cost"] == 10_000_000


def test_refusals_say_what_was_wrong(tmp_path: Path, capsys) -> None:
    assert cli.main(["plan", "-o", str(tmp_path / "plan.png")]) == 2
    assert "plan.png" in capsys.readouterr().err
    assert cli.main(["plan", "--units", "-3", "-o", str(tmp_path / "p.csv")]) == 2
    assert "units" in capsys.readouterr().err
    assert cli.main(["plan", "--intervention", "tablets", "-o", str(tmp_path / "p.csv")]) == 2
    assert "intervention='tablets'" in capsys.readouterr().err
    # in a link, an unusable value is noted and replaced by its default
    link = "intervention=tablets&units=lots"
    assert cli.main(["plan", "--view", link, "-o", str(tmp_path / "p.csv")]) == 0
    err = capsys.readouterr().err
    assert "intervention='tablets'" in err and "using 'computers'" in err
    assert "units='lots'" in err and "using '5000'" in err


def test_the_pages_command_line_writes_the_pages_bytes(demo, tmp_path: Path) -> None:
    view = View(year=2023, lang="en", filters=make_filters({s.SECTOR: ["Oficial", "No oficial"]}))
    inputs = PlanInputs(
        "school_computers",
        None,
        "equity",
        cap=7,
        norm=8,
        unit_cost=1e6,
        budget=3e8,
        territories=("01", "60"),
    )
    plan = make_plan(demo, view, inputs)
    out = tmp_path / "plan.xlsx"
    words = shlex.split(plan_command(plan, "xlsx", str(out)))
    assert words[:4] == ["python", "-m", "geo", "plan"]
    assert cli.main(words[3:]) == 0
    assert out.read_bytes() == export_plan(plan, demo, "xlsx", "en")
