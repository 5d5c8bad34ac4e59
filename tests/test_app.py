"""AppTest: every page from the entry point, without a browser."""

from __future__ import annotations

import ast
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from geo.model.catalogue import INDICATORS
from geo.synthetic.demo import DEMO_DIR

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEMO_BADGE = "Datos de demostración — no oficiales"
FEATURE = re.compile(r'"type": "Feature"')
FILL = re.compile(r'"fill": "(#[0-9a-f]{6})"')


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def map_js(at: AppTest) -> str:
    """The map's whole JavaScript: the base map and the view's data layer."""
    return _js(map_args(at))


def _js(args: dict) -> str:
    return args["script"] + args["feature_group"]


def texts(at: AppTest) -> str:
    """Every markdown, caption and badge on the page, as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts)


def test_map_page_opens_with_the_demo_choropleth() -> None:
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Deserción intra-anual · 2024"
    assert DEMO_BADGE in texts(at)
    keys = {w.key for w in [*at.selectbox, *at.select_slider, *at.slider]}
    assert {
        "view_indicator_demo_es",
        "view_year_demo_es",
        "view_level_demo_es",
        "view_scheme_es",
        "view_k_es",
    } <= keys
    args = map_args(at)
    assert len(FEATURE.findall(args["feature_group"])) == 21
    assert len(set(FILL.findall(args["feature_group"]))) == 5  # five quantile classes
    assert not FEATURE.findall(args["script"])  # the base map holds no data
    # only a click returns data: panning and zooming never rerun the script
    assert args["returned_objects"] == ["last_active_drawing", "last_object_clicked_count"]
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert at.query_params["ind"] == "dropout"
    assert at.query_params["year"] == "2024"


def test_changing_the_indicator_changes_map_title_and_url() -> None:
    at = run_app()
    before_args = map_args(at)
    before = map_js(at)
    at.selectbox(key="view_indicator_demo_es").set_value("no_internet").run()
    assert not at.exception
    assert at.title[0].value == "Sin internet en casa · 2024"
    after = map_js(at)
    # Same base map, same component key: the browser keeps the map and swaps only the layer.
    assert map_args(at)["script"] == before_args["script"]
    assert map_args(at)["key"] == before_args["key"]
    assert FILL.findall(after) != FILL.findall(before)
    assert "Sin internet en casa" in after  # legend title
    assert at.query_params["ind"] == "no_internet"


def test_year_and_classification_controls_recompute_the_map() -> None:
    at = run_app()
    at.select_slider(key="view_year_demo_es").set_value(2020).run()
    assert at.title[0].value == "Deserción intra-anual · 2020"
    at.selectbox(key="view_scheme_es").set_value("equal_interval").run()
    at.slider(key="view_k_es").set_value(3).run()
    assert not at.exception
    assert len(set(FILL.findall(map_js(at)))) == 3
    assert at.query_params["scheme"] == "equal_interval"
    assert at.query_params["k"] == "3"


def test_a_link_restores_the_view() -> None:
    at = run_app(ind="coverage_gross", year="2021", k="4", scheme="fisher_jenks", lang="en")
    assert not at.exception
    assert at.title[0].value == "Gross coverage · 2021"
    assert at.selectbox(key="view_indicator_demo_en").value == "coverage_gross"
    assert at.select_slider(key="view_year_demo_en").value == 2021
    assert at.slider(key="view_k_en").value == 4
    assert "lower = worse" in map_js(at)
    assert "Demo data — not official" in texts(at)
    assert "where people live" in texts(at)  # coverage note


def test_invalid_link_values_fall_back_with_a_visible_note() -> None:
    at = run_app(ind="nonsense", year="1999", k="42")
    assert not at.exception
    assert at.title[0].value == "Deserción intra-anual · 2024"
    (note,) = at.info
    assert "ind=nonsense" in note.value and "year=1999" in note.value and "k=42" in note.value


def test_barrio_level_draws_the_finer_units() -> None:
    at = run_app(level="barrio")
    assert not at.exception
    assert len(FEATURE.findall(map_js(at))) == 305


def test_coverage_is_not_offered_per_barrio() -> None:
    at = run_app(level="barrio", ind="coverage_gross")
    assert not at.exception
    assert len(FEATURE.findall(map_js(at))) == 21
    assert at.query_params["level"] == "territorio"


def test_language_switch_translates_the_interface() -> None:
    at = run_app()
    at.selectbox(key="view_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Within-year dropout · 2024"
    assert "Demo data — not official" in texts(at)
    assert at.selectbox(key="view_indicator_demo_en").value == "dropout"  # the view survives


@pytest.mark.parametrize(
    ("page", "title"),
    [("pages/datos.py", "Datos"), ("pages/metodologia.py", "Metodología")],
)
def test_other_pages_open_from_the_entry_point(page: str, title: str) -> None:
    at = run_app()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value == title
    assert DEMO_BADGE in texts(at)


def test_methodology_lists_every_indicator_from_the_catalogue() -> None:
    at = run_app()
    at.switch_page("pages/metodologia.py").run()
    headings = [h.value for h in at.subheader]
    for indicator in INDICATORS.values():
        assert indicator.label("es") in headings
    assert "Σ desertores / Σ matricula × 100" in texts(at)
    # Seguimiento's method, with the figures of the code it describes (issue 26)
    from geo.analysis.targets import MIN_YEARS
    from geo.synthetic import intervention

    assert "Seguimiento" in headings
    method = texts(at)
    assert f"Con menos de {MIN_YEARS} años no hay tendencia" in method
    assert "linearmodels PanelOLS" in method and "Adopción escalonada" in method
    assert f"{intervention.TREATED_SITES} sedes oficiales" in method
    assert f"desde {intervention.START_YEAR}" in method
    assert f"probabilidad {round(100 * intervention.EFFECT)} %" in method


def test_data_page_states_origin_and_counts() -> None:
    at = run_app()
    at.switch_page("pages/datos.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Comunas y corregimientos"] == "21"
    assert metrics["Sedes educativas"] == "787"
    assert "sintéticos" in at.warning[0].value


def open_data_page(**query: str) -> AppTest:
    at = run_app(**query)
    at.switch_page("pages/datos.py").run()
    return at


def apply_upload(at: AppTest) -> AppTest:
    (button,) = [b for b in at.button if b.label == "Validar y usar estos datos"]
    return button.click().run()


def test_a_broken_upload_says_why_and_keeps_the_previous_data_and_view() -> None:
    at = open_data_page(ind="no_internet", year="2021")
    at.file_uploader(key="up_boundaries").set_value(
        ("limites.geojson", b'{"type": "FeatureCollection", "features": [', "application/json")
    ).run()
    at = apply_upload(at)
    assert not at.exception
    (error,) = at.error
    shown = error.value.replace("\\", "")  # the file name is escaped for markdown
    assert "limites.geojson: no se pudo leer como capa geojson" in shown
    assert "los datos y la vista anteriores siguen activos" in shown
    assert DEMO_BADGE in texts(at)  # still the demo
    assert at.query_params["ind"] == "no_internet" and at.query_params["year"] == "2021"
    at.switch_page("pages/mapa.py").run()
    assert at.title[0].value == "Sin internet en casa · 2021"


def test_an_upload_becomes_this_sessions_dataset_with_its_report() -> None:
    csv = (
        "Código DANE;Latitud;Longitud;Año;Matrícula;Desertores\n"
        "990500100001;6,304877;-75,539375;2024;100;5\n"
        "990500100002;6,304877;-75,539375;2024;50;80\n"
    ).encode("cp1252")
    at = open_data_page()
    at.file_uploader(key="up_schools").set_value(("sedes.csv", csv, "text/csv")).run()
    at = apply_upload(at)
    assert not at.exception
    assert "Reporte de la unión" in [h.value for h in at.subheader]
    assert at.selectbox(key="dataset_choice_es").value == "upload"
    problems = next(d.value for d in at.dataframe if "Problema" in d.value.columns)
    assert "Desertores mayores que la matrícula" in problems["Problema"].tolist()
    assert DEMO_BADGE in texts(at)  # the territories still come from the demo
    fresh = run_app()  # another session sees only the demo
    assert "dataset_choice_es" not in {w.key for w in fresh.selectbox}


def test_filters_from_the_link_recompute_and_read_as_a_sentence() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["f.sector"] = ["Oficial", "Cobertura contratada"]
    at.query_params["f.zona"] = "Urbana"
    at.run()
    assert not at.exception
    title = "Deserción intra-anual · Cobertura contratada o Oficial, urbana, 2024"
    assert at.title[0].value == title
    sectors = at.multiselect(key="view_filter_sector_demo_es").value
    assert sectors == ["Cobertura contratada", "Oficial"]
    at.multiselect(key="view_filter_zona_demo_es").set_value([]).run()
    assert at.title[0].value.endswith("Cobertura contratada o Oficial, 2024")
    assert "f.zona" not in at.query_params


def test_small_samples_are_not_coloured_like_the_others() -> None:
    at = run_app(min_n="20000")
    assert not at.exception
    script = map_js(at)
    assert '"estado": "small"' in script
    assert "Muestra pequeña (n &lt; 20.000)" in script or "Muestra peque" in script
    (ranking,) = [h.proto.body for h in at.get("html") if "atlas-table" in h.proto.body]
    assert "(muestra pequeña)" in ranking


def test_user_defined_and_fixed_breaks() -> None:
    at = run_app(scheme="user_defined", breaks="0.03;0.045")
    assert not at.exception
    assert len(set(FILL.findall(map_js(at)))) == 3  # two breaks + up to the max
    at = run_app(scheme="quantiles", fixed="1", year="2019")
    assert not at.exception
    assert at.query_params["fixed"] == "1"


def test_a_link_opens_the_panel_of_its_territory() -> None:
    at = run_app(sel="01")
    assert not at.exception
    assert at.subheader[0].value.startswith("Popular · ")
    assert '"sel": true' in map_js(at)  # highlighted on the map
    assert "**Sedes del territorio** (40)" in [m.value for m in at.markdown]
    sites = next(h.proto.body for h in at.get("html") if "I.E. Demo" in h.proto.body)
    assert len(re.findall(r"<td>99\d{10}</td>", sites)) == 40


def independent_trend(code: str, numerator: str, denominator: str) -> pd.DataFrame:
    """Sums of numerators over sums of denominators per year, straight from the demo's CSV
    files (not through the engine): for the sites of territory ``code`` and for the city."""
    sites = pd.read_csv(DEMO_DIR / "sedes.csv", dtype=str)
    counts = pd.read_csv(DEMO_DIR / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    facts = counts.merge(sites[["codigo_dane", "codigo_comuna"]], on="codigo_dane")
    facts = facts.dropna(subset=[numerator, denominator])
    area = facts[facts["codigo_comuna"] == code].groupby("anio")[[numerator, denominator]].sum()
    city = facts.groupby("anio")[[numerator, denominator]].sum()
    return pd.DataFrame(
        {
            "area": area[numerator] / area[denominator],
            "area_numerator": area[numerator],
            "city": city[numerator] / city[denominator],
        }
    )


def test_the_panels_trend_draws_every_year_for_the_territory_and_the_city() -> None:
    at = run_app(sel="03", ind="no_internet")
    assert not at.exception
    (chart,) = at.get("vega_lite_chart")
    # Streamlit sends the spec's data as Arrow beside the spec.
    records = convert_arrow_bytes_to_pandas_df(chart.proto.data.data).to_dict("records")
    expected = independent_trend("03", "sin_internet", "matricula")
    assert len(expected) == 6  # 2019..2024
    for series, column in (("Manrique", "area"), ("Medellín (total)", "city")):
        drawn = {r["year"]: r["value"] for r in records if r["series"] == series}
        assert sorted(drawn) == expected.index.tolist()
        for year, value in drawn.items():
            assert value == pytest.approx(100 * expected.loc[year, column])
    first = next(r for r in records if r["series"] == "Manrique" and r["year"] == 2019)
    numerator = int(expected.loc[2019, "area_numerator"])
    assert f"{numerator:,}".replace(",", ".") + " de " in first["n"]  # es-CO, with its n
    table = next(h.proto.body for h in at.get("html") if "Cambio 2019 → 2024" in h.proto.body)
    change = 100 * (expected.loc[2024, "area"] - expected.loc[2019, "area"])
    written = f"{abs(change):.1f}".replace(".", ",") + " pp"
    assert ("−" if change < 0 else "+") + written in table


def click_map(at: AppTest, code: str, count: int) -> AppTest:
    """What the browser sends after the map's ``count``-th click, on area ``code``."""
    args = map_args(at)
    clicked = {"type": "Feature", "properties": {"codigo": code}, "geometry": None}
    value = dict(args["default"], last_active_drawing=clicked, last_object_clicked_count=count)
    at.session_state[args["key"]] = value
    return at.run()


