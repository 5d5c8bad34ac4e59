"""The Focalizar page (issue 17) from the entry point, without a browser (AppTest)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_plan(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/focalizar.py").run()
    return at


def test_the_page_plans_the_links_inputs_and_says_it_is_a_simulation() -> None:
    at = open_plan(intervention="computers", units="5000", rule="need", **{"f.sector": "Oficial"})
    assert not at.exception
    assert at.title[0].value == "Focalizar"
    assert "Simulación, no una asignación oficial" in at.warning[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Usados (equipos)"] == "5.000"
    assert metrics["Estudiantes alcanzados"] == "5.000"
    assert metrics["Costo (millones de pesos)"] == "10.000"
    assert at.query_params["intervention"] == "computers"
    assert at.query_params["units"] == "5000"


def test_the_page_speaks_english_and_every_intervention_opens() -> None:
    for intervention in ("connectivity", "school_computers", "broadband", "dropout_sites"):
        at = open_plan(intervention=intervention, rule="equity", lang="en")
        assert not at.exception, intervention
        assert "Simulation, not an official allocation" in at.warning[0].value


def test_methodology_explains_each_rule_and_each_after_formula() -> None:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("pages/metodologia.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**Equidad territorial** (`equity`)" in text
    assert "Σ (sin_computador − equipos entregados) / Σ matrícula" in text
    assert "Σ matrícula / Σ (computadores + computadores entregados)" in text
    assert "«Después» supone" in text


def test_a_presentation_link_shows_the_plan_without_controls() -> None:
    at = open_plan(present="1", intervention="broadband", units="20", rule="equity", pmap="pair")
    assert not at.exception
    assert not at.main.number_input and not at.main.multiselect and not at.main.selectbox
    assert at.subheader[0].value == "Banda ancha para sedes sin ella"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Usados (sedes)"] == "20"
    assert len(at.get("component_instance")) == 2  # before and after, the same classes
    assert "Simulación, no una asignación oficial" in at.warning[0].value


def test_more_than_the_need_says_how_much_is_left_over() -> None:
    at = open_plan(intervention="computers", units="999999999", **{"f.sector": "Oficial"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    used = metrics["Usados (equipos)"]
    (note,) = [i.value for i in at.info if "sobran" in i.value]
    assert f"se usan {used}" in note and "999.999.999" in note


def test_zero_available_is_said_not_planned_silently() -> None:
    at = open_plan(intervention="computers", units="0", lang="en")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("nothing to share out" in w for w in warnings), warnings
