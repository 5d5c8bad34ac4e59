"""The population layer (ArcGIS) and MEData's dropout, approval and failure (CKAN) through the
same download as the Socrata sources (issue 23), against local imitations with rows of our own
making: the fetched per-comuna values equal pandas over those rows."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote_plus

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.analysis.aggregate import aggregate
from geo.io import portal
from geo.io.ingest import DEMO_PATHS, Inputs, load
from geo.io.sources import DEFAULT_ARCGIS_URL, SOURCES, load_settings
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from tests.portal_imitations import ARCGIS_ERROR, CKAN_ERROR, HTML, ArcgisLayer, Ckan
from tests.socrata_imitation import Portal, serve
from tests.test_portal import _enrolment, _men

LAYER = SOURCES["poblacion"].dataset
YEARS = range(2021, 2023)


def _territories() -> pd.DataFrame:
    return pd.DataFrame(gpd.read_file(DEMO_PATHS["territories"]).drop(columns="geometry"))


def _layer(ages: bool) -> pd.DataFrame:
    """One feature per demo territory, named as the DAP's (no code), totals 2018-2030."""
    places = _territories()
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"OBJECTID": range(1, len(places) + 1), "nombre": places[s.NAME]})
    for year in range(2018, 2031):
        frame[f"total_{year}"] = rng.integers(5_000, 200_000, len(frame))
        if ages:
            frame[f"poblacion_5_16_{year}"] = (frame[f"total_{year}"] * 0.17).astype(int)
            frame[f"poblacion_15_16_{year}"] = (frame[f"total_{year}"] * 0.03).astype(int)
    frame["fecha_actualizacion"] = "2018-12-12 00:00:00"
    return frame


def _boundaries(cache: Path) -> None:
    """The demo's territories as the cached official comunas (no sites: the demo's are used)."""
    comunas = gpd.read_file(DEMO_PATHS["territories"])
    comunas.to_file(cache / "comunas.geojson", driver="GeoJSON")
    meta = {
        "title": "Comunas y corregimientos",
        "source_url": "http://127.0.0.1/comunas",
        "retrieved": "2026-12-07T10:00:00+00:00",
        "sha256": "0" * 64,
        "licence": "CC BY-SA 4.0",
        "features": len(comunas),
        "source_crs": "EPSG:4326",
    }
    (cache / "comunas.json").write_text(json.dumps(meta), encoding="utf-8")


def _fetch(keys, cache: Path, socrata: str = "http://127.0.0.1:9", **bases: str):
    settings = load_settings(cache)
    return portal.fetch_sources(
        list(keys), YEARS, settings, cache, socrata, sleep=lambda _: None, bases=bases
    )


def test_population_and_enrolment_give_coverage_per_comuna_as_pandas(tmp_path: Path) -> None:
    layer = ArcgisLayer(LAYER, _layer(ages=True), max_records=8)  # pages of 8 of 21
    socrata = Portal({"ngw5-c5nw": _enrolment()})
    (arcgis, arcgis_url), (server, socrata_url) = serve(layer), serve(socrata)
    try:
        results = _fetch(["poblacion", "matricula"], tmp_path, socrata_url, arcgis=arcgis_url)
        assert [r.ok for r in results] == [True, True], [str(r.error) for r in results]
        assert results[0].requests == 3 and not results[0].notes  # 21 features, pages of 8
        again = _fetch(["poblacion", "matricula"], tmp_path, socrata_url, arcgis=arcgis_url)
        assert [r.requests for r in again] == [0, 0]  # nothing new: no request
    finally:
        arcgis.shutdown()
        server.shutdown()
    tables = portal.official_tables(tmp_path)
    dataset, _ = load(Inputs(indicators=tables.indicators, population=tables.population))

    # Independently: the layer's own columns by name, MEN rows summed per territory by pandas.
    code = _territories().set_index(s.NAME)[s.CODE]
    wide = _layer(ages=True).assign(code=lambda f: f["nombre"].map(code)).set_index("code")
    got = dataset.population.set_index([s.CODE, s.YEAR])
    assert got.loc[("05", 2026), s.POPULATION] == wide.loc["05", "total_2026"]
    rows = _enrolment()
    rows = rows[rows["cod_dane_municipio"].isin(["05001", "5001"]) & (rows["anno_inf"] == "2022")]
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    enrolled = rows["total_matricula"].astype(int).groupby(rows["codigo_dane_sede"].map(where))
    expected = enrolled.sum() / wide["poblacion_5_16_2022"].reindex(enrolled.sum().index)
    coverage = aggregate(
        dataset.facts, get_indicator("coverage_gross"), 2022, population=dataset.population
    )
    assert len(coverage) == len(expected) > 5
    np.testing.assert_allclose(coverage["value"].sort_index(), expected.sort_index(), rtol=1e-12)
    media = aggregate(
        dataset.facts, get_indicator("coverage_net", "media"), 2022, population=dataset.population
    )
    assert (media["denominator"] == wide["poblacion_15_16_2022"].reindex(media.index)).all()


