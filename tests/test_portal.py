"""The official download of portal sources (issue 23) against a local imitation of Socrata:
per-year tables with provenance, a refresh that asks only for what is missing, a failed source
that keeps its last good copy and does not stop the others, and the cached tables read back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis.aggregate import aggregate
from geo.io import portal
from geo.io.ingest import DEMO_PATHS, Inputs, load
from geo.io.sources import load_settings
from geo.model import schema as s
from geo.model.catalogue import INDICATORS, get_indicator
from tests.socrata_imitation import Portal, serve

YEARS = range(2021, 2023)


def _enrolment() -> pd.DataFrame:
    """Enrolment rows per sede, grade and age (as the MEN's per-sede dataset), as text."""
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"].iloc[::7].head(100)
    rng = np.random.default_rng(8)
    n = 6000
    grade = rng.integers(0, 12, n)
    return pd.DataFrame(
        {
            "anno_inf": rng.choice([str(y) for y in YEARS], n),
            "codigo_dane_sede": rng.choice(sites.to_numpy(), n),
            "codigo_dane": "0",
            "cod_dane_municipio": rng.choice(["05001", "5001", "05088"], n, p=[0.6, 0.3, 0.1]),
            "grado": grade.astype(str),
            "edad": (grade + 5 + rng.integers(-1, 4, n)).astype(str),
            "total_matricula": rng.integers(1, 30, n).astype(str),
        }
    )


def _men() -> pd.DataFrame:
    """The demo's MEN statistics with the API's spellings (accented letters as '_')."""
    frame = pd.read_csv(DEMO_PATHS["benchmark"], dtype=str)
    spelled = {c: "".join("_" if ord(ch) > 127 else ch for ch in c.lower()) for c in frame}
    return frame.rename(columns=spelled)


def _students() -> pd.DataFrame:
    from tests.test_soda import _students as students

    return students()


@pytest.fixture()
def imitation():
    imitation = Portal({"kgxf-xxbe": _students(), "ngw5-c5nw": _enrolment(), "nudc-7mev": _men()})
    server, url = serve(imitation)
    yield imitation, url
    server.shutdown()


def _fetch(url: str, cache: Path, keys=("saber11", "matricula", "men")):
    settings = load_settings(cache)
    return portal.fetch_sources(list(keys), YEARS, settings, cache, url, sleep=lambda _: None)


def test_the_download_gives_enrolment_per_sede_and_level_as_pandas_sums(imitation, tmp_path):
    _, url = imitation
    results = _fetch(url, tmp_path)

    assert [r.ok for r in results] == [True, True, True]
    assert [r.fetched for r in results] == [list(YEARS)] * 3
    tables = portal.official_tables(tmp_path)
    dataset, _ = load(Inputs(indicators=tables.indicators, benchmark=tables.benchmark))

    rows = _enrolment()
    rows = rows[rows["cod_dane_municipio"].isin(["05001", "5001"]) & (rows["anno_inf"] == "2022")]
    rows["n"] = rows["total_matricula"].astype(int)
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    media = rows[rows["grado"].isin(["10", "11"]) & rows["edad"].isin(["15", "16"])]
    expected = media.groupby(media["codigo_dane_sede"].map(where))["n"].sum()
    assert len(expected) > 5
    got = aggregate(
        dataset.facts, get_indicator("coverage_net", "media"), 2022, population=dataset.population
    )
    pd.testing.assert_series_equal(
        got["numerator"].sort_index(),
        expected.sort_index().astype(float),
        check_names=False,
        check_index_type=False,
        check_dtype=False,
    )
    assert dataset.benchmark is not None and len(dataset.benchmark) > 0
    meta = json.loads((tmp_path / "tables" / "matricula_2022.json").read_text(encoding="utf-8"))
    assert meta["dataset"] == "ngw5-c5nw" and len(meta["sha256"]) == 64
    assert meta["queries"][0]["params"]["$where"].startswith("anno_inf='2022'")
    assert meta["licence"] and meta["url"].endswith("/resource/ngw5-c5nw.json")


def test_a_refresh_asks_only_for_what_is_missing(imitation, tmp_path):
    served, url = imitation
    _fetch(url, tmp_path)
    before = len(served.requests)
    again = _fetch(url, tmp_path)
    assert len(served.requests) == before  # nothing new: no request at all
    assert [r.cached for r in again] == [list(YEARS)] * 3
    (tmp_path / "tables" / "saber11_2022.csv").unlink()
    third = _fetch(url, tmp_path, keys=("saber11",))
    assert third[0].fetched == [2022] and third[0].cached == [2021]


def test_a_failed_source_keeps_its_copy_and_does_not_stop_the_others(imitation, tmp_path):
    _, url = imitation
    _fetch(url, tmp_path, keys=("matricula",))
    kept = (tmp_path / "tables" / "matricula_2021.csv").read_bytes()
    (tmp_path / "tables" / "matricula_2022.csv").unlink()
    (tmp_path / "sources.json").write_text(
        json.dumps({"matricula": {"dataset": "zzzz-0000"}}), encoding="utf-8"
    )
    results = _fetch(url, tmp_path, keys=("matricula", "saber11"))
    assert not results[0].ok and "sources.json: matricula.dataset" in results[0].error.message("en")
    assert results[1].ok and results[1].fetched == list(YEARS)
    assert (tmp_path / "tables" / "matricula_2021.csv").read_bytes() == kept


def _official_layers(cache: Path) -> None:
    """A cache holding the demo's territories and sites as if GeoMedellín had served them."""
    import geopandas as gpd

    cache.mkdir(parents=True, exist_ok=True)
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)
    points = gpd.GeoDataFrame(
        sites,
        geometry=gpd.points_from_xy(
            sites["longitud"].astype(float), sites["latitud"].astype(float)
        ),
        crs="EPSG:4326",
    )
    layers = {
        "comunas": gpd.read_file(DEMO_PATHS["territories"]),
        "sedes": points,
    }
    for key, frame in layers.items():
        frame.to_file(cache / f"{key}.geojson", driver="GeoJSON")
        meta = {
            "title": key,
            "source_url": f"http://127.0.0.1/{key}",
            "retrieved": "2026-12-07T10:00:00+00:00",
            "sha256": "0" * 64,
            "licence": "CC BY-SA 4.0",
            "features": len(frame),
            "source_crs": "EPSG:4326",
        }
        (cache / f"{key}.json").write_text(json.dumps(meta), encoding="utf-8")


