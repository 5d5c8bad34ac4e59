"""The dropout-risk index by school site (issue 16) on the Prioridad page, in a real browser:
the ranking's first rows and the map's high-band circles equal what the demo's CSV files give
when worked out again by hand (``tests/risk_by_hand.py``), in Spanish and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from risk_by_hand import hand_ranking  # tests/risk_by_hand.py
from ui import MAP_IFRAME, scroll_to, wait_idle

from geo.model.formatting import format_fraction, format_number
from geo.model.territories import BY_CODE
from geo.render.risk import BAND_COLORS

pytestmark = pytest.mark.browser

YEAR = 2024  # the demo's latest, the page's default
WORDS = {
    "es": ("Riesgo de deserción por sede", "Ordena sedes, no estudiantes", "Alto"),
    "en": ("Dropout risk by school site", "It ranks schools, not students", "High"),
}
ROWS_JS = """rows => rows.map(r => [...r.querySelectorAll('td')]
  .map(c => c.textContent.trim()))"""
# The fills of the risk map's circles (the second map on the page: the first is the index's).
CIRCLE_FILLS_JS = """(frame) => {
  const frames = [...document.querySelectorAll(frame)];
  if (frames.length !== 2 || !frames[1].contentDocument) return null;
  const paths = frames[1].contentDocument.querySelectorAll(
    '.leaflet-overlay-pane path.leaflet-interactive');
  return [...paths].map(p => p.getAttribute('fill'));
}"""


def percent(value: float, lang: str) -> str:
    return f"{format_number(100 * value, 1, lang)} %"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_site_ranking_equals_the_hand_computation(
    page: Page, app_url: str, artifacts: Path, lang: str
) -> None:
    title, schools_not_students, high_word = WORDS[lang]
    page.goto(f"{app_url}prioridad?lang={lang}")
    heading = page.get_by_role("heading", name=title)
    expect(heading).to_be_visible(timeout=60_000)
    expect(page.get_by_text(schools_not_students)).to_be_visible()
    wait_idle(page)

    grid = page.locator(".st-key-risk_ranking")
    scroll_to(grid)
    rows = grid.locator("tbody tr")
    rows.first.wait_for(state="attached")
    shown = rows.evaluate_all(ROWS_JS)[:5]

    hand = hand_ranking(YEAR)
    for position, cells in enumerate(shown):
        site = hand.iloc[position]
        assert cells[:6] == [
            str(position + 1),
            site["nombre"],
            BY_CODE[site["codigo_comuna"]].name,
            format_number(site["index"], 1, lang),
            high_word,
            format_number(site["matricula"], 0, lang),
        ], cells
        dropout = f"{percent(site['dropout'], lang)} "
        dropout += f"({format_fraction(site['dropout_num'], site['dropout_den'], lang)})"
        assert cells[6] == dropout

    # The map: one circle per located site, the high band's as many as the hand's.
    scroll_to(page.locator(MAP_IFRAME).nth(1))
    page.wait_for_function(
        f"(frame) => {{ const f = ({CIRCLE_FILLS_JS})(frame); return f && f.length > 700; }}",
        arg=MAP_IFRAME,
        polling=200,
        timeout=60_000,
    )
    fills = page.evaluate(CIRCLE_FILLS_JS, MAP_IFRAME)
    assert fills.count(BAND_COLORS["alto"]) == int((hand["band"] == "alto").sum())
    legend = page.frame_locator(MAP_IFRAME).nth(1).locator(".atlas-legend")
    expect(legend).to_contain_text(high_word)
    page.screenshot(path=str(artifacts / f"risk_{lang}.png"))