def test_a_layer_of_totals_says_coverage_stays_uncomputed_and_faults_name_the_fix(
    tmp_path: Path,
) -> None:
    layer = ArcgisLayer(LAYER, _layer(ages=False))
    server, url = serve(layer)
    try:
        layer.script[:] = [ARCGIS_ERROR]
        failed = _fetch(["poblacion"], tmp_path, arcgis=url)[0]
        assert "Invalid query" in failed.error.message("en")
        assert "sources.json: poblacion.dataset" in failed.error.message("en")
        layer.script[:] = [HTML]
        assert "web page" in _fetch(["poblacion"], tmp_path, arcgis=url)[0].error.message("en")
        assert not (tmp_path / "tables" / "poblacion.csv").exists()

        (tmp_path / "sources.json").write_text(
            json.dumps({"poblacion": {"dataset": "mapas/Otro/MapServer/9"}}), encoding="utf-8"
        )
        moved = _fetch(["poblacion"], tmp_path, arcgis=url)[0]
        assert "HTTP 404" in moved.error.message("es")
        (tmp_path / "sources.json").unlink()

        result = _fetch(["poblacion"], tmp_path, arcgis=url)[0]
    finally:
        server.shutdown()
    assert result.ok and "sin grupos de edad" in result.notes[0]
    _boundaries(tmp_path)
    from geo.io.ingest import load_official

    dataset, _ = load_official(tmp_path)
    assert dataset.population[s.POPULATION].notna().all()
    assert dataset.population[s.POPULATION_5_16].isna().all()  # never assumed
    assert "coverage_gross" not in dataset.available_indicators()


GRADES = [str(g) for g in range(1, 12)]


def _efficiency(institutions: list[str]) -> pd.DataFrame:
    """MEData-like rows: establishment × sex × year, counts per grade, as its portal may type
    them (codes as numbers: leading zeros lost elsewhere, not here)."""
    rng = np.random.default_rng(11)
    rows = []
    for code in institutions:
        for year in YEARS:
            for sex in ("Hombre", "Mujer"):
                row = {"codigo_dane": code, "anio": str(year), "sexo": sex}
                row["nombre_establecimiento"] = f"I.E. {code[-4:]}"
                for grade in GRADES:
                    enrolled = int(rng.integers(20, 80))
                    dropped = int(rng.integers(0, 6))
                    failed = int(rng.integers(0, 8))
                    row[f"matricula_grado_{grade}"] = enrolled
                    row[f"desercion_grado_{grade}"] = dropped
                    row[f"reprobacion_grado_{grade}"] = failed
                    row[f"aprobacion_grado_{grade}"] = enrolled - dropped - failed
                row["tasa_desercion"] = 3.5  # a rate beside the counts: never summed
                rows.append(row)
    return pd.DataFrame(rows)


RESOURCE = "5f7a1c2e-0000-4000-8000-00000000000a"


COPY = "5f7a1c2e-0000-4000-8000-00000000000b"
OTHER = "5f7a1c2e-0000-4000-8000-00000000000c"


