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
from geo.io.soda import USER_AGENT, Traffic, get_retrying, parse_json
from geo.io.sources import PortalSource
from geo.model.messages import msg


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
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        answer = get_retrying(full, headers, self.timeout, self.sleep, self.traffic, label)
        if answer.status < 400:
            return parse_json(answer, full)
        error = _json_or_none(answer.body)
        if isinstance(error, dict) and error.get("success") is False:
            return error  # CKAN says what went wrong in its body
        if answer.status == 404:
            raise DataError(msg("portal_moved", dataset=source.dataset), full, setting_fix(source))
        raise DataError(msg("soda_status", status=answer.status), full, msg("soda_try_later"))


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