def test_clicking_a_territory_selects_it() -> None:
    at = click_map(run_app(), "14", 1)
    assert not at.exception
    assert at.selectbox(key="selected_territorio_demo_es").value == "14"
    assert at.subheader[0].value.startswith("El Poblado · ")
    assert at.query_params["sel"] == "14"


def test_a_choice_in_the_list_after_a_click_stays_and_the_same_area_can_be_clicked_again():
    at = click_map(run_app(), "14", 1)
    # The map still returns its last click on every run: it must not select El Poblado again.
    at.selectbox(key="selected_territorio_demo_es").set_value("01").run()
    assert at.selectbox(key="selected_territorio_demo_es").value == "01"
    assert at.subheader[0].value.startswith("Popular · ")
    assert at.query_params["sel"] == "01"
    at = click_map(at, "14", 2)  # a second click on El Poblado is a new value
    assert at.selectbox(key="selected_territorio_demo_es").value == "14"
    assert at.query_params["sel"] == "14"


def legend_rows(script: str) -> list[str]:
    """The class labels of a map's legend, decoded from the map's script."""
    literal = re.search(r"div\.innerHTML = (\".*?(?<!\\)\");", script).group(1)
    legend = json.loads(literal)
    return re.findall(r'<td style="padding:0 6px">([^<]*)</td>', legend)


