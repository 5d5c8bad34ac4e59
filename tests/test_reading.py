"""Issue 24: Focalizar, Prioridad and Red escolar as a planner reads them. The logic (units,
classes, file names, tense, words) without a browser; what the pages draw through AppTest.
Numbers are checked against computations straight from the demo's CSV files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from html_tables import tables
from streamlit.testing.v1 import AppTest
from tiny_city import city, lattice

from geo.analysis import projection as proj
from geo.analysis.access import access
from geo.analysis.catchments import LOAD, catchments
from geo.analysis.catchments import summary as catchment_summary
from geo.analysis.compare import classes_from_data
from geo.analysis.plan import PlanInputs, before_after_maps, compare_rules, make_plan, plan_change
from geo.export.network import catchments_metadata, catchments_table
from geo.export.plan import plan_command, plan_stem
from geo.io.ingest import load_demo
from geo.model.catalogue import get_indicator
from geo.model.formatting import format_difference
from geo.model.i18n import t
from geo.model.view import View, make_filters
from geo.render.charts import trend_chart
from geo.render.comparemaps import build_change_map
from geo.render.networktables import gap_heading, gap_table, load_table
from geo.render.plantables import rule_sentences, rules_table

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
YEAR = 2024


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def _view(**changes) -> View:
    return replace(View(indicator="dropout", year=YEAR), **changes)


def _page(path: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    at.switch_page(path).run()
    assert not at.exception
    return at


# --- 2. a difference of rates is in percentage points --------------------------------------


def test_the_gap_between_two_rates_is_in_percentage_points(demo) -> None:
    rate = get_indicator("no_computer")
    assert format_difference(0.415, rate, "es") == "41,5 pp"
    assert format_difference(0.402, rate, "en") == "40.2 pp"
    assert format_difference(3.26, get_indicator("students_per_computer"), "es") == "3,3"
    inputs = PlanInputs("computers", amount=5000, rule="need")
    compared = compare_rules(demo, _view(), inputs, "equity")
    table = rules_table(compared, rate, "es")
    for column in (t("plan_gap_before", "es"), t("plan_gap_after", "es")):
        assert all(text.endswith(" pp") and "%" not in text for text in table[column])


# --- 3. the change map's classes follow the data -------------------------------------------


def test_change_classes_are_never_empty_and_separate_the_values() -> None:
    falls = np.array([-0.10, -0.07, -0.03, *[-0.01 * i for i in range(1, 16)], 0, 0, 0, np.nan])
    klass, bounds = classes_from_data(falls)
    used = [c for c, _, _ in bounds]
    assert klass[-1] == -1 and set(klass[-4:-1]) == {4}  # no data; no change in the middle
    assert all((klass == c).any() for c in used)  # no empty class
    assert len([c for c in used if c < 4]) == 4  # 18 falls in four classes, not one
    assert not any(c > 4 for c in used)  # no rise, no class for rises
    for c, low, high in bounds:  # each class's bounds are its values'
        assert low == falls[klass == c].min() and high == falls[klass == c].max()
    # equal values share a class
    klass, _ = classes_from_data(np.array([-1.0, -1.0, -1.0, -0.5]))
    assert klass[0] == klass[1] == klass[2]


def test_the_plans_change_map_has_a_legend_row_per_used_class_only(demo) -> None:
    """Oficial sites, the equity rule: 18 of 21 territories fell into one class before."""
    view = _view(filters=make_filters({"sector": ["Oficial"]}))
    plan = make_plan(demo, view, PlanInputs("computers", amount=5000, rule="equity"))
    change = plan_change(*before_after_maps(demo, view, plan))
    counts = change.areas["klass"].value_counts()
    assert counts.max() < 18
    assert len(change.bounds) == len(counts[counts.index >= 0])
    parts = build_change_map(change, "es", subtitle="x", demo=True, source="s")
    legend = "".join(getattr(child, "html", "") for child in parts.layer._children.values())
    # a row per class that holds a territory, and the no-data row: no empty class
    assert legend.count('class="atlas-legend-class"') == len(change.bounds) + 1
    # the greatest-need rule leaves most territories unchanged: one "no change" row for them
    plan = make_plan(demo, _view(), PlanInputs("computers", amount=5000, rule="need"))
    change = plan_change(*before_after_maps(demo, _view(), plan))
    still = int((change.areas["klass"] == 4).sum())
    assert still == 21 - plan.totals["territories_reached"]
    parts = build_change_map(change, "es", subtitle="x", demo=True, source="s")
    legend = "".join(getattr(child, "html", "") for child in parts.layer._children.values())
    assert t("reading_no_change", "es") in legend


# --- 8. file names name the filters and the zone --------------------------------------------


def test_plan_files_name_the_filters_and_the_zone(demo) -> None:
    inputs = PlanInputs("computers", amount=5000, rule="equity")
    everyone = make_plan(demo, _view(), inputs)
    official = make_plan(
        demo, _view(filters=make_filters({"sector": ["Oficial"]}), zone="comunas"), inputs
    )
    assert plan_stem(everyone) == "plan_computers_equity_2024"
    assert plan_stem(official) == "plan_computers_equity_2024_comunas_oficial"
    assert "plan_computers_equity_2024_comunas_oficial.csv" in plan_command(official)


# --- 9. what the rule favours, before the result, and the rate rule beside it ---------------


def test_the_rule_says_what_it_favours_and_what_the_other_would_give(demo) -> None:
    rate = get_indicator("no_computer")
    inputs = PlanInputs("computers", amount=5000, rule="need")
    compared = compare_rules(demo, _view(), inputs, "rate")
    text = rule_sentences(compared, rate, "en")
    assert text.startswith(t("reading_rule_favours_need", "en"))
    other = compared.iloc[1]
    assert f"{int(other['sites_reached']):,} sites" in text
    assert "pp" in text and "Greatest need first (rate)" in text


def test_focalizar_says_the_rule_before_its_totals_and_draws_no_grid() -> None:
    at = _page("pages/focalizar.py", rule="need")
    favours = t("reading_rule_favours_need", "es")
    assert any(i.value.startswith(favours) for i in at.info)
    assert not at.dataframe  # every table drawn whole (HTML), none in a grid that cuts cells
    sites = tables(at)[-1]
    expected = sites_expected()
    assert sites[t("plan_students_reached", "es")].tolist()[:6] == expected
    keys = [b.proto.id for b in at.get("download_button")]  # the key holds the file name
    assert any(key.endswith("plan_computers_need_2024.csv") for key in keys)


def sites_expected() -> list[str]:
    """The first six sites' students reached (need for computers, greatest first), whole
    numbers written in Spanish: from the CSV files alone."""
    sites = pd.read_csv(DEMO / "sedes.csv", dtype={"codigo_dane": str})
    counts = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    rows = counts[counts["anio"] == YEAR].merge(sites, on="codigo_dane")
    rows = rows[rows["matricula"].notna() & rows["sin_computador"].notna()]
    need = rows[rows["sin_computador"] > 0].sort_values(
        ["sin_computador", "codigo_dane"], ascending=[False, True]
    )
    given = (5000 - (need["sin_computador"].cumsum() - need["sin_computador"])).clip(
        lower=0, upper=need["sin_computador"]
    )
    return [f"{int(v):,}".replace(",", ".") for v in given[given > 0].head(6)]


# --- 5. tense and words ---------------------------------------------------------------------


def test_a_deficit_of_the_base_year_is_said_as_present(demo) -> None:
    now = proj.project(demo, "secundaria", geo_level="territorio", horizon=2024, target=1.0)
    later = proj.project(demo, "secundaria", geo_level="territorio", horizon=2030, target=1.0)
    assert gap_heading(now, "es")[0] == "Dónde faltan cupos"
    assert "tendrán" not in gap_heading(now, "es")[1]
    assert gap_heading(later, "es")[0] == "Dónde faltarán cupos primero"
    table = gap_table(later, "territorio", "es")
    first = later.areas[later.areas[proj.GAP] > 0][proj.DEFICIT_YEAR]
    already = (first <= later.base_year).sum()
    assert (table["Déficit desde"] == f"ya en {later.base_year}").sum() == already > 0
    assert str(later.base_year) not in set(table["Déficit desde"])


def test_red_escolar_downloads_say_what_and_which_formats() -> None:
    at = _page("pages/red_escolar.py", red_nivel="secundaria")
    labels = [e.label for e in at.expander]
    assert t("reading_downloads_gap", "es") in labels
    assert "Descargar" not in labels


# --- 4. catchments: a summary, what a load above 100 % means, the files -------------------


def test_catchment_summary_and_table_match_the_loads(demo) -> None:
    reach = access(demo, "secundaria")
    result = catchments(demo, reach, 1.0)
    figures = catchment_summary(result)
    loads = result.sites[LOAD].dropna()
    assert figures["over_100"] == int((loads > 1).sum())
    assert figures["over_150"] == int((loads > 1.5).sum())
    assert figures["median_load"] == pytest.approx(float(np.median(loads)))
    table = catchments_table(result)
    assert len(table) == len(result.sites)
    assert table[LOAD].round(6).equals(result.sites[LOAD].round(6))
    meta = catchments_metadata(result, 1.0, demo, "en", "")
    assert meta["summary"]["over_100"] == figures["over_100"]
    assert "100 %" in meta["reading"]
    shown = load_table(result.sites.sort_values(LOAD, ascending=False).head(3), "es")
    assert shown.iloc[:, -1].str.contains(r"\((?:declarados|matrícula)\)").all()


def test_the_catchments_view_explains_loads_and_offers_files() -> None:
    at = _page("pages/red_escolar.py", red_mapa="catchments", red_nivel="secundaria", red_h="2024")
    labels = [m.label for m in at.metric]
    assert t("reading_catch_over", "es") in labels and t("reading_catch_median", "es") in labels
    assert any("Qué quiere decir una carga de más de 100 %" in m.value for m in at.markdown)
    assert t("reading_downloads_catchments", "es") in [e.label for e in at.expander]


# --- 7. Spanish inside English --------------------------------------------------------------


def test_the_source_line_speaks_english(demo) -> None:
    assert "Demostración" not in demo.source_text("en")
    assert "Project demo (boundaries, sites" in demo.source_text("en")
    assert demo.source_text("es") == demo.source_line  # exports keep their bytes
    at = _page("pages/red_escolar.py", lang="en")
    captions = " ".join(c.value for c in at.caption)
    assert "Project demo" in captions and "Demostración" not in captions


# --- 6. the data changed the view: said in those words, once --------------------------------


def test_new_data_that_change_the_view_say_so_once() -> None:
    from pages._shell.data import DATASET_ID, UPLOAD

    squares = lattice(2, 2)
    sites = {(code, YEAR): [(100, 5)] for code, _ in squares}
    small = city(squares, sites)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"ind": "no_computer"})
    at.run()
    at.session_state[UPLOAD] = small
    at.session_state[DATASET_ID] = UPLOAD
    at.run()
    notes = [i.value for i in at.info]
    assert any(n.startswith(t("reading_data_changed_view", "es")) for n in notes), notes
    assert not any(n.startswith(t("view_notes", "es")) for n in notes)
    at.run()
    assert not any(t("reading_data_changed_view", "es") in i.value for i in at.info)


# --- 11. the trend chart's axis never asks Vega for an extent ---------------------------------


def test_the_trend_axis_has_a_finite_domain_even_without_values() -> None:
    rate = get_indicator("dropout")
    empty = pd.DataFrame({"year": [2023, 2024], "area": [np.nan, np.nan], "city": [np.nan] * 2})
    spec = trend_chart(empty, rate, "Popular", "es")
    domain = spec["encoding"]["y"]["scale"]["domain"]
    assert all(np.isfinite(domain)) and domain[0] < domain[1]


# --- 12. Prioridad: the map and the ranking first, the weights folded -----------------------


def test_prioridad_folds_the_weights_under_the_map() -> None:
    at = _page("pages/prioridad.py")
    weights = [e for e in at.expander if e.label == t("weights", "es")]
    assert weights and weights[0].slider  # the sliders live in the folded box
    assert not at.dataframe
    ranking = tables(at)[0]
    assert ranking.columns[2] == "Índice de prioridad"
    assert "Sin datos" not in ranking.to_numpy()


def test_each_licence_follows_the_sources_it_covers_and_the_demo_parts_stay_whole() -> None:
    from geo.model.dataset import Source, _line

    cc, portal = "CC BY-SA 4.0.", "Ficha de datos.gov.co"  # a full stop before the next
    sources = (
        Source("GeoMedellín, Comunas (2026-12-07)", cc, retrieved="2026-12-07T10:00"),
        Source("GeoMedellín, Sedes educativas (2026-12-06)", cc, retrieved="2026-12-06T09:00"),
        Source("ICFES, Saber 11 por estudiante (2026-12-07)", portal, retrieved="2026-12-07"),
        Source("MEN, matrícula por sede (2026-12-07)", portal, retrieved="2026-12-07T10:02"),
        Source("Archivos cargados: a.csv, b.csv", "Según su origen"),
        Source("Demostración del proyecto (límites, sedes)", "Sintéticos."),
    )
    assert _line("Datos", sources) == (
        "GeoMedellín (2026-12-06, 2026-12-07) · CC BY-SA 4.0; "
        "ICFES, MEN (2026-12-07) · Ficha de datos.gov.co; "
        "Archivos cargados: a.csv, b.csv · Según su origen; "
        "Demostración del proyecto (límites, sedes) · Sintéticos."
    )
