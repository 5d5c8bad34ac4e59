"""Seguimiento (issue 26) in a real browser, as a planner uses it: type a target and its year,
see each territory's status on the map; switch to the evaluation of the demo's programme, see
the event study and the estimate; reopen the link in a fresh page and find both again.

The statuses are computed here from the demo's CSV files with numpy and scipy (a line through
each territory's yearly sums, the textbook prediction interval), not by the engine."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, guarded_context
from playwright.sync_api import Page, expect
from scipy import stats
from ui import FILLS_JS, MAP_IFRAME, POLYGONS, wait_idle

from geo.analysis.targets import STATUS_COLORS, STATUS_NAMES
from geo.model.i18n import t

pytestmark = pytest.mark.browser

DEMO = ROOT / "data" / "demo"
TARGET, TARGET_YEAR = 2.5, 2027


def independent_statuses() -> list[str]:
    """Each territory's status fill against dropout ≤ 2,5 % in 2027, from the CSV files."""
    sites = pd.read_csv(DEMO / "sedes.csv", dtype={"codigo_dane": str, "codigo_comuna": str})
    counts = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    rows = counts.merge(sites, on="codigo_dane")
    sums = rows.groupby(["codigo_comuna", "anio"])[["desertores", "matricula"]].sum()
    fills = []
    for _, series in sums.groupby(level=0):
        years = series.index.get_level_values(1).to_numpy(dtype=float)
        rate = (series["desertores"] / series["matricula"]).to_numpy()
        goal = TARGET / 100
        if rate[-1] <= goal:
            fills.append(STATUS_COLORS["meta_cumplida"])
            continue
        slope, intercept = np.polyfit(years, rate, 1)
        n = len(years)
        spread = np.sqrt(((rate - intercept - slope * years) ** 2).sum() / (n - 2))
        leverage = (TARGET_YEAR - years.mean()) ** 2 / ((years - years.mean()) ** 2).sum()
        half = stats.t.ppf(0.975, n - 2) * spread * np.sqrt(1 + 1 / n + leverage)
        point = intercept + slope * TARGET_YEAR
        status = (
            "en_camino"
            if point <= goal
            else "en_riesgo"
            if point - half <= goal
            else "fuera_de_camino"
        )
        fills.append(STATUS_COLORS[status])
    return sorted(fills)


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def _check_targets(page: Page, lang: str, fills: list[str]) -> None:
    wait_idle(page)
    page.wait_for_function(FILLS_JS, arg=[MAP_IFRAME, POLYGONS, fills], polling=100)
    legend = page.frame_locator(MAP_IFRAME).locator(".atlas-legend")
    expect(legend).to_contain_text(t("follow_status_map", lang))
    expect(legend).to_contain_text("2027")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(t("follow_rule_title", lang))
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    # the table: every territory and the city, whole (an HTML table, no cell cut to "…")
    table = page.locator(".st-key-follow_status_table table")
    expect(table.locator("tbody tr")).to_have_count(22)
    expect(table.locator("thead")).to_contain_text(t("follow_gap", lang))
    # the key under the map, for a phone whose map legend opens folded: each status's count
    names = {color: STATUS_NAMES[key][lang] for key, color in STATUS_COLORS.items()}
    key = page.locator(".atlas-phone-key tr")
    for color, name in names.items():
        expect(key.filter(has_text=name)).to_contain_text(str(fills.count(color)))
    expect(page.locator(".atlas-phone-key")).to_be_hidden()  # at this width, the map's legend


def _check_evaluation(page: Page, lang: str) -> None:
    wait_idle(page)
    minus = "−1,0 pp" if lang == "es" else "−1.0 pp"
    expect(_metric(page, t("follow_effect", lang))).to_have_text(minus)
    expect(_metric(page, t("follow_treated_n", lang))).to_have_text("40")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(t("follow_event_title", lang))
    expect(main).to_contain_text(t("follow_does_not_prove", lang)[:40])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_target_and_an_evaluation_and_the_link_reopens_both(
    browser, app_url: str, artifacts, lang: str
) -> None:
    fills = independent_statuses()
    assert len(fills) == 21
    context, outside = guarded_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}seguimiento?lang={lang}")
    wait_idle(page)
    value = page.get_by_label(t("follow_target_value", lang).format(unit="%"))
    value.fill(str(TARGET))
    value.press("Enter")
    year = page.get_by_label(t("follow_target_year", lang))
    year.fill(str(TARGET_YEAR))
    year.press("Enter")
    page.wait_for_url(re.compile(rf"meta\.dropout={TARGET}%40{TARGET_YEAR}"))
    _check_targets(page, lang, fills)
    page.screenshot(path=str(artifacts / f"seguimiento_metas_{lang}.png"), full_page=True)

    page.get_by_text(t("follow_evaluation", lang), exact=True).click()
    page.wait_for_url(re.compile(r"seg=evaluar"))
    _check_evaluation(page, lang)
    page.screenshot(path=str(artifacts / f"seguimiento_evaluar_{lang}.png"), full_page=True)
    link = page.url
    context.close()
    assert not outside and not errors, (outside, errors)

    fresh_context, outside = guarded_context(browser)
    fresh = fresh_context.new_page()
    fresh.goto(link)
    _check_evaluation(fresh, lang)
    fresh.get_by_text(t("follow_targets", lang), exact=True).click()
    fresh.wait_for_url(re.compile(r"seg=metas"))
    _check_targets(fresh, lang, fills)
    expect(fresh.get_by_label(t("follow_target_value", lang).format(unit="%"))).to_have_value(
        "2.50"
    )
    fresh_context.close()
    assert not outside, outside
