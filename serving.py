"""A cache lifetime for the map's files: a Starlette middleware of the app's ``st.App``.

Streamlit gives its own files a year's lifetime (their names carry their hash), but sends
Leaflet's files (``/app/static/``) without one and streamlit-folium's bundle as ``public``
without a lifetime or a validator, so a planner coming back fetched the bundle again on every
visit (225 KB of JavaScript), and Leaflet's 160 KB again or asked whether they had changed.
They change only when a package does: here they may be kept for a day. Only that header
changes, never a body; the module imports nothing heavy (the server imports it at start).
"""

from __future__ import annotations

FOLIUM = "streamlit_folium.st_folium"  # streamlit-folium's component, as Streamlit names it
KEEP = b"public, max-age=86400"


class KeepMapFiles:
    """ASGI middleware: a day's cache on Leaflet's files and the map component's files (not
    its ``index.html``, which Streamlit asks to revalidate)."""

    def __init__(self, app) -> None:
        self.app = app
        self._base: str | None = None

    @property
    def base(self) -> str:
        """The server's base path (``server.baseUrlPath``) as ``/`` or ``/atlas/``."""
        if self._base is None:
            from streamlit import config  # loaded by the time a request arrives

            path = (config.get_option("server.baseUrlPath") or "").strip("/")
            self._base = f"/{path}/" if path else "/"
        return self._base

    def kept(self, path: str) -> bool:
        inner = path[len(self.base) :] if path.startswith(self.base) else ""
        return inner.startswith(("app/static/", f"component/{FOLIUM}/")) and not (
            inner.endswith(".html") or inner.endswith("/")
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not self.kept(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def sending(message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [
                    (key, value)
                    for key, value in message.get("headers", [])
                    if key.lower() != b"cache-control"
                ]
                message = {**message, "headers": [*headers, (b"cache-control", KEEP)]}
            await send(message)

        await self.app(scope, receive, sending)