def _medata(institutions: list[str]) -> Ckan:
    """The table as CSV and again as a workbook (the same rows: never summed twice), and a
    table per comuna the search also finds (not per establishment: passed over)."""
    packages = [
        {
            "name": "desercion-escolar-por-establecimiento",
            "title": "Deserción escolar por establecimiento educativo",
            "resources": [
                {"id": RESOURCE, "name": "desercion.csv", "datastore_active": True},
                {"id": COPY, "name": "desercion.xlsx", "datastore_active": True},
                {"id": "pdf-ficha", "name": "ficha.pdf", "datastore_active": False},
            ],
        },
        {
            "name": "desercion-por-comuna",
            "title": "Tasa de deserción por comuna",
            "resources": [{"id": OTHER, "name": "comunas.csv"}],
        },
    ]
    rows = _efficiency(institutions)
    by_comuna = pd.DataFrame({"comuna": [f"{i:02d}" for i in range(1, 200)], "tasa": 3.2})
    return Ckan(packages, {RESOURCE: rows, COPY: rows.copy(), OTHER: by_comuna})


@pytest.fixture(scope="module")
def medata():
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"].iloc[::11].head(60)
    ckan = _medata(list(sites))
    server, url = serve(ckan)
    yield ckan, url
    server.shutdown()


def test_medata_dropout_per_comuna_equals_pandas_over_its_rows(medata, tmp_path, monkeypatch):
    from geo.io import ckan as ckan_module

    served, url = medata
    monkeypatch.setattr(ckan_module, "PAGE_ROWS", 50)  # 240 records: five pages
    results = _fetch(["eficiencia"], tmp_path, ckan=url)
    assert results[0].ok, str(results[0].error)
    # the search; each copy's fields, then five pages; the fields of the table per comuna
    assert results[0].fetched == list(YEARS) and results[0].requests == 1 + 6 + 6 + 1
    assert "se usan las del primero, no su suma" in results[0].notes[0]
    before = len(served.requests)
    again = _fetch(["eficiencia"], tmp_path, ckan=url)
    assert len(served.requests) == before and again[0].cached == list(YEARS)
    (tmp_path / "tables" / "eficiencia_2022.csv").unlink()  # one year to ask again: its rows only
    third = _fetch(["eficiencia"], tmp_path, ckan=url)[0]
    assert third.fetched == [2022] and third.cached == [2021]
    asked = [unquote_plus(r) for r in served.requests[before:]]
    assert third.bytes < 0.6 * results[0].bytes  # half the rows: one year of two
    assert sum('filters={"anio": ["2022"]}' in r for r in asked) == 2 * 3  # two copies, 3 pages

    tables = portal.official_tables(tmp_path)
    dataset, _ = load(Inputs(indicators=tables.indicators))
    rows = _efficiency(list(served.records[RESOURCE]["codigo_dane"].unique()))
    rows = rows[rows["anio"] == "2022"]
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    territory = rows["codigo_dane"].map(where)
    dropped = rows[[f"desercion_grado_{g}" for g in GRADES]].sum(axis=1).groupby(territory).sum()
    enrolled = rows[[f"matricula_grado_{g}" for g in GRADES]].sum(axis=1).groupby(territory).sum()
    got = aggregate(dataset.facts, get_indicator("dropout"), 2022)
    assert len(got) > 5
    np.testing.assert_allclose(got["value"].sort_index(), (dropped / enrolled).sort_index())
    secondary = [f"desercion_grado_{g}" for g in range(6, 10)]
    by_level = aggregate(dataset.facts, get_indicator("dropout", "secundaria"), 2022)
    expected = rows[secondary].sum(axis=1).groupby(territory).sum()
    assert (by_level["numerator"].sort_index() == expected.sort_index()).all()
    failure = aggregate(dataset.facts, get_indicator("failure"), 2022)
    failed = rows[[f"reprobacion_grado_{g}" for g in GRADES]].sum(axis=1).groupby(territory)
    np.testing.assert_allclose(
        failure["value"].sort_index(), (failed.sum() / enrolled).sort_index()
    )


