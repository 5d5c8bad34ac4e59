"""Issue 16: the Observatory's indicators and education levels, from the files to the export.

Every expected figure here is computed from the demo's CSV files with plain pandas, joined by
the territory code the sites file declares (the demo places every site inside it), never with
the project's own readers or aggregation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import cli
from geo.io.ingest import Inputs, load
from geo.io.report import Report
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import DEMO_DIR, DEMO_FILES

YEAR = 2024
SITES = pd.read_csv(DEMO_DIR / DEMO_FILES["sites"], dtype=str)
COUNTS = pd.read_csv(DEMO_DIR / DEMO_FILES["site_years"], dtype={"codigo_dane": str})
POPULATION = pd.read_csv(DEMO_DIR / DEMO_FILES["population"], dtype={"codigo": str})
LEVELS = ("transicion", "primaria", "secundaria", "media")
AGES = {"transicion": "5", "primaria": "6_10", "secundaria": "11_14", "media": "15_16"}


def expected(numerator: str, denominator: str | None, level: str | None) -> pd.DataFrame:
    """Σ numerator and Σ denominator per territory in YEAR, from the CSV files."""
    rows = COUNTS[COUNTS["anio"] == YEAR].merge(SITES[["codigo_dane", "codigo_comuna"]])
    if level is not None:
        rows = rows[rows[f"matricula_{level}"] > 0]  # sites with the level
    if numerator == "score_sum":
        rows = rows.assign(score_sum=rows["saber11_puntaje_promedio"] * rows["saber11_evaluados"])
    columns = [numerator] + ([denominator] if denominator else [])
    rows = rows.dropna(subset=columns)
    return rows.groupby("codigo_comuna")[columns].sum()


@pytest.fixture(autouse=True)
def _demo_read_once(monkeypatch: pytest.MonkeyPatch, demo) -> None:
    """The command line reads the demo once for the whole module (it is read and joined the
    same way every time; ``tests/test_cli.py`` runs it as a process)."""
    import geo.io.ingest

    real = geo.io.ingest.load

    def load_once(inputs: Inputs):
        return (demo, Report()) if inputs.is_demo else real(inputs)

    monkeypatch.setattr(geo.io.ingest, "load", load_once)


def exported(tmp_path: Path, indicator: str, level: str | None) -> dict[str, dict]:
    out = tmp_path / f"{indicator}_{level}.geojson"
    args = ["export", "--indicator", indicator, "--year", str(YEAR), "-o", str(out)]
    if level:
        args += ["--education-level", level]
    assert cli.main(args) == 0
    features = json.loads(out.read_text("utf-8"))["features"]
    return {f["properties"]["code"]: f["properties"] for f in features}


CASES = [
    ("approval", "aprobados", "matricula", None),
    ("failure", "reprobados", "matricula", None),
    ("repetition", "repitentes", "matricula", None),
    ("overage", "extraedad", "matricula", None),
    ("saber11_global", "score_sum", "saber11_evaluados", None),
    ("saber11_low_math", "saber11_bajo_matematicas", "saber11_evaluados", None),
    ("saber11_low_reading", "saber11_bajo_lectura", "saber11_evaluados", None),
    ("saber11_global", "score_sum", "saber11_evaluados", "media"),
    *(("failure", f"reprobados_{lv}", f"matricula_{lv}", lv) for lv in LEVELS),
    ("approval", "aprobados_primaria", "matricula_primaria", "primaria"),
    ("repetition", "repitentes_secundaria", "matricula_secundaria", "secundaria"),
    ("overage", "extraedad_media", "matricula_media", "media"),
    ("dropout", "desertores_secundaria", "matricula_secundaria", "secundaria"),
]


@pytest.mark.parametrize(("indicator", "numerator", "denominator", "level"), CASES)
def test_the_export_per_level_equals_the_files_sums(
    tmp_path: Path, indicator: str, numerator: str, denominator: str, level: str | None
) -> None:
    got = exported(tmp_path, indicator, level)
    want = expected(numerator, denominator, level)
    assert set(got) == set(want.index)
    for code, row in want.iterrows():
        assert got[code]["numerator"] == pytest.approx(row[numerator], abs=0.5)
        assert got[code]["denominator"] == pytest.approx(row[denominator])
        assert got[code]["value"] == pytest.approx(row[numerator] / row[denominator])
        assert got[code].get("education_level") == level


@pytest.mark.parametrize("level", LEVELS)
def test_net_coverage_per_level_divides_by_the_population_of_its_ages(
    tmp_path: Path, level: str
) -> None:
    got = exported(tmp_path, "coverage_net", level)
    enrolled = expected(f"matricula_{AGES[level]}", None, level)
    population = POPULATION[POPULATION["anio"] == YEAR].set_index("codigo")
    for code, properties in got.items():
        assert properties["numerator"] == enrolled.loc[code].iloc[0]
        assert properties["denominator"] == population.loc[code, f"poblacion_{AGES[level]}"]


def test_an_indicator_without_that_level_is_refused_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "--indicator", "no_internet", "--education-level", "primaria"]
    assert cli.main([*args, "-o", str(tmp_path / "x.geojson")]) == 2
    assert "no_internet has no figures for education level 'primaria'" in capsys.readouterr().err
    assert not (tmp_path / "x.geojson").exists()


# --- the demo's figures are consistent -----------------------------------------------------


def test_levels_add_up_to_the_site_totals() -> None:
    for count in ("matricula", "desertores", "aprobados", "reprobados", "repitentes", "extraedad"):
        by_level = COUNTS[[f"{count}_{lv}" for lv in LEVELS]].sum(axis=1)
        assert (by_level == COUNTS[count]).all(), count


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_keeps_the_mens_identity(level: str) -> None:
    enrolled = COUNTS[f"matricula_{level}"]
    parts = COUNTS[[f"aprobados_{level}", f"reprobados_{level}", f"desertores_{level}"]]
    assert (parts.sum(axis=1) == enrolled).all()
    assert (COUNTS[f"matricula_{AGES[level]}"] <= enrolled).all()
    assert (COUNTS[f"extraedad_{level}"] <= enrolled).all()
    never = COUNTS.groupby("codigo_dane")[f"matricula_{level}"].transform("max") == 0
    seats = COUNTS[f"cupos_{level}"]
    assert (seats[never].fillna(0) == 0).all()  # no seats in a level never offered
    assert (seats[~never].dropna() > 0).all()


def test_saber_11_is_plausible() -> None:
    tested = COUNTS.dropna(subset=["saber11_evaluados"])
    assert (tested["matricula_media"] > 0).all()  # only where there is media
    assert tested["saber11_puntaje_promedio"].between(170, 360).all()
    mean = (tested["saber11_puntaje_promedio"] * tested["saber11_evaluados"]).sum() / tested[
        "saber11_evaluados"
    ].sum()
    assert 220 < mean < 280  # national scale 0-500, Medellín about 250
    assert (tested["saber11_bajo_matematicas"] <= tested["saber11_evaluados"]).all()


def test_population_by_level_sums_to_the_school_age_population() -> None:
    parts = POPULATION[[f"poblacion_{a}" for a in AGES.values()]].sum(axis=1)
    assert (parts == POPULATION["poblacion_5_16"]).all()


def test_media_net_coverage_is_near_the_published_figure(demo) -> None:
    from geo.analysis.aggregate import aggregate

    media = aggregate(
        demo.facts,
        get_indicator("coverage_net", "media"),
        2022,
        "ciudad",
        population=demo.population,
    )
    assert 0.45 < media["value"].iloc[0] < 0.70  # Medellín 2022: 57.3 %


# --- files as other publishers give them --------------------------------------------------


def _demo_inputs(tmp_path: Path, schools: pd.DataFrame, name: str = "sedes.csv") -> Inputs:
    path = tmp_path / name
    schools.to_csv(path, index=False)
    return Inputs(
        boundaries=DEMO_DIR / DEMO_FILES["territories"],
        schools=path,
        population=DEMO_DIR / DEMO_FILES["population"],
    )


def _sample() -> pd.DataFrame:
    codes = SITES["codigo_dane"].head(12)
    rows = COUNTS[COUNTS["codigo_dane"].isin(codes) & (COUNTS["anio"] == YEAR)]
    return SITES.head(12).merge(rows)


def test_a_school_table_long_by_level_reads_like_the_wide_one(tmp_path: Path) -> None:
    wide = _sample()
    counts = ("matricula", "desertores", "reprobados")
    long = pd.concat(
        wide[["codigo_dane", "nombre", "sector", "latitud", "longitud", "anio"]].assign(
            **{"Nivel educativo": spelled}, **{c: wide[f"{c}_{lv}"] for c in counts}
        )
        for lv, spelled in zip(
            LEVELS, ("Transición", "Básica primaria", "SECUNDARIA", "Media"), strict=True
        )
    )
    dataset, report = load(_demo_inputs(tmp_path, long))
    facts = dataset.facts.set_index("codigo_dane").sort_index()
    want = wide.set_index("codigo_dane").sort_index()
    for c in counts:
        assert (facts[c] == want[c]).all(), c  # the levels' sum
        for lv in LEVELS:
            assert (facts[f"{c}_{lv}"] == want[f"{c}_{lv}"]).all(), (c, lv)
    notes = " ".join(
        n.render("es") if hasattr(n, "render") else n for f in report.files for n in f.notes
    )
    assert "Nivel educativo" in notes


def test_level_columns_are_found_under_other_spellings(tmp_path: Path) -> None:
    wide = _sample()
    renamed = wide.rename(
        columns={
            "matricula_primaria": "MATRÍCULA_PRIMARIA",
            "desertores_primaria": "Deserción absoluta básica primaria",
            "matricula_secundaria": "secundaria_matricula",
            "reprobados_secundaria": "Reprobados Secundaria",
            "matricula_6_10": "Matrícula en edad primaria",
            "saber11_puntaje_promedio": "PUNT_GLOBAL",
        }
    )
    dataset, _ = load(_demo_inputs(tmp_path, renamed))
    facts = dataset.facts.set_index("codigo_dane").sort_index()
    want = wide.set_index("codigo_dane").sort_index()
    for column in (
        "matricula_primaria",
        "desertores_primaria",
        "matricula_secundaria",
        "reprobados_secundaria",
        "matricula_6_10",
    ):
        assert (facts[column] == want[column]).all(), column
    scores = want["saber11_puntaje_promedio"] * want["saber11_evaluados"]
    assert np.allclose(facts["saber11_puntaje_total"].astype(float), scores, equal_nan=True)


def test_a_level_count_above_the_levels_enrolment_is_reported_and_not_used(
    tmp_path: Path,
) -> None:
    wide = _sample()
    wide.loc[0, "reprobados_primaria"] = wide.loc[0, "matricula_primaria"] + 5
    dataset, report = load(_demo_inputs(tmp_path, wide))
    problems = [p for p in report.problems if p.kind == "count_above_enrolment"]
    assert [p.code for p in problems] == [wide.loc[0, "codigo_dane"]]
    assert "reprobados_primaria" in problems[0].detail.render("es")
    row = dataset.facts[dataset.facts["codigo_dane"] == wide.loc[0, "codigo_dane"]]
    assert row["reprobados_primaria"].isna().all()


def test_the_template_documents_the_new_columns() -> None:
    from geo.io.template import documentation

    documented = set(documentation()["columna"])
    for column in (
        s.APPROVED,
        s.FAILED,
        s.REPEATING,
        s.OVERAGE,
        s.SABER_CANDIDATES,
        s.SABER_SCORE_MEAN,
        s.SABER_LOW_MATH,
        s.SABER_LOW_READING,
        "matricula_primaria",
        "matricula_6_10",
        "cupos_media",
    ):
        assert column in documented, column


# --- the MEN's published rates: a reference line -------------------------------------------

MEN = pd.read_csv(DEMO_DIR / DEMO_FILES["benchmark"], dtype={"CÓDIGO_MUNICIPIO": str})


def _men_rows(tmp_path: Path, frame: pd.DataFrame, name: str, **options) -> pd.DataFrame | None:
    from geo.io.ingest.benchmark import read_men_statistics

    path = tmp_path / name
    frame.to_csv(path, index=False, **options)
    report = Report()
    rows = read_men_statistics(path, report)
    return rows, report


def test_the_mens_file_gives_medellins_rates_per_level(tmp_path: Path) -> None:
    rows, report = _men_rows(tmp_path, MEN, "men.csv")
    medellin = MEN[MEN["CÓDIGO_MUNICIPIO"] == "05001"].set_index("AÑO")
    got = rows.set_index(["anio", "indicator", "education_level"])["value"]
    assert got[(2024, "failure", "secundaria")] == pytest.approx(
        medellin.loc[2024, "REPROBACIÓN_SECUNDARIA"] / 100
    )
    assert got[(2022, "coverage_net", "media")] == pytest.approx(
        medellin.loc[2022, "COBERTURA_NETA_MEDIA"] / 100
    )
    assert got[(2021, "dropout", "")] == pytest.approx(medellin.loc[2021, "DESERCIÓN"] / 100)
    assert len(rows) == 6 * 6 * 5  # years × rates × (all + 4 levels), Bello left out
    assert not report.problems


def test_the_api_spelling_and_excel_in_spanish_are_read_the_same(tmp_path: Path) -> None:
    api = MEN.rename(columns=lambda c: re.sub(r"[ÁÉÍÓÚÑ]", "_", c).lower())
    assert "deserci_n_primaria" in api.columns and "a_o" in api.columns
    api["c_digo_municipio"] = api["c_digo_municipio"].str.lstrip("0")  # '5001', as numbers do
    excel, _ = _men_rows(tmp_path, api, "men_api.csv", sep=";", decimal=",")
    plain, _ = _men_rows(tmp_path, MEN, "men.csv")
    pd.testing.assert_frame_equal(excel.reset_index(drop=True), plain.reset_index(drop=True))


def test_a_file_without_medellin_or_without_rates_is_refused_saying_why(tmp_path: Path) -> None:
    from geo.errors import DataError

    with pytest.raises(DataError) as bello:
        _men_rows(tmp_path, MEN[MEN["CÓDIGO_MUNICIPIO"] != "05001"], "bello.csv")
    assert "05001" in bello.value.message("es") and bello.value.where == "bello.csv"
    with pytest.raises(DataError) as sites:
        _men_rows(tmp_path, SITES, "sedes.csv")
    assert "DESERCIÓN" in sites.value.message("en")
    assert "MEN" in sites.value.message("en") and "municipality" in sites.value.message("en")


def test_the_trend_draws_the_mens_line_only_for_the_whole_city(demo) -> None:
    from geo.analysis.drilldown import trend
    from geo.model.view import View, make_filters
    from geo.render.charts import trend_chart

    view = View(indicator="failure", year=2024, education_level="secundaria", lang="es")
    series = trend(demo, view, "01")
    medellin = MEN[MEN["CÓDIGO_MUNICIPIO"] == "05001"].set_index("AÑO")
    assert series.set_index("year")["benchmark"].to_dict() == pytest.approx(
        (medellin["REPROBACIÓN_SECUNDARIA"] / 100).to_dict()
    )
    chart = trend_chart(series, get_indicator("failure", "secundaria"), "Popular", "es")
    names = {r["series"] for r in chart["data"]["values"]}
    assert "Medellín según MEN" in names
    filtered = trend(
        demo,
        View(indicator="failure", year=2024, filters=make_filters({"sector": ["Oficial"]})),
        "01",
    )
    assert "benchmark" not in filtered  # the MEN counts every site: no line beside a filter
    assert "benchmark" not in trend(demo, View(indicator="no_internet", year=2024), "01")
