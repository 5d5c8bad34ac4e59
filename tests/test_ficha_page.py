"""The Fichas page (issue 25) from the entry point: a link's ficha= opens it on that territory,
and the Mapa panel links to the selected territory's ficha."""

from __future__ import annotations

from tests.test_app import run_app


def test_a_link_opens_the_page_on_its_territory() -> None:
    at = run_app(ficha="03", ind="failure")
    at.switch_page("pages/fichas.py").run()
    assert not at.exception
    assert at.title[0].value == "Fichas territoriales"
    (pick,) = [box for box in at.selectbox if box.label == "Territorio"]
    assert pick.value == "03"
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "Manrique" in shown and "Reprobación en Manrique:" in shown  # the view's indicator
    assert "python -m geo ficha --territory 03 --level territorio" in at.code[0].value
    assert at.query_params["ficha"] in ("03", ["03"])


def test_an_unknown_ficha_says_which_one_is_shown() -> None:
    at = run_app(ficha="<b>99</b>")
    at.switch_page("pages/fichas.py").run()
    assert not at.exception
    assert "'<b>99</b>'" in at.info[0].value and "Popular" in at.info[0].value


def test_the_map_panel_links_to_the_territorys_ficha() -> None:
    at = run_app(sel="05")
    (link,) = [p for p in at.get("page_link") if "Ficha de" in p.proto.label]
    assert link.proto.label == "Ficha de Castilla"
    assert link.proto.page == "fichas"
    assert "ficha=05" in link.proto.query_string and "sel=05" in link.proto.query_string
