"""Saber 11 from a Socrata portal (issue 23), against a local imitation with per-student rows
of our own making: the fetched per-comuna digital gap and mean equal pandas over those rows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis.aggregate import aggregate
from geo.errors import DataError
from geo.io import soda
from geo.io.ingest import DEMO_PATHS, Inputs, load
from geo.io.sources import load_settings
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from tests.socrata_imitation import HTML_PAGE, Portal, serve

YEAR = 2022


def _students() -> pd.DataFrame:
    """Candidates of two periods at 80 demo sites (and a few outside Medellín), as text."""
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"].iloc[::9].head(80)
    rng = np.random.default_rng(5)
    n = 3000
    site = rng.choice(sites.to_numpy(), n)
    answers = np.array(["Si", "No", ""])
    frame = pd.DataFrame(
        {
            "periodo": rng.choice(["20221", "20224"], n, p=[0.2, 0.8]),
            "cole_cod_dane_sede": site,
            "cole_cod_dane_establecimiento": site,
            "cole_cod_mcpio_ubicacion": rng.choice(
                ["05001", "5001", "05088"], n, p=[0.7, 0.2, 0.1]
            ),
            "punt_global": rng.integers(150, 420, n).astype(str),
            **{
                f"punt_{test}": rng.integers(20, 95, n).astype(str)
                for test in (
                    "matematicas",
                    "lectura_critica",
                    "c_naturales",
                    "sociales_ciudadanas",
                    "ingles",
                )
            },
            "fami_tieneinternet": rng.choice(answers, n, p=[0.6, 0.3, 0.1]),
            "fami_tienecomputador": rng.choice(answers, n, p=[0.5, 0.4, 0.1]),
            "estu_consecutivo": [f"SB{i:08d}" for i in range(n)],
        }
    )
    frame.loc[frame.index[::50], "punt_ingles"] = ""  # a test some candidates lack a score in
    return frame


@pytest.fixture(scope="module")
def portal():
    students = _students()
    portal = Portal({"kgxf-xxbe": students})
    server, url = serve(portal)
    yield portal, url, students
    server.shutdown()


def _client(url: str, sleeps: list[float] | None = None) -> soda.Client:
    return soda.Client(url, sleep=(sleeps.append if sleeps is not None else lambda _: None))


def test_the_fetched_digital_gap_and_mean_per_comuna_equal_pandas(portal, tmp_path: Path) -> None:
    _, url, students = portal
    source = load_settings(tmp_path).sources["saber11"]
    got = soda.fetch_saber11(_client(url), source, range(YEAR, YEAR + 1))
    path = tmp_path / "saber11_sedes.csv"
    got.frame.to_csv(path, index=False)

    dataset, _ = load(Inputs(indicators=path))  # the demo's sites and territories

    medellin = students[students["cole_cod_mcpio_ubicacion"].isin(["05001", "5001"])].copy()
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    medellin["territory"] = medellin["cole_cod_dane_sede"].map(where)
    medellin["score"] = medellin["punt_global"].astype(float)
    by = medellin.groupby("territory")
    expected_mean = by["score"].sum() / by.size()
    answered = medellin[medellin["fami_tieneinternet"] != ""]
    gap = answered.groupby("territory")["fami_tieneinternet"].agg(lambda a: (a == "No").mean())

    mean = aggregate(dataset.facts, get_indicator("saber11_global"), YEAR)["value"]
    assert len(mean) == len(expected_mean) > 5
    no_internet = aggregate(dataset.facts, get_indicator("saber11_no_internet"), YEAR)
    np.testing.assert_allclose(mean.sort_index(), expected_mean.sort_index(), rtol=1e-9)
    np.testing.assert_allclose(no_internet["value"].sort_index(), gap.sort_index(), rtol=1e-12)
    assert no_internet["denominator"].sum() == len(answered)
    assert got.periods == {p: int((medellin["periodo"] == p).sum()) for p in ("20221", "20224")}
    assert got.repeated == {"20221": 0, "20224": 0}

    # By test: Σ score / Σ candidates; English's blanks are not scores (n = those with one).
    medellin["math"] = medellin["punt_matematicas"].astype(float)
    math = aggregate(dataset.facts, get_indicator("saber11_matematicas"), YEAR)["value"]
    expected_math = medellin.groupby("territory")["math"].mean()
    np.testing.assert_allclose(math.sort_index(), expected_math.sort_index(), rtol=1e-9)
    english = aggregate(dataset.facts, get_indicator("saber11_ingles"), YEAR)
    scored = medellin[medellin["punt_ingles"] != ""]
    expected_english = scored.groupby("territory")["punt_ingles"].apply(
        lambda p: p.astype(float).mean()
    )
    np.testing.assert_allclose(
        english["value"].sort_index(), expected_english.sort_index(), rtol=1e-9
    )
    assert english["denominator"].sum() == len(scored) < len(medellin)


def test_busy_answers_are_retried_after_the_time_the_portal_asks(portal, tmp_path) -> None:
    portal_, url, _ = portal
    portal_.script[:] = [
        (429, {"Retry-After": "3"}, b"{}"),
        (503, {"Retry-After": "0"}, b""),
    ]
    sleeps: list[float] = []
    source = load_settings(tmp_path).sources["saber11"]
    periods = soda.saber11_periods(_client(url, sleeps), source, YEAR)
    assert periods == ["20221", "20224"] and sleeps == [3.0, 0.0]


def test_a_web_page_a_moved_dataset_and_a_renamed_field_name_what_to_change(
    portal, tmp_path: Path
) -> None:
    portal_, url, _ = portal
    source = load_settings(tmp_path).sources["saber11"]
    portal_.script[:] = [(200, {"Content-Type": "text/html"}, b"<html>Mantenimiento</html>")]
    with pytest.raises(DataError) as page:
        soda.saber11_periods(_client(url), source, YEAR)
    assert "web page" in page.value.message("en")
    portal_.script[:] = [HTML_PAGE] * (soda.RETRIES + 1)
    with pytest.raises(DataError, match="HTTP 503"):
        soda.saber11_periods(_client(url), source, YEAR)

    (tmp_path / "sources.json").write_text(
        json.dumps({"saber11": {"dataset": "zzzz-9999"}}), encoding="utf-8"
    )
    moved = load_settings(tmp_path).sources["saber11"]
    with pytest.raises(DataError) as error:
        soda.saber11_periods(_client(url), moved, YEAR)
    assert "sources.json: saber11.dataset" in error.value.message("en")
    assert "HTTP 404" in error.value.message("en")

    (tmp_path / "sources.json").write_text(
        json.dumps({"saber11": {"fields": {"global": "puntaje_global"}}}), encoding="utf-8"
    )
    renamed = load_settings(tmp_path).sources["saber11"]
    with pytest.raises(DataError) as error:
        soda.fetch_saber11(_client(url), renamed, range(YEAR, YEAR + 1))
    assert "sources.json: saber11.fields" in error.value.message("es")

    (tmp_path / "sources.json").write_text(json.dumps({"saber12": {}}), encoding="utf-8")
    with pytest.raises(DataError, match="saber12"):
        load_settings(tmp_path)


def test_pages_follow_each_other_and_doubled_candidates_are_counted(
    portal, tmp_path, monkeypatch
) -> None:
    portal_, url, students = portal
    doubled = pd.concat([students, students.head(7)], ignore_index=True)
    portal_.datasets["kgxf-xxbe"] = doubled
    monkeypatch.setattr(soda, "PAGE_ROWS", 13)
    try:
        source = load_settings(tmp_path).sources["saber11"]
        client = _client(url)
        got = soda.fetch_saber11(client, source, range(YEAR, YEAR + 1))
    finally:
        portal_.datasets["kgxf-xxbe"] = students
    medellin = doubled[doubled["cole_cod_mcpio_ubicacion"].isin(["05001", "5001"])]
    assert int(got.frame["saber11_evaluados"].sum()) == len(medellin)
    extra = medellin.head(len(medellin))[medellin["estu_consecutivo"].duplicated()]
    assert sum(got.repeated.values()) == extra["estu_consecutivo"].nunique()
    assert max(client.traffic.requests.values()) > 2  # paged