def test_medata_faults_say_which_indicators_stay_without_official_data(medata, tmp_path) -> None:
    served, url = medata
    served.script[:] = [CKAN_ERROR]
    error = _fetch(["eficiencia"], tmp_path, ckan=url)[0].error
    assert "MEData answered an error: Search error" in error.message("en")
    served.script[:] = [HTML]
    assert "web page" in _fetch(["eficiencia"], tmp_path, ckan=url)[0].error.message("en")
    odd = (
        200,
        {"Content-Type": "application/json"},
        b'{"success": true, "result": {"results": [7]}}',
    )
    served.script[:] = [odd]
    assert "not shaped as expected" in _fetch(["eficiencia"], tmp_path, ckan=url)[0].error.message(
        "en"
    )

    settings = tmp_path / "sources.json"
    settings.write_text(json.dumps({"eficiencia": {"dataset": "tasa de natalidad"}}), "utf-8")
    none = _fetch(["eficiencia"], tmp_path, ckan=url)[0].error.message("es")
    assert "Deserción intra-anual, Aprobación y Reprobación siguen sin datos oficiales" in none
    assert "no los inventa" in none and "sources.json: eficiencia.dataset" in none

    gone = "0a0a0a0a-1111-4222-8333-444444444444"  # a resource id that is not there: 404
    settings.write_text(json.dumps({"eficiencia": {"dataset": gone}}), "utf-8")
    assert "Resource was not found" in _fetch(["eficiencia"], tmp_path, ckan=url)[0].error.message(
        "en"
    )
    assert not list(tmp_path.glob("tables/eficiencia_*"))  # nothing half-written


def test_medata_enrolment_wins_over_the_mens_where_both_give_it(medata, tmp_path) -> None:
    _, url = medata
    socrata = Portal({"ngw5-c5nw": _enrolment()})
    server, socrata_url = serve(socrata)
    try:
        results = _fetch(["matricula", "eficiencia"], tmp_path, socrata_url, ckan=url)
    finally:
        server.shutdown()
    assert all(r.ok for r in results)
    tables = portal.official_tables(tmp_path)
    assert any("2022: matricula" in note and "MEData" in note for note in tables.notes)
    table = pd.read_csv(tables.indicators, dtype={s.SITE_CODE: str})
    mine = pd.read_csv(tmp_path / "tables" / "eficiencia_2022.csv", dtype={s.SITE_CODE: str})
    year = table[table[s.YEAR] == 2022]
    assert year[s.ENROLLED].sum() == mine[s.ENROLLED].sum()  # one source per column and year
    assert year[s.ENROLLED_OFFICIAL_AGE].notna().any()  # what MEData lacks stays the MEN's


def test_the_registry_defaults_match_the_layer_download() -> None:
    from geo.io.fetch import DEFAULT_ARCGIS_BASE

    assert DEFAULT_ARCGIS_URL == DEFAULT_ARCGIS_BASE


@pytest.mark.skipif(not os.environ.get("ATLAS_REAL_DATA"), reason="ATLAS_REAL_DATA is not set")
def test_the_real_projections_served_as_the_layer_join_every_comuna(tmp_path: Path) -> None:
    """The DAP's real table (read in place, never copied) served by the imitation."""
    real = Path(os.environ["ATLAS_REAL_DATA"])
    frame = pd.read_csv(real / "poblacion_comunas_2018_2030.csv").drop(columns="Shape")
    layer = ArcgisLayer(LAYER, frame)
    server, url = serve(layer)
    try:
        result = _fetch(["poblacion"], tmp_path, arcgis=url)[0]
    finally:
        server.shutdown()
    assert result.ok and "sin grupos de edad" in result.notes[0]
    from geo.io.ingest.areas import _read_areas
    from geo.io.ingest.tables import _read_population
    from geo.io.report import Report

    report = Report()
    inputs = Inputs()
    comunas = _read_areas(
        real / "comunas_corregimientos_4326.geojson", "boundaries", 2, {}, report, {}
    )
    population = _read_population(
        portal.official_tables(tmp_path).population, inputs, comunas, report
    )
    year = population[population[s.YEAR] == 2026]
    assert set(year[s.CODE]) == set(comunas[s.CODE])  # 'Laureles Estadio' is 'LAURELES'...
    assert len(year) == 21 and year[s.POPULATION].sum() == 2_787_912
    # Split by a city figure (not the MEN's own: a round number), the 21 estimates add up to it.
    from geo.io.ingest.schoolage import estimate_school_age

    estimated = estimate_school_age(population, {2026: 450_000.0}, report)
    year = estimated[estimated[s.YEAR] == 2026]
    assert year[s.POPULATION_5_16].sum() == pytest.approx(450_000, rel=1e-12)
    assert estimated.loc[estimated[s.YEAR] != 2026, s.POPULATION_5_16].isna().all()


