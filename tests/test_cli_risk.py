"""``python -m geo risk``: the ranked school sites of the dropout-risk index (issue 16) with
their components, the same bytes on every run, and its metadata; and the index's count in
every dataset the command line reads."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from risk_by_hand import hand_ranking
from test_cli import HEAVY, ROOT, modules_after

from geo import cli
from geo.model.catalogue import INDICATORS


def run(*args: str, epoch: str = "1700000000") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
    )


def test_the_csv_lists_the_sites_as_worked_out_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "sedes_riesgo.csv"
    result = run("risk", "--year", "2024", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Riesgo de deserción por sede, 2024" in result.stdout
    assert "Datos de demostración" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    hand = hand_ranking(2024)
    ranked = [r for r in rows if r["rank"]]
    assert len(ranked) == len(hand)
    assert [r["dane_code"] for r in ranked] == hand["codigo_dane"].tolist()
    assert [r["band"] for r in ranked] == hand["band"].tolist()
    first, top = ranked[0], hand.iloc[0]
    assert first["rank"] == "1" and first["name"] == top["nombre"]
    assert float(first["risk_index"]) == pytest.approx(top["index"], abs=0.005)
    for part in hand.attrs["weights"]:
        assert int(first[f"{part}_numerator"]) == top[f"{part}_num"]
        assert int(first[f"{part}_denominator"]) == top[f"{part}_den"]
        assert float(first[f"{part}_rate"]) == pytest.approx(top[part])
    assert rows[-1]["rank"] == "" and rows[-1]["risk_index"] == ""  # no index: listed last
    assert {r["notice"] for r in rows} == {"Datos de demostración — no oficiales"}


def test_two_runs_give_the_same_bytes_in_every_format(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("a", "b"):  # each run reads and ranks the data again
        for suffix in (".csv", ".xlsx", ".geojson"):
            assert (
                cli.main(["risk", "--year", "2023", "-o", str(tmp_path / f"{name}{suffix}")]) == 0
            )
    for suffix in (".csv", ".xlsx", ".geojson", ".metadata.json"):
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()


def test_the_metadata_says_how_it_was_made_and_checked(tmp_path: Path) -> None:
    out = tmp_path / "sedes.geojson"
    result = run("risk", "--year", "2024", "--lang", "en", "-o", str(out))
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    meta = collection["metadata"]
    assert meta == json.loads((tmp_path / "sedes.metadata.json").read_text(encoding="utf-8"))
    assert meta["indicator"]["id"] == "dropout_risk"
    assert "ranks schools, not students" in meta["indicator"]["ranks"]
    used = {c["id"]: c["weight"] for c in meta["components"] if c["used"]}
    assert used == pytest.approx(hand_ranking(2024).attrs["weights"], abs=1e-6)
    assert [b["band"] for b in meta["bands"]] == ["alto", "medio", "bajo"]
    assert [v["year"] for v in meta["validation"]] == [2019, 2020, 2021, 2022, 2023]
    assert all(-1 <= v["spearman"] <= 1 for v in meta["validation"])
    assert meta["demo"] is True and meta["generated"] == "2023-11-14T22:13:20+00:00"
    first = collection["features"][0]
    assert first["geometry"]["type"] == "Point"
    assert first["properties"]["rank"] == 1 and first["properties"]["band"] == "alto"


def test_refusals(tmp_path: Path) -> None:
    year = run("risk", "--year", "1990", "-o", str(tmp_path / "x.csv"))
    assert year.returncode == 2 and "1990" in year.stderr and "2024" in year.stderr
    fmt = run("risk", "-o", str(tmp_path / "x.png"))
    assert fmt.returncode == 2 and "x.png" in fmt.stderr


def test_risk_imports_no_map_stack(tmp_path: Path) -> None:
    status, modules = modules_after("risk", "-o", str(tmp_path / "x.csv"))
    assert status == 0
    # scipy is the validation's Spearman correlation, folium comes with geo.export's package;
    # no classification, plotting or benchmark stack
    heavy = set(HEAVY) - {"scipy", "folium"}
    assert [m for m in modules if m.split(".")[0] in heavy] == []


@pytest.mark.skipif("dropout_risk" not in INDICATORS, reason="catalogue entry not merged yet")
def test_export_of_the_indicator_sums_the_high_risk_enrolment(tmp_path: Path) -> None:
    out = tmp_path / "territorios.csv"
    result = run("export", "--indicator", "dropout_risk", "--year", "2024", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    hand = hand_ranking(2024)
    high = hand.loc[hand["band"] == "alto", "matricula"].sum()
    assert sum(int(row["numerator"] or 0) for row in rows) == high


def test_where_and_zone_list_the_sites_the_page_lists(tmp_path: Path, demo) -> None:
    from geo.analysis.risk import risk_sites, with_risk_index

    out = tmp_path / "rural.csv"
    args = ["risk", "--where", "sector=oficial", "--zone", "corregimientos", "-o", str(out)]
    assert cli.main(args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    page = risk_sites(with_risk_index(demo), 2024, {"sector": ["Oficial"]}, "corregimientos")
    assert [r["dane_code"] for r in rows] == page["codigo_dane"].tolist()
    assert 0 < len(rows) < 100 and {r["sector"] for r in rows} == {"Oficial"}
    assert json.loads((tmp_path / "rural.metadata.json").read_text())["zone"] == "corregimientos"
