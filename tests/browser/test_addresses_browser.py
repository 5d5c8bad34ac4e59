"""Every page opens at its own address (``/datos``, ``/exportar``...) without a failed request.

Streamlit's frontend cannot tell from ``/datos`` alone whether ``datos`` is a page or the
path the app is served under (``server.baseUrlPath``), so it asks both ``/datos/_stcore/...``
and ``/_stcore/...`` for ``health`` and ``host-config`` and keeps the one that answers
(``getPossibleBaseUris`` in its connection code, capped at two candidates; Streamlit issue
7074, open). Those two 404s are Streamlit's and the app cannot configure them away; anything
else that fails is ours.
"""

from __future__ import annotations

import pytest
from conftest import guarded_context
from playwright.sync_api import Response, expect

from app import PAGES

pytestmark = pytest.mark.browser

STREAMLIT_PROBES = ("_stcore/health", "_stcore/host-config")
DEFAULT_PAGE = PAGES[0][0]


@pytest.mark.parametrize("path", ["", *(name for name, _, _ in PAGES)])
def test_a_pages_address_opens_it_without_failed_requests(browser, app_url: str, path: str) -> None:
    context, outside = guarded_context(browser)
    page = context.new_page()
    failed: list[tuple[int, str]] = []

    def record(response: Response) -> None:
        if response.status >= 400:
            failed.append((response.status, response.url))

    page.on("response", record)
    try:
        page.goto(f"{app_url}{path}?lang=es")
        # Something the page script drew: the connection, probes included, is made by then.
        drawn = page.get_by_test_id("stMain").get_by_test_id("stElementContainer").first
        expect(drawn).to_be_visible()
        shown = page.url.removeprefix(app_url).split("?")[0]
        assert shown == ("" if path == DEFAULT_PAGE else path)  # the default page lives at /
    finally:
        context.close()
    assert not outside
    probes = {(404, f"{app_url}{path}/{probe}") for probe in STREAMLIT_PROBES} if path else set()
    assert set(failed) <= probes, f"failed requests beyond Streamlit's base-path probe: {failed}"