@pytest.mark.parametrize(
    "query",
    [
        {"cmp": "change", "from": "2019", "to": "2021"},
        {"cmp": "side", "by": "year", "year2": "2020"},
        {"cmp": "side", "by": "sector", "sector_a": "Oficial", "sector_b": "No oficial"},
        {"cmp": "bivariate", "ind2": "no_internet"},
        {"cmp": "clusters", "level": "barrio", "ind": "no_internet"},
    ],
)
def test_compare_page_modes(query: dict[str, str]) -> None:
    at = run_app(**query)
    at.switch_page("pages/comparar.py").run()
    assert not at.exception
    maps = at.get("component_instance")
    scripts = [_js(json.loads(m.proto.json_args)) for m in maps]
    if query["cmp"] == "side":
        left, right = (legend_rows(script) for script in scripts)
        assert left == right and len(left) == 6  # same five classes, plus no data
    elif query["cmp"] == "clusters":
        (script,) = scripts
        assert "Alto rodeado de alto" in script and "permutaciones" in script
    elif query["cmp"] == "bivariate":
        (script,) = scripts
        assert script.count("atlas-bivariate-cell") == 9
    else:
        (script,) = scripts
        rows = legend_rows(script)
        assert len(rows) == 6 and "pp" in rows[0]
    for key, value in query.items():
        assert at.query_params[key] == value