def test_the_fetch_bench_counts_traffic_and_a_refresh_asks_at_most_once_per_source() -> None:
    from geo.cli.bench import load_bench

    result = load_bench().run("fetch", 1, None, quick=True)
    fetch = result["fetch"]
    assert fetch["refresh_ok"] and not fetch["failed"], fetch
    assert set(fetch["refresh"]) == set(SOURCES) and max(fetch["refresh"].values()) <= 1
    first = {r["source"]: r for r in fetch["first"]}
    assert first["saber11"]["traffic"]["saber11 20224"][0] == 1  # one query for the period
    assert all(r["requests"] >= 1 and r["bytes"] > 0 for r in first.values())
    extend = fetch["extend"]  # one year more: only it is asked, and MEData's rows of it only
    assert extend["saber11"][0] == [2023] and extend["poblacion"][1] == 0
    assert extend["eficiencia"][2] < first["eficiencia"]["bytes"] / 10


def test_metodologia_states_population_period_source_licence_and_limits_of_each_fed_one() -> None:
    from geo.io.sources import INDICATOR_METHOD, method_lines
    from geo.model.catalogue import INDICATORS

    fed = {i for source in SOURCES.values() for i in source.feeds}
    assert fed <= set(INDICATOR_METHOD) <= set(INDICATORS)
    for lang in ("es", "en"):
        lines = method_lines("saber11_no_internet", lang)
        assert len(lines) == 5 and "kgxf-xxbe" in lines[2]
        assert ("grado 11" if lang == "es" else "grade-11") in lines[0]
    assert "MEData" in " ".join(method_lines("dropout", "es"))
    assert "city's age structure" in method_lines("coverage_gross", "en")[-1]
    assert "estructura de edades de la ciudad" in method_lines("coverage_net", "es")[-1]
    assert "nudc-7mev" in method_lines("coverage_net", "es")[2]
    assert method_lines("sites", "es") == []  # no official source feeds it here


def test_a_medata_table_without_a_year_column_takes_the_year_its_name_gives() -> None:
    from geo.io.ckan import _columns, _counts

    source = SOURCES["eficiencia"]
    rows = _efficiency(["105001000001", "105001000002"]).drop(columns="anio")
    rows = rows.iloc[::2].rename(columns=lambda c: c.replace("desercion", "Deserción"))
    rows["sexo"] = "Total"
    rows.loc[rows.index[0], "sexo"] = "Hombre"  # a table with 'Total' rows: only they count
    columns = _columns(list(rows.columns), source)
    assert columns is not None and columns["year"] is None
    got = _counts(rows, columns, "Deserción escolar 2021 por establecimiento", source)
    total = rows[rows["sexo"] == "Total"]
    assert set(got[s.YEAR]) == {2021} and len(got) == len(total)
    dropped = total[[f"Deserción_grado_{g}" for g in GRADES]].sum(axis=1)
    assert got[s.DROPOUTS].tolist() == dropped.tolist()
    assert _counts(rows, columns, "Deserción 2020 y 2021", source) is None  # which year?


def test_a_medata_column_of_rates_is_refused_not_summed_as_students() -> None:
    from geo.errors import DataError
    from geo.io.ckan import _columns, _counts

    source = SOURCES["eficiencia"]
    rows = pd.DataFrame(
        {"codigo_dane": ["105001000001"], "anio": ["2021"], "desercion": ["3.19"], "matricula": [9]}
    )
    columns = _columns(list(rows.columns), source)
    with pytest.raises(DataError) as error:
        _counts(rows, columns, "", source)
    assert "'desercion'" in error.value.message("en") and "rate" in error.value.message("en")


def test_a_year_medata_writes_as_a_date_is_read_from_all_rows_not_filtered(
    tmp_path: Path,
) -> None:
    rows = _efficiency(["105001000001", "105001000002"])
    rows["anio"] = rows["anio"] + "-12-31"  # a filter on '2022' would match none of these
    ckan = Ckan(_medata([]).packages[:1], {RESOURCE: rows, COPY: rows.iloc[:0]})
    server, url = serve(ckan)
    try:
        result = _fetch(["eficiencia"], tmp_path, ckan=url)[0]
    finally:
        server.shutdown()
    assert result.ok, str(result.error)
    got = pd.read_csv(tmp_path / "tables" / "eficiencia_2022.csv", dtype={s.SITE_CODE: str})
    mine = rows[rows["anio"] == "2022-12-31"]
    assert got[s.ENROLLED].sum() == mine[[f"matricula_grado_{g}" for g in GRADES]].sum().sum()


