"""Names on the map: each territory's name inside it, never over another name, never in the
way of a click, and a sidebar toggle that the link keeps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import guarded_context
from playwright.sync_api import Page, expect
from ui import MAP_IFRAME, scroll_to, wait_idle, wait_map_settled

from geo.analysis.choropleth import compute
from geo.io.ingest import load_demo
from geo.model.i18n import t
from geo.model.view import View

pytestmark = pytest.mark.browser

_AREAS = compute(load_demo(), View()).areas
NAMES = dict(zip(_AREAS["codigo"], _AREAS["nombre"], strict=True))

# Exactly one map iframe, whose areas and labels are all drawn.
_READY_JS = """([frame, count]) => {
  const frames = [...document.querySelectorAll(frame)];
  if (frames.length !== 1 || !frames[0].contentWindow || !frames[0].contentWindow.map)
    return false;
  const doc = frames[0].contentDocument;
  return doc.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length === count
    && doc.querySelectorAll('.atlas-label').length === count;
}"""
# Every label: its full name, the text shown, its box in the map's pixels, whether visible.
_LABELS_JS = """(frame) => {
  const doc = document.querySelector(frame).contentDocument;
  const map = doc.querySelector('.leaflet-container').getBoundingClientRect();
  return [...doc.querySelectorAll('.atlas-label')].map(label => {
    const box = label.getBoundingClientRect();
    const style = doc.defaultView.getComputedStyle(label);
    return {name: label.dataset.name, code: label.dataset.code,
            text: label.textContent.replace(/\\s+/g, ' ').trim(),
            visible: style.display !== 'none' && style.visibility !== 'hidden'
              && box.width > 0 && box.height > 0,
            pointer: style.pointerEvents,
            left: box.left - map.left, top: box.top - map.top,
            right: box.right - map.left, bottom: box.bottom - map.top};
  });
}"""


def open_fresh(page: Page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_function(_READY_JS, arg=[MAP_IFRAME, len(NAMES)], polling=50)
    wait_map_settled(page)
    return page.evaluate(_LABELS_JS, MAP_IFRAME)


def overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    shown = [label for label in labels if label["visible"]]
    return [
        (a["name"], b["name"])
        for i, a in enumerate(shown)
        for b in shown[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


def check_labels(labels: list[dict], *, all_visible: bool, full_names: int) -> None:
    """Every territory has a label with its name; those shown show the full name or its
    short form (the comuna's number), at least ``full_names`` of them the full name; no two
    shown overlap; none takes a pointer event."""
    assert {label["code"]: label["name"] for label in labels} == NAMES
    visible = [label for label in labels if label["visible"]]
    for label in labels:
        assert label["pointer"] == "none", label
    for label in visible:
        assert label["text"] in (label["name"], label["code"].lstrip("0")), label
    if all_visible:
        assert len(visible) == len(NAMES), [lb["name"] for lb in labels if not lb["visible"]]
    full = {label["name"] for label in visible if label["text"] == label["name"]}
    assert len(full) >= full_names, full
    assert not overlaps(labels), overlaps(labels)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_21_names_are_drawn_without_overlapping(
    page: Page, app_url: str, lang: str, artifacts: Path
) -> None:
    labels = open_fresh(page, f"{app_url}?lang={lang}")
    page.screenshot(path=artifacts / f"labels_{lang}_1400.png")
    check_labels(labels, all_visible=True, full_names=8)


def test_on_a_phone_the_names_do_not_overlap(browser, app_url: str, artifacts: Path) -> None:
    context, outside = guarded_context(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        labels = open_fresh(phone, app_url)
        scroll_to(phone.frame_locator(MAP_IFRAME).locator(".leaflet-container"))
        phone.screenshot(path=artifacts / "labels_es_390.png")
        check_labels(labels, all_visible=False, full_names=1)
    finally:
        context.close()
    assert not outside, outside


def test_a_click_on_a_name_opens_its_territory(page: Page, app_url: str) -> None:
    labels = open_fresh(page, app_url)
    for code in ("10", "80"):  # a short label in the centre, a full name in the south
        label = next(lb for lb in labels if lb["code"] == code)
        x = (label["left"] + label["right"]) / 2
        y = (label["top"] + label["bottom"]) / 2
        container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
        container.click(position={"x": x, "y": y})
        page.mouse.move(1, 1)
        expect(page.get_by_role("heading", name=f"{NAMES[code]} ·")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"[?&]sel={code}(&|$)"))
        page.wait_for_function(_READY_JS, arg=[MAP_IFRAME, len(NAMES)], polling=50)
        wait_map_settled(page)
        labels = page.evaluate(_LABELS_JS, MAP_IFRAME)


def test_the_toggle_removes_the_names_and_the_link_keeps_it(page: Page, app_url: str) -> None:
    open_fresh(page, app_url)
    toggle = page.get_by_test_id("stSidebar").get_by_text(t("map_labels", "es"), exact=True)
    toggle.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]labels=0(&|$)"))
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".atlas-label")).to_have_count(0)
    expect(frame.locator(".leaflet-overlay-pane path.leaflet-interactive")).to_have_count(
        len(NAMES)
    )
    link = page.url
    page.goto(link)
    wait_idle(page)
    expect(frame.locator(".leaflet-overlay-pane path.leaflet-interactive")).to_have_count(
        len(NAMES)
    )
    expect(frame.locator(".atlas-label")).to_have_count(0)
    widget = page.get_by_test_id("stSidebar").get_by_test_id("stCheckbox")
    widget = widget.filter(has_text=t("map_labels", "es"))
    expect(widget.locator("input")).not_to_be_checked()
    widget.get_by_text(t("map_labels", "es"), exact=True).click()
    wait_idle(page)
    expect(frame.locator(".atlas-label")).to_have_count(len(NAMES))
    assert "labels=0" not in page.url


@pytest.mark.parametrize("level", ["barrio", "nucleo"])
def test_at_finer_levels_only_names_that_fit_are_shown(
    page: Page, app_url: str, level: str, artifacts: Path
) -> None:
    areas = compute(load_demo(), View(level=level)).areas
    page.goto(f"{app_url}?level={level}")
    page.wait_for_function(
        """([frame, count]) => {
          const f = document.querySelector(frame);
          return f && f.contentDocument
            && f.contentDocument.querySelectorAll('.atlas-label').length === count;
        }""",
        arg=[MAP_IFRAME, len(areas)],
        polling=100,
    )
    wait_map_settled(page)
    labels = page.evaluate(_LABELS_JS, MAP_IFRAME)
    page.screenshot(path=artifacts / f"labels_{level}_1400.png")
    shown = [label for label in labels if label["visible"]]
    # (at the whole city's zoom no barrio is wide enough for its name)
    assert not overlaps(labels), overlaps(labels)
    assert all(label["text"] == label["name"] for label in shown)  # no numbers at this level
    # zoomed in two levels, more names have room
    page.evaluate(f"() => document.querySelector('{MAP_IFRAME}').contentWindow.map.zoomIn(2)")
    wait_map_settled(page)
    closer = page.evaluate(_LABELS_JS, MAP_IFRAME)
    assert not overlaps(closer)
    assert sum(label["visible"] for label in closer) > len(shown)
    assert all(label["text"] == label["name"] for label in closer if label["visible"])
    page.screenshot(path=artifacts / f"labels_{level}_1400_zoomed.png")
