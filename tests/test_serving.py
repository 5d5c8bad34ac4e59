"""The map's files keep a day's cache lifetime (``serving.KeepMapFiles``); nothing else changes."""

from __future__ import annotations

import asyncio

import pytest

from serving import KEEP, KeepMapFiles


def answer(path: str, status: int = 200, method: str = "GET") -> dict[bytes, bytes]:
    """The headers the middleware sends for ``path``, over an app answering ``no-cache``."""

    async def app(scope, receive, send) -> None:
        headers = [(b"content-type", b"text/plain"), (b"cache-control", b"no-cache")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"x"})

    sent = []

    async def send(message) -> None:
        sent.append(message)

    middleware = KeepMapFiles(app)
    middleware._base = "/"  # the server's base path, read from Streamlit's config otherwise
    scope = {"type": "http", "method": method, "path": path}
    asyncio.run(middleware(scope, None, send))
    assert sent[1] == {"type": "http.response.body", "body": b"x"}  # the body untouched
    return dict(sent[0]["headers"])


@pytest.mark.parametrize(
    "path",
    [
        "/app/static/leaflet/leaflet.js",
        "/app/static/leaflet/leaflet.css",
        "/component/streamlit_folium.st_folium/static/js/main.521860b0.js",
    ],
)
def test_leaflet_and_the_map_component_are_kept_a_day(path: str) -> None:
    headers = answer(path)
    assert headers[b"cache-control"] == KEEP
    assert headers[b"content-type"] == b"text/plain"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/prioridad",
        "/component/streamlit_folium.st_folium/index.html",  # revalidated, as Streamlit asks
        "/component/other.component/main.js",
        "/_stcore/health",
    ],
)
def test_pages_and_other_files_keep_streamlits_headers(path: str) -> None:
    assert answer(path)[b"cache-control"] == b"no-cache"


def test_an_error_is_never_kept() -> None:
    assert answer("/app/static/leaflet/missing.js", status=404)[b"cache-control"] == b"no-cache"