def test_priority_page_ranks_with_contributions() -> None:
    at = run_app(
        **{"w.dropout": "100", "w.no_internet": "0", "w.no_computer": "0", "w.coverage_gross": "0"}
    )
    at.switch_page("pages/prioridad.py").run()
    assert not at.exception
    from html_tables import tables

    table = tables(at)[0]
    assert table.columns[2] == "Índice de prioridad"
    assert table.iloc[0, 1] == "San Sebastián de Palmitas"  # the worst dropout
    assert table.iloc[0, 2] == "1,00"  # min-max: the worst scores 1
    at.radio(key="url_norm_es").set_value("zscore").run()
    assert not at.exception
    assert at.query_params["norm"] == "zscore"


def test_sites_layer_over_the_map() -> None:
    at = run_app(sites="1", sel="01")
    assert not at.exception
    script = map_js(at)
    assert script.count('"radius"') >= 787
    assert "Colegio Demo Popular 1" in script


def test_clusters_at_21_territories_say_too_few_and_offer_the_box_map() -> None:
    at = run_app(cmp="clusters")
    at.switch_page("pages/comparar.py").run()
    assert not at.exception
    assert "muy pocas unidades" in at.info[0].value
    assert not at.get("component_instance")


def test_nucleo_level_and_net_coverage() -> None:
    at = run_app(level="nucleo")
    assert not at.exception
    assert len(FEATURE.findall(map_js(at))) == 24
    at = run_app(ind="coverage_net")
    assert not at.exception
    assert at.title[0].value == "Cobertura neta · 2024"