def _totals_and_the_mens_figure(cache: Path) -> None:
    """A cache as the official download leaves it with the DAP's layer of totals only, the
    MEN's enrolment per sede and its statistics for the city (and the demo's comunas)."""

    layer = ArcgisLayer(LAYER, _layer(ages=False))
    socrata = Portal({"ngw5-c5nw": _enrolment(), "nudc-7mev": _men()})
    (arcgis, arcgis_url), (server, socrata_url) = serve(layer), serve(socrata)
    try:
        keys = ["poblacion", "matricula", "men"]
        results = _fetch(keys, cache, socrata_url, arcgis=arcgis_url)
    finally:
        arcgis.shutdown()
        server.shutdown()
    assert [r.ok for r in results] == [True] * 3, [str(r.error) for r in results]
    _boundaries(cache)


def test_a_layer_of_totals_and_the_mens_city_figure_give_estimated_coverage_as_pandas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The DAP's layer has totals only: each territory's population 5-16 is its total × the
    MEN's city figure / the sum of the totals, flagged as an estimate; coverage for all levels
    follows, each level's stays uncomputed."""
    from geo.io.ingest import load_official
    from geo.model.agesplit import SPLIT

    _totals_and_the_mens_figure(tmp_path)
    dataset, report = load_official(tmp_path)

    # Independently, from the served rows: the layer's totals, the MEN's figure, enrolment.
    code = _territories().set_index(s.NAME)[s.CODE]
    wide = _layer(ages=False).assign(code=lambda f: f["nombre"].map(code)).set_index("code")
    men = _men()
    men = men[(men["c_digo_municipio"] == "05001") & (men["a_o"] == "2022")]
    city = float(men["poblaci_n_5_16"].iloc[0])
    estimated = wide["total_2022"] * city / wide["total_2022"].sum()
    rows = _enrolment()
    rows = rows[rows["cod_dane_municipio"].isin(["05001", "5001"]) & (rows["anno_inf"] == "2022")]
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    rows = rows.assign(n=rows["total_matricula"].astype(int), t=rows["codigo_dane_sede"].map(where))
    gross = rows.groupby("t")["n"].sum() / estimated
    of_age = rows[rows["edad"].astype(int).between(5, 16)].groupby("t")["n"].sum()
    net = of_age / estimated

    year = dataset.population[dataset.population[s.YEAR] == 2022].set_index(s.CODE)
    np.testing.assert_allclose(
        year[s.POPULATION_5_16].sort_index(), estimated.sort_index(), rtol=1e-12
    )
    assert year[s.POPULATION_5_16].sum() == pytest.approx(city, rel=1e-12)  # the MEN's total
    assert year[SPLIT].all() and dataset.population_estimated(2022)
    later = dataset.population[dataset.population[s.YEAR] == 2026]  # the MEN's last is 2024
    assert later[s.POPULATION_5_16].isna().all() and not dataset.population_estimated(2026)
    for indicator, expected in (("coverage_gross", gross), ("coverage_net", net)):
        got = aggregate(
            dataset.facts, get_indicator(indicator), 2022, population=dataset.population
        )["value"].dropna()
        assert len(got) > 5
        np.testing.assert_allclose(
            got.sort_index(), expected.reindex(got.index).sort_index(), rtol=1e-12
        )
    assert "coverage_gross" in dataset.available_indicators()
    assert dataset.missing_inputs("coverage_gross", "media")  # per level: not estimated
    population_read = next(f for f in report.files if f.role == "population")
    assert any("estructura de edades" in n for n in population_read.notes_in("es"))

    from geo.analysis.choropleth import compute
    from geo.export.tables import metadata
    from geo.model.i18n import t
    from geo.model.view import View

    view, _ = View.from_query({"ind": "coverage_net", "year": "2022"}, dataset.years)
    choropleth = compute(dataset, view)
    assert choropleth.population_estimated
    for lang in ("es", "en"):
        record = metadata(choropleth, dataset, lang)["indicator"]
        assert record["population_estimated"]
        assert record["estimate"] == t("coverage_estimated_note", lang)
    from geo.cli import main

    out = tmp_path / "cobertura.csv"  # the command line's export says it and records it
    command = f"export --official {tmp_path} --indicator coverage_gross --year 2022 --lang en"
    assert main([*command.split(), "-o", str(out)]) == 0
    assert t("coverage_estimated_source", "en") in capsys.readouterr().out
    written = json.loads(out.with_name("cobertura.metadata.json").read_text(encoding="utf-8"))
    assert written["indicator"]["estimate"] == t("coverage_estimated_note", "en")
    from geo.analysis.priority import priority_choropleth

    assert priority_choropleth(
        dataset, view, {"coverage_gross": 1.0}, "minmax"
    ).population_estimated
    from geo.render.datos import indicators_frame

    listed = indicators_frame(dataset, "en").set_index("Indicator")["Available"]
    assert listed["Gross coverage"] == t("yes_estimated", "en") == listed["Net coverage"]
    assert listed["Enrolment"] == t("yes", "en")
    from geo.analysis.ficha import build_profile

    ficha = build_profile(dataset, view, str(got.index[0]))  # it lists the coverage: says so
    assert ficha.source.endswith(t("coverage_estimated_source", "es"))


