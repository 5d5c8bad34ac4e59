"""Local HTTP servers imitating an ArcGIS layer (its attributes, paged) and a CKAN portal
(MEData: ``package_search``, ``datastore_search`` paged and with ``filters``), for tests
without internet.

Both answer from frames of our own making and can misbehave on cue: a script of answers is
served first (an ArcGIS ``{"error": ...}`` with HTTP 200, CKAN's ``success: false``, a 404, an
HTML page). Served with :func:`tests.socrata_imitation.serve`.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

import pandas as pd

_JSON = {"Content-Type": "application/json;charset=utf-8"}
HTML = (200, {"Content-Type": "text/html"}, b"<html><body>Mantenimiento</body></html>")


def _cell(value: object) -> object:
    if isinstance(value, float) and value != value:
        return None
    return value.item() if hasattr(value, "item") else value


@dataclass
class ArcgisLayer:
    """``/<path>/query`` over ``attributes``, at most ``max_records`` a page (as a service's
    own maximum), saying ``exceededTransferLimit`` while more follow."""

    path: str
    attributes: pd.DataFrame
    max_records: int = 1000
    script: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(path)
        if self.script:
            return self.script.pop(0)
        url = urllib.parse.urlsplit(path)
        if url.path.rstrip("/") != f"/{self.path.strip('/')}/query":
            return 404, {"Content-Type": "text/html"}, b"<html>Not Found</html>"
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        offset = int(params.get("resultOffset", 0))
        count = min(int(params.get("resultRecordCount", 1000)), self.max_records)
        page = self.attributes.iloc[offset : offset + count]
        body = {
            "features": [
                {"attributes": {k: _cell(v) for k, v in row.items()}}
                for row in page.to_dict("records")
            ],
            "exceededTransferLimit": offset + count < len(self.attributes),
        }
        return 200, _JSON, json.dumps(body).encode()


ARCGIS_ERROR = (200, _JSON, b'{"error": {"code": 400, "message": "Invalid query", "details": []}}')


@dataclass
class Ckan:
    """MEData: ``packages`` (name, title, resources) whose resources' records are frames."""

    packages: list[dict]
    records: dict[str, pd.DataFrame]  # resource id -> its rows
    script: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(path)
        if self.script:
            return self.script.pop(0)
        url = urllib.parse.urlsplit(path)
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path == "/api/3/action/package_search":
            words = params.get("q", "").lower().split()
            found = [
                p
                for p in self.packages
                if all(w in f"{p['name']} {p['title']}".lower() for w in words)
            ]
            result = {"count": len(found), "results": found}
            return 200, _JSON, json.dumps({"success": True, "result": result}).encode()
        if url.path == "/api/3/action/datastore_search":
            frame = self.records.get(params.get("resource_id", ""))
            if frame is None:
                error = {
                    "message": "Not found: Resource was not found.",
                    "__type": "Not Found Error",
                }
                return 404, _JSON, json.dumps({"success": False, "error": error}).encode()
            if "filters" in params:  # {"field": value or [values]}, compared as text
                for column, wanted in json.loads(params["filters"]).items():
                    if column not in frame:
                        error = {"message": f"filters: field {column} not in resource"}
                        body = {"success": False, "error": error}
                        return 409, _JSON, json.dumps(body).encode()
                    wanted = wanted if isinstance(wanted, list) else [wanted]
                    frame = frame[frame[column].astype(str).isin([str(w) for w in wanted])]
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
            page = frame.iloc[offset : offset + limit]
            result = {
                "fields": [{"id": c, "type": "text"} for c in frame.columns],
                "records": [{k: _cell(v) for k, v in r.items()} for r in page.to_dict("records")],
                "total": len(frame),
            }
            return 200, _JSON, json.dumps({"success": True, "result": result}).encode()
        return 404, {"Content-Type": "text/html"}, b"<html>Not Found</html>"


CKAN_ERROR = (
    409,
    _JSON,
    b'{"success": false, "error": {"message": "Search error", "__type": "Search Query Error"}}',
)
