"""``python -m geo``: help lists the commands, a missing command is an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
