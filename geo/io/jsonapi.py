"""GETs of JSON from the ArcGIS and CKAN portals of the registry, counted like SODA's.

Stdlib only, as :mod:`geo.io.soda`: retried with back-off on HTTP 429 and 503 (honouring
``Retry-After``), every request and its bytes counted per label. Errors name what to change: a
404 is a moved layer or dataset (the ``dataset`` setting of ``sources.json``), a web page
instead of JSON a portal answering something else; a JSON error body is returned to the
caller, which knows the portal's way of saying it (ArcGIS ``{"error": ...}``, CKAN
``{"success": false}``).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo.errors import DataError
from geo.io.soda import RETRIES, Traffic, _retry_after
from geo.io.sources import PortalSource
from geo.model.messages import msg

_USER_AGENT = "atlas-educativo-medellin"


@dataclass
class JsonClient:
    """GETs against one ArcGIS or CKAN portal."""

    base: str
    timeout: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    traffic: Traffic = field(default_factory=Traffic)

    def get(self, source: PortalSource, url: str, params: dict[str, str], label: str) -> Any:
        """The parsed JSON answer of ``url?params`` (an error body too, when it is JSON)."""
        full = url + "?" + urllib.parse.urlencode(params)
        headers = {"User-Agent": _USER_AGENT, "Accept": "application/json"}
        for attempt in range(RETRIES + 1):
            try:
                request = urllib.request.Request(full, headers=headers)
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
                self.traffic.add(label, len(body))
                return _parse(body, kind, full)
            except urllib.error.HTTPError as exc:
                body = exc.read() if exc.fp is not None else b""
                self.traffic.add(label, len(body))
                wait = _retry_after(exc, attempt)
                status = exc.code
                exc.close()
                if status in (429, 503) and attempt < RETRIES:
                    self.sleep(wait)
                    continue
                answer = _json_or_none(body)
                if isinstance(answer, dict) and answer.get("success") is False:
                    return answer  # CKAN says what went wrong in its body
                if status == 404:
                    raise DataError(
                        msg("portal_moved", dataset=source.dataset), full, setting_fix(source)
                    ) from None
                raise DataError(
                    msg("soda_status", status=status), full, msg("soda_try_later")
                ) from None
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise DataError(
                    msg("soda_network", detail=str(reason)), full, msg("soda_try_later")
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover


def setting_fix(source: PortalSource, part: str = "dataset"):
    """'Write it in the setting sources.json: <key>.<part>', with the source's landing page."""
    return msg(
        "portal_setting_fix", landing=source.landing, setting=f"sources.json: {source.key}.{part}"
    )


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _parse(body: bytes, kind: str, url: str) -> Any:
    text = body.decode("utf-8", errors="replace")
    if "html" in kind.lower() or text.lstrip()[:1] == "<":
        raise DataError(msg("soda_web_page"), url, msg("soda_try_later"))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise DataError(msg("soda_web_page"), url, msg("soda_try_later")) from None