def test_palette_from_the_link() -> None:
    at = run_app(pal="Greys", k="3")
    assert not at.exception
    assert set(FILL.findall(map_js(at))) == {"#f0f0f0", "#bdbdbd", "#636363"}
    assert at.selectbox(key="view_palette_es").value == "Greys"


def test_share_controls_offer_the_link_and_presenting() -> None:
    at = run_app(ind="no_internet")
    assert not at.exception
    assert not at.code and not at.button  # the panel is drawn only while open
    at.session_state["share_panel"] = True
    at.run()
    (link,) = [c for c in at.code if "ind=no_internet" in c.value]
    assert "year=2024" in link.value
    (save,) = [b for b in at.button if b.label == "Guardar esta vista"]
    save.click().run()
    assert at.session_state["saved_views"] == [link.value.lstrip("?")]
    assert "1 vista guardada para presentar." in [c.value for c in at.caption]


def test_presentation_page_shows_the_saved_views_without_sidebar_controls() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["v"] = ["ind=dropout&year=2021", "ind=no_internet&year=2024"]
    at.query_params["i"] = "1"
    at.run()
    at.switch_page("pages/presentar.py").run()
    assert not at.exception
    assert "Sin internet en casa" in at.markdown[0].value and "2024" in at.markdown[0].value
    assert any("2 / 2" in m.value for m in at.markdown)
    assert not [c for c in at.code]  # no share controls while presenting


def test_a_link_to_an_upload_falls_back_to_the_demo_with_a_note() -> None:
    at = run_app(ds="upload")
    assert not at.exception
    (note,) = at.warning
    assert note.value.startswith("Este enlace se hizo con datos cargados")
    assert not at.info  # said once, not again among the link's other notes
    assert DEMO_BADGE in texts(at)


def test_saved_views_load_from_a_json_file() -> None:
    at = run_app()
    at.session_state["share_panel"] = True  # the uploader is in the share panel
    at.run()
    views = b'{"views": ["ind=dropout&year=2021", "ind=no_internet&year=2024"]}'
    at.file_uploader(key="views_file").set_value(("vistas.json", views, "application/json")).run()
    assert not at.exception
    assert at.session_state["saved_views"] == ["ind=dropout&year=2021", "ind=no_internet&year=2024"]
    at.file_uploader(key="views_file").set_value(("mal.json", b"[1, 2]", "application/json")).run()
    shown = [e.value.replace("\\", "") for e in at.error]  # escaped for markdown
    assert any("mal.json: no tiene una lista" in e and '"views"' in e for e in shown), shown


@pytest.mark.parametrize(
    "page",
    [
        "pages/mapa.py",
        "pages/comparar.py",
        "pages/prioridad.py",
        "pages/exportar.py",
        "pages/datos.py",
        "pages/metodologia.py",
        "pages/presentar.py",
    ],
)
def test_every_page_speaks_english_without_error(page: str) -> None:
    at = run_app(lang="en", sel="01")
    at.switch_page(page).run()
    assert not at.exception
    assert "Demo data — not official" in texts(at) + "".join(m.value for m in at.markdown)


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("simulated bug <b>in the page</b>")


