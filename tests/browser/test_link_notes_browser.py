"""A link with values that cannot be used says so, and the note stays while the page settles
(the page rewrites the address and runs again; the note must not flash and vanish)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from ui import wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "lang, query, text",
    [
        ("es", "scheme=bogus", "Algunos valores del enlace no eran válidos"),
        ("en", "zone=xyz&base=moon", "Some values in the link were not valid"),
    ],
)
def test_the_note_about_unusable_link_values_stays(
    page: Page, app_url: str, lang: str, query: str, text: str
) -> None:
    page.goto(f"{app_url}?{query}&lang={lang}")
    note = page.get_by_test_id("stAlert").filter(has_text=text)
    expect(note).to_be_visible()
    wait_idle(page)
    page.wait_for_timeout(3_000)  # the reruns after the address is rewritten have run
    wait_idle(page)
    expect(note).to_be_visible()
    for pair in query.split("&"):
        expect(note).to_contain_text(pair)
    # and a choice of the user's own ends the note: it was about the link
    page.get_by_test_id("stSidebar").get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    expect(note).to_have_count(0)
