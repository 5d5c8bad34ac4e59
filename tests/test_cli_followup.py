"""``python -m geo seguimiento`` and ``python -m geo evaluate`` (issue 26): the targets' table
and the effect record with their metadata, the same bytes on every run, refusals as one line."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from test_cli import ROOT, modules_after

from geo import cli

DEMO = ROOT / "data" / "demo"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(demo, monkeypatch, capsys):
    """``python -m geo ARGS`` in this process, on the session's demo (read once: loading it
    is what a subprocess would spend its time on, and test_cli checks the loading)."""
    import geo.cli.evaluate
    import geo.cli.seguimiento

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for module in (geo.cli.evaluate, geo.cli.seguimiento):
        monkeypatch.setattr(module, "load_dataset", lambda args: demo)

    def call(*args: str) -> Result:
        status = cli.main(list(args))
        printed = capsys.readouterr()
        return Result(status, printed.out, printed.err)

    return call


def test_the_targets_table_and_its_metadata(run, tmp_path: Path) -> None:
    out = tmp_path / "metas.csv"
    args = ("seguimiento", "--indicator", "dropout", "--target", "2.5", "--target-year", "2027")
    result = run(*args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "datos de demostración" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 22 and rows[-1]["code"] == "ciudad"
    # the city's last value is the sums of the demo's CSV, 2024
    counts = pd.read_csv(DEMO / "indicadores_sedes.csv")
    last = counts[counts["anio"] == 2024]
    assert float(rows[-1]["last_value"]) == pytest.approx(
        last["desertores"].sum() / last["matricula"].sum()
    )
    assert int(float(rows[-1]["numerator"])) == last["desertores"].sum()
    gaps = [float(r["gap"]) for r in rows[:-1]]
    assert gaps == sorted(gaps, reverse=True)
    meta = json.loads(out.with_name("metas.metadata.json").read_text(encoding="utf-8"))
    assert meta["target"]["link"] == "meta.dropout=2.5@2027"
    assert meta["generated"] == "2023-11-14T22:13:20+00:00"
    assert "Meta cumplida" in meta["status_rule"]
    again = tmp_path / "again.csv"
    assert run(*args, "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_the_effect_of_the_demo_programme(run, tmp_path: Path) -> None:
    out = tmp_path / "efecto.json"
    listing = str(DEMO / "intervencion_conectividad.csv")
    result = run("evaluate", "--treated", listing, "--outcome", "dropout", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "40 treated" in result.stdout
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["effect"]["ci95_low"] < -0.00999 < record["effect"]["ci95_high"] < 0
    assert record["sites"]["treated"] == 40
    assert [e["relative_year"] for e in record["event_study"]] == [-2, -1, 0, 1, 2, 3]
    assert record["demo"] is True
    meta = json.loads(out.with_name("efecto.metadata.json").read_text(encoding="utf-8"))
    assert meta["estimator"]["library"] == "linearmodels.panel.PanelOLS"


def test_refusals_are_one_line(run, tmp_path: Path) -> None:
    m, x = str(tmp_path / "m.csv"), str(tmp_path / "x.json")
    past = run("seguimiento", "--target", "2.5", "--target-year", "2020", "-o", m)
    assert past.returncode == 2 and past.stderr.count("\n") == 1
    assert "ya llegan a 2024" in past.stderr
    early = run("evaluate", "--switch", "banda_ancha", "--since", "2019", "-o", x)
    assert early.returncode == 2 and "ningún año antes del tratamiento" in early.stderr
    both = run("evaluate", "-o", x)
    assert both.returncode == 2 and "--treated" in both.stderr
    assert not Path(m).exists() and not Path(x).exists()


def test_help_stays_light(tmp_path: Path) -> None:
    status, modules = modules_after("evaluate", "--help")
    assert status == 0
    assert not {"linearmodels", "statsmodels", "pandas"} & {m.split(".")[0] for m in modules}