def test_a_crashing_page_says_so_and_the_rest_of_the_app_keeps_working(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("geo.model.catalogue.formula", _crash)  # only Metodología uses it
    at = run_app()
    at.switch_page("pages/metodologia.py").run()
    assert not at.exception  # no traceback element reaches the browser
    (error,) = at.error
    assert "error inesperado" in error.value and "simulated bug" not in error.value
    assert "simulated bug" in caplog.text and "Traceback" in caplog.text  # the server log has it
    assert at.selectbox(key="view_indicator_demo_es").value == "dropout"  # the sidebar is alive
    at.selectbox(key="view_lang").set_value("en").run()
    assert not at.exception
    assert "unexpected error" in at.error[0].value
    at.switch_page("pages/mapa.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Within-year dropout · 2024"


def test_st_stop_inside_a_page_is_not_taken_for_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    monkeypatch.setattr("geo.model.catalogue.formula", lambda *args, **kwargs: st.stop())
    at = run_app()
    at.switch_page("pages/metodologia.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Metodología"  # drawn before the stop


def test_streamlit_still_runs_legacy_pages_through_the_function_we_look_for() -> None:
    """``leave_legacy_pages_mode`` recognises a legacy run by this function's frame."""
    from streamlit.runtime.scriptrunner import script_runner

    import pages

    assert callable(getattr(script_runner, pages._LEGACY_RUNNER))


def test_streamlit_run_serves_app_py_as_an_st_app() -> None:
    """``streamlit run app.py`` must find ``app`` (an st.App) to run the warm-up at start."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(Path(APP))
    assert found.is_asgi_app and found.import_string == "app:app"
    # Imported as a module (what the server does first), it defines the app and nothing
    # heavy: the imports and the demo are the warm-up thread's work, not the server's start.
    check = (
        "import sys, streamlit as st, app; "
        "print(isinstance(app.app, st.App), "
        "sorted({'pages', 'geopandas', 'mapclassify', 'folium'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=Path(APP).parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "True []"


# Run in a fresh interpreter: no script run around it, as at server start.
WARM_UP_CHECK = """
import logging, sys
import geo.analysis.choropleth, pages
import pages._shell.data as data

warnings = []
handler = logging.Handler()
handler.emit = lambda record: warnings.append(record.getMessage())
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addHandler(handler)
loads, computes = [], []
load_demo, compute = data.load_demo, geo.analysis.choropleth._compute
data.load_demo = lambda: loads.append(1) or load_demo()
geo.analysis.choropleth._compute = lambda *args: computes.append(1) or compute(*args)

pages.warm_up()
warmed = (len(loads), len(computes))
dataset = pages.load_dataset(pages.DEMO)  # what the first script run asks for
view, _ = pages.View.from_query({}, dataset.years, dataset.levels,
                                list(dataset.available_indicators()))
geo.analysis.choropleth.compute(dataset, view)
print({"warmed": warmed, "visited": (len(loads), len(computes)), "warnings": warnings,
       "streamlit_folium": "streamlit_folium" in sys.modules})
"""


def test_warm_up_fills_the_caches_a_visit_reads_without_a_script_run() -> None:
    root = Path(APP).parent
    result = subprocess.run(
        [sys.executable, "-c", WARM_UP_CHECK], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert report["warmed"] == (1, 1)  # the demo loaded and its default view computed
    assert report["visited"] == (1, 1)  # a visit reuses both
    assert report["warnings"] == []  # "missing ScriptRunContext" is expected there: dropped
    # Declared outside a script run, the map component would never be registered (404).
    assert report["streamlit_folium"] is False


def test_exportar_makes_files_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page offers thirteen downloads (five table formats, both CSVs among them, for areas
    and for sites; metadata; PNG and HTML); none is made on load or on a view change."""
    import geo.export

    made: list[str] = []
    monkeypatch.setattr(geo.export, "export", lambda *args, **kwargs: made.append(args[2]))
    at = run_app()
    at.switch_page("pages/exportar.py").run()
    at.selectbox(key="view_indicator_demo_es").set_value("no_internet").run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 13 and made == []
    labels = [button.proto.label for button in buttons]
    assert labels.count("CSV (estándar)") == labels.count("CSV para Excel en español") == 2


def test_the_exportar_link_keeps_a_filter_value_with_spaces_ampersand_and_accents() -> None:
    """Every link is written by ``geo.model.view.view_query``: the command line the Exportar
    page offers gives back the session's view, filter values whole and not split at '&'."""
    import shlex
    from dataclasses import replace

    from geo.io.ingest import load_demo
    from geo.model.view import View, query_params, view_query

    odd = "Privada & mixta, Núcleo Ñandú"
    demo = load_demo()
    facts, sites = demo.facts.copy(), demo.sites.copy()
    facts["sector"] = facts["sector"].replace("No oficial", odd)
    sites["sector"] = sites["sector"].replace("No oficial", odd)
    upload = replace(demo, id="upload", label="Carga con valores raros", facts=facts, sites=sites)
    assert odd in upload.filter_values()["sector"]

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["upload"] = upload  # what the Datos page leaves after an upload
    at.session_state["dataset_id"] = "upload"
    at.query_params["f.sector"] = [odd, "Oficial"]
    at.run()
    at.switch_page("pages/exportar.py").run()
    assert not at.exception
    view = at.session_state["view"]
    assert view.filter_dict == {"sector": tuple(sorted([odd, "Oficial"]))}
    (command,) = [c.value for c in at.code if "--view" in c.value]
    argv = shlex.split(command)
    link = argv[argv.index("--view") + 1]
    assert link == view_query(view) and "&f.sector=Privada+%26+mixta" in link
    back, fallbacks = View.from_query(
        query_params(link),
        upload.years,
        upload.levels,
        list(upload.available_indicators()),
        upload.filter_values(),
    )
    assert fallbacks == [] and back == view


def test_the_server_starts_without_asking_the_internet_for_its_address(tmp_path: Path) -> None:
    """Headless Streamlit looks up the machine's public IP at start unless
    ``browser.serverAddress`` is set (``.streamlit/config.toml``): no outside request."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=Path(APP).parent,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "URL:" not in log.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=15)
    text = log.read_text()
    assert f"http://localhost:{port}" in text
    assert "external IP" not in text and "External URL" not in text


@pytest.mark.parametrize("page", ["pages/datos.py"])
def test_tables_show_a_dash_for_missing_values(page: str) -> None:
    at = run_app()
    at.switch_page(page).run()
    assert not at.exception
    assert at.dataframe, "no table on the page"
    for table in at.dataframe:
        assert table.proto.placeholder == "—"  # not Streamlit's English "None"


@pytest.mark.parametrize(
    ("lang", "said"),
    [("es", "los cortes deben ser números"), ("en", "breaks must be numbers")],
)
def test_unusable_breaks_are_explained_in_the_page_language(lang: str, said: str) -> None:
    at = run_app(scheme="user_defined", breaks="0.03;0.045", lang=lang)
    at.text_input(key=f"view_breaks_demo_{lang}").set_value("0,03; x").run()
    assert not at.exception
    (warning,) = at.warning
    assert said in warning.value, warning.value


def test_filters_offer_no_english_select_all() -> None:
    at = run_app()
    assert at.multiselect
    for widget in at.multiselect:
        assert widget.proto.select_all == 0  # hidden: choosing nothing already means all
        assert widget.proto.placeholder == "Todos"


def test_sites_without_year_or_counts_are_refused_and_the_data_stay() -> None:
    sites = "Código DANE;Latitud;Longitud\n990500100001;6,304877;-75,539375\n".encode("cp1252")
    at = open_data_page(ind="no_internet")
    at.file_uploader(key="up_schools").set_value(("sedes.csv", sites, "text/csv")).run()
    at = apply_upload(at)
    assert not at.exception
    (error,) = at.error
    assert "ningún indicador" in error.value and "año" in error.value
    assert at.query_params["ind"] == "no_internet" and DEMO_BADGE in texts(at)


def test_datos_says_which_indicators_the_files_allow_and_what_is_missing() -> None:
    sites = "Código DANE;Latitud;Longitud\n990500100001;6,304877;-75,539375\n".encode("cp1252")
    population = b"codigo,anio,poblacion_total\n01,2024,150000\n"
    at = open_data_page()
    at.file_uploader(key="up_schools").set_value(("sedes.csv", sites, "text/csv")).run()
    at.file_uploader(key="up_population").set_value(("pob.csv", population, "text/csv")).run()
    at.number_input(key="up_year").set_value(2024).run()
    at = apply_upload(at)
    assert not at.exception
    (table,) = [h.proto.body for h in at.get("html") if "Qué falta" in h.proto.body]
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td>(?:Sí|No)</td><td>([^<]*)</td></tr>", table))
    assert rows["Sedes educativas"] == ""
    assert "matrícula por sede (columna «matricula») en la tabla de sedes" in rows["Matrícula"]
    coverage = rows["Cobertura bruta"]
    assert "población de 5 a 16 años por territorio y año" in coverage and "población" in coverage
    assert "desertores por sede" in rows["Deserción intra-anual"]
    # The report and this table come before the active dataset and the upload form.
    subheaders = [h.value for h in at.subheader]
    assert subheaders.index("Reporte de la unión") < subheaders.index("Cargar datos propios")
    assert subheaders.index("Indicadores que permiten los datos") < subheaders.index(
        "Cargar datos propios"
    )


def test_a_geopackage_of_several_layers_offers_a_layer_choice(tmp_path) -> None:
    import geopandas as gpd

    territories = gpd.read_file(DEMO_DIR / "territorios.geojson")
    path = tmp_path / "medellin.gpkg"
    territories.to_file(path, layer="comunas")
    territories.iloc[:5].to_file(path, layer="algunas")
    at = open_data_page()
    at.file_uploader(key="up_boundaries").set_value(
        ("medellin.gpkg", path.read_bytes(), "application/geopackage+sqlite3")
    ).run()
    choice = at.selectbox(key="up_layer_boundaries")
    assert choice.options == ["comunas", "algunas"] and choice.value == "comunas"
    choice.set_value("algunas").run()
    at = apply_upload(at)
    assert not at.exception
    read = next(d.value for d in at.dataframe if "Notas" in d.value.columns)
    assert "capa «algunas» (elegida) de 2 capas" in " ".join(read["Notas"])
    assert read["filas"].iloc[0] == 5


def test_the_boundaries_column_guess_is_shown_and_can_be_corrected() -> None:
    layer = Path(__file__).parent / "data" / "bad" / "b_osm_comunas.geojson"
    at = open_data_page()
    at.file_uploader(key="up_boundaries").set_value(
        ("osm.geojson", layer.read_bytes(), "application/geo+json")
    ).run()
    assert at.selectbox(key="map_territorio_codigo").value == "ref"
    assert at.selectbox(key="map_territorio_nombre").value == "name"
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown-escaped
    assert "código: «ref» por alias." in captions
    at.selectbox(key="map_territorio_nombre").set_value("official_name").run()
    at = apply_upload(at)
    assert not at.exception
    read = next(d.value for d in at.dataframe if "Notas" in d.value.columns)
    assert read["Columnas usadas"].iloc[0] == "codigo=ref, nombre=official_name"
    assert "«official_name» elegida en la correspondencia" in read["Notas"].iloc[0]


@pytest.mark.parametrize(("lang", "words"), [("es", "todos los niveles"), ("en", "all levels")])
def test_a_level_the_indicator_lacks_is_named_in_the_note(lang: str, words: str) -> None:
    at = run_app(ind="saber11_global", nivel="secundaria", lang=lang)
    assert not at.exception
    (note,) = [i.value for i in at.info if "nivel=secundaria" in i.value]
    assert note.endswith(f"→ {words}"), note
    assert "``" not in note