def test_the_official_dataset_shows_what_the_downloaded_sources_allow(imitation, tmp_path):
    from geo.io.ingest import load_official

    _, url = imitation
    _official_layers(tmp_path)
    _fetch(url, tmp_path)

    dataset, _ = load_official(tmp_path)

    assert dataset.label == "Datos oficiales" and not dataset.is_demo
    available = dataset.available_indicators()
    assert {"saber11_global", "saber11_no_internet", "saber11_no_computer", "enrollment"} <= set(
        available
    )
    names = [source.name for source in dataset.sources]
    assert any(n.startswith("ICFES, Saber 11 por estudiante (") for n in names)
    assert any(n.startswith("MEN, matrícula por sede (") for n in names)
    assert dataset.benchmark is not None


def test_the_official_view_opens_on_the_latest_year_with_figures(imitation, tmp_path):
    """The sites layer is dated by its download (2026 here), a year with no rates: a view
    without a year opens on its indicator's latest year, and a year asked for is kept."""
    from geo.io.ingest import load_official
    from geo.model.view import View

    _, url = imitation
    _official_layers(tmp_path)
    _fetch(url, tmp_path)
    dataset, _ = load_official(tmp_path)
    assert max(dataset.years) == 2026
    facts = dataset.facts
    gap_years = sorted(set(facts.loc[facts["saber11_sin_internet"].notna(), s.YEAR].astype(int)))
    assert dataset.indicator_years("saber11_no_internet") == tuple(gap_years) == (2022,)

    def view(query: dict) -> View:
        return View.from_query(
            query,
            dataset.years,
            dataset.levels,
            list(dataset.available_indicators()),
            indicator_years=dataset.indicator_years,
        )[0]

    default = view({})  # no dropout downloaded: the first rate or score, not the sites' count
    needs = [i for i in dataset.available_indicators() if INDICATORS[i].direction != "neutral"]
    assert default.indicator == needs[0] == "saber11_global"
    assert default.year == max(dataset.indicator_years(default.indicator)) == 2022
    assert view({"ind": "saber11_no_internet"}).year == 2022
    assert view({"ind": "sites"}).year == 2026  # the layer's own year has its sites
    assert view({"ind": "saber11_no_internet", "year": "2021"}).year == 2021
    asked, fallbacks = View.from_query(
        {"ind": "enrollment", "year": "2030"},
        dataset.years,
        indicator_years=dataset.indicator_years,
    )
    assert asked.year == 2022 and [f.given for f in fallbacks] == ["2030"]