def test_a_layer_with_age_groups_is_used_as_given_beside_the_mens_figure(tmp_path: Path) -> None:
    from geo.io.ingest import load_official
    from geo.model.agesplit import SPLIT

    layer = ArcgisLayer(LAYER, _layer(ages=True))
    socrata = Portal({"nudc-7mev": _men()})
    (arcgis, arcgis_url), (server, socrata_url) = serve(layer), serve(socrata)
    try:
        results = _fetch(["poblacion", "men"], tmp_path, socrata_url, arcgis=arcgis_url)
    finally:
        arcgis.shutdown()
        server.shutdown()
    assert [r.ok for r in results] == [True, True]
    _boundaries(tmp_path)
    dataset, _ = load_official(tmp_path)
    code = _territories().set_index(s.NAME)[s.CODE]
    wide = _layer(ages=True).assign(code=lambda f: f["nombre"].map(code)).set_index("code")
    year = dataset.population[dataset.population[s.YEAR] == 2022].set_index(s.CODE)
    assert (year[s.POPULATION_5_16] == wide["poblacion_5_16_2022"].reindex(year.index)).all()
    assert SPLIT not in dataset.population and not dataset.population_estimated(2022)


def test_the_map_of_estimated_coverage_says_so_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    import pages._shell.data
    from geo.model.i18n import t

    _totals_and_the_mens_figure(tmp_path)
    monkeypatch.setattr(pages._shell.data, "OFFICIAL_CACHE", tmp_path)
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    for lang in ("es", "en"):
        at = AppTest.from_file(app, default_timeout=60)
        query = {"ds": "official", "ind": "coverage_gross", "year": "2022", "lang": lang}
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception
        captions = [c.value for c in at.caption]
        assert t("coverage_estimated_note", lang) in captions, captions
        (component,) = at.get("component_instance")  # the legend's source line says it too
        script = json.loads(component.proto.json_args)["feature_group"]
        (legend,) = re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', script)
        assert html.escape(t("coverage_estimated_source", lang)) in json.loads(legend)
    compare = AppTest.from_file(app, default_timeout=60)  # Comparar's change map says it too
    for key, value in {"ds": "official", "ind": "coverage_gross", "cmp": "change"}.items():
        compare.query_params[key] = value
    compare.switch_page("pages/comparar.py").run()
    assert not compare.exception
    (component,) = compare.get("component_instance")
    script = json.loads(component.proto.json_args)["feature_group"]
    (legend,) = re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', script)
    assert html.escape(t("coverage_estimated_source", "es")) in json.loads(legend)
    demo = AppTest.from_file(app, default_timeout=60)
    demo.query_params["ind"] = "coverage_gross"  # the demo's population has its age groups
    demo.run()
    assert not demo.exception and demo.title[0].value.startswith("Cobertura bruta")
    assert t("coverage_estimated_note", "es") not in [c.value for c in demo.caption]
