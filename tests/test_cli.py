"""``python -m geo``: help lists the commands, a missing command is an error, and a command
imports only what it uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo import cli
from geo.cli import _inputs as cli_inputs

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for command in ("demo", "report", "template"):
        assert command in result.stdout


def test_no_command_is_an_error() -> None:
    result = run()
    assert result.returncode != 0
    assert "COMMAND" in result.stderr


def test_template_writes_a_csv(tmp_path: Path) -> None:
    out = tmp_path / "plantilla.csv"
    result = run("template", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "codigo_dane" in out.read_text("utf-8-sig")


def test_report_refusals_follow_lang(tmp_path: Path) -> None:
    missing = str(tmp_path / "limites.geojson")
    spanish = run("report", "--boundaries", missing)
    english = run("report", "--boundaries", missing, "--lang", "en")
    assert spanish.returncode == english.returncode == 2
    assert spanish.stderr.strip() == f"error: {missing}: no existe. Revise la ruta."
    assert english.stderr.strip() == f"error: {missing}: does not exist. Check the path."


def test_report_text_follows_lang() -> None:
    topo = str(ROOT / "tests" / "data" / "dos_comunas.topojson")
    spanish = run("report", "--boundaries", topo)
    english = run("report", "--boundaries", topo, "--lang", "en")
    assert spanish.returncode == english.returncode == 0, spanish.stderr + english.stderr
    assert "[Límites (comunas)] dos_comunas.topojson" in spanish.stdout
    assert "sedes ubicadas en 2 territorios" in spanish.stdout
    assert "[Boundaries (comunas)] dos_comunas.topojson" in english.stdout
    assert "sites located in 2 territories" in english.stdout


# What the map, statistics and benchmark stacks import; ``--help`` and ``report`` need none.
HEAVY = ("mapclassify", "esda", "matplotlib", "folium", "scipy", "sklearn", "atlas_bench")
_MODULES_AFTER = """
import json, sys
from geo.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def modules_after(*args: str) -> tuple[int, list[str]]:
    """The exit status of ``geo.cli.main(args)`` and every module imported by then, in a fresh
    interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout.strip().splitlines()[-1])
    return printed["status"], printed["modules"]


@pytest.mark.parametrize("args", [("--help",), ("report",)], ids=["help", "report-demo"])
def test_help_and_report_import_no_map_statistics_or_benchmark_stack(args: tuple[str]) -> None:
    status, modules = modules_after(*args)
    assert status == 0
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
    if args == ("--help",):
        assert "geopandas" not in modules and "pandas" not in modules


def test_values_spelled_in_the_cli_match_their_origin() -> None:
    from geo.io.ingest import DEFAULT_TOLERANCE_M, Inputs
    from geo.model.dataset import DEMO_DIR

    assert cli_inputs.DEFAULT_TOLERANCE_M == DEFAULT_TOLERANCE_M == Inputs().tolerance_m
    assert cli_inputs.DEMO_DIR == DEMO_DIR


def test_report_and_export_take_the_same_input_options() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices

    def options(name: str) -> set[str]:
        return {o for a in commands[name]._actions for o in a.option_strings}

    inputs = {"--boundaries", "--barrios", "--schools", "--indicators", "--population"}
    inputs |= {"--map", "--layer", "--sheet", "--tolerance"}
    assert inputs <= options("report") & options("export")


def test_export_reads_the_barrios_it_is_given(tmp_path: Path) -> None:
    missing = str(tmp_path / "barrios.geojson")
    refused = run(
        "export", "--barrios", missing, "--tolerance", "50", "-o", str(tmp_path / "x.csv")
    )
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"error: {missing}: no existe. Revise la ruta."
    out = tmp_path / "barrios.csv"
    barrios = str(ROOT / "data" / "demo" / "barrios_veredas.geojson")
    result = run(
        "export", "--barrios", barrios, "--tolerance", "50", "--level", "barrio", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert ",barrio," in out.read_text("utf-8")


def test_every_command_is_one_module_with_its_parts() -> None:
    """``geo/cli/<command>.py`` for each command --help lists, each with its help, description,
    options and runner; a module there that no command names is a command left out."""
    import importlib

    from geo.cli import COMMANDS

    folder = Path(cli.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    assert sorted(COMMANDS) == modules
    for name in COMMANDS:
        command = importlib.import_module(f"geo.cli.{name}")
        assert command.HELP and command.DESCRIPTION, name
        assert callable(command.add_arguments) and callable(command.run), name
    subcommands = cli.build_parser()._subparsers._group_actions[0].choices
    assert list(subcommands) == list(COMMANDS)


def test_a_refusal_raised_by_a_command_is_one_line_and_status_2(capsys) -> None:
    assert cli.main(["template", "-o", "plantilla.txt"]) == 2
    err = capsys.readouterr().err
    assert err == "error: the template is written as .csv or .xlsx\n"
