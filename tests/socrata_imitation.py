"""A local HTTP server that imitates a Socrata portal (SODA 2), for tests without internet.

It answers ``/resource/<id>.json`` over per-row frames of text, with the SoQL subset the atlas
uses: ``$select`` (columns, ``count(*)``, ``count(col)``, ``avg(col::number)``,
``sum(col::number)``, ``sum(case(c='v',1,...,true,0))`` with ``as`` aliases), ``$where`` (``c='v'``,
``c in ('a','b')``, ``starts_with(c,'p')`` joined by AND), ``$group``, ``$having``
(``alias > n``), ``$order``, ``$limit`` (default 1,000) and ``$offset``; every value comes
back as text. It also answers as the real one misbehaves: a script of answers first (429 with
``Retry-After``, 503, an HTML page), 404 for an unknown dataset, 400 for an unknown column.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd


class SoqlError(ValueError):
    """A query the imitation (or Socrata) refuses with HTTP 400."""


@dataclass
class Portal:
    datasets: dict[str, pd.DataFrame]
    script: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(path)
        if self.script:
            return self.script.pop(0)
        url = urllib.parse.urlsplit(path)
        match = re.fullmatch(r"/resource/([a-z0-9]{4}-[a-z0-9]{4})\.json", url.path)
        if not match or match.group(1) not in self.datasets:
            return 404, _JSON, b'{"error": true, "message": "Not found"}'
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        try:
            rows = query(self.datasets[match.group(1)], params)
        except SoqlError as exc:
            return 400, _JSON, json.dumps({"error": True, "message": str(exc)}).encode()
        return 200, _JSON, json.dumps(rows).encode()


_JSON = {"Content-Type": "application/json;charset=utf-8"}
HTML_PAGE = (503, {"Content-Type": "text/html"}, b"<html><body>Service down</body></html>")


def _split(text: str) -> list[str]:
    """Split on commas outside parentheses and quotes."""
    parts, depth, quoted, current = [], 0, False, ""
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        if char == "," and depth == 0 and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        raise SoqlError(f"No such column: {name}")
    return frame[name]


def _where(frame: pd.DataFrame, text: str) -> pd.Series:
    keep = pd.Series(True, index=frame.index)
    for clause in re.split(r"\s+AND\s+", text.strip()):
        if m := re.fullmatch(r"(\w+)\s*=\s*'([^']*)'", clause):
            keep &= _column(frame, m[1]) == m[2]
        elif m := re.fullmatch(r"(\w+)\s+in\s*\((.*)\)", clause):
            keep &= _column(frame, m[1]).isin(re.findall(r"'([^']*)'", m[2]))
        elif m := re.fullmatch(r"starts_with\((\w+),\s*'([^']*)'\)", clause):
            keep &= _column(frame, m[1]).fillna("").str.startswith(m[2])
        else:
            raise SoqlError(f"Unsupported clause: {clause}")
    return keep


def _per_row(rows: pd.DataFrame, expression: str) -> tuple[pd.Series, str]:
    """An aggregate as a per-row series and how a group reduces it ('sum' or 'mean')."""
    if expression == "count(*)":
        return pd.Series(1, index=rows.index), "sum"
    if m := re.fullmatch(r"count\((\w+)\)", expression):  # values present (blank is null)
        return (_column(rows, m[1]).fillna("") != "").astype(int), "sum"
    if m := re.fullmatch(r"avg\((\w+)::number\)", expression):
        return pd.to_numeric(_column(rows, m[1]), errors="coerce"), "mean"
    if m := re.fullmatch(r"sum\((\w+)::number\)", expression):
        return pd.to_numeric(_column(rows, m[1]), errors="coerce"), "sum"
    if m := re.fullmatch(r"sum\(case\((.*),\s*true,\s*0\)\)", expression):
        pairs = re.findall(r"(\w+)='([^']*)',\s*1", m[1])
        hit = pd.Series(False, index=rows.index)
        for column, value in pairs:
            hit |= _column(rows, column) == value
        return hit.astype(int), "sum"
    raise SoqlError(f"Unsupported expression: {expression}")


def query(frame: pd.DataFrame, params: dict[str, str]) -> list[dict[str, str]]:
    """Rows of ``frame`` (text cells) as Socrata would answer ``params``."""
    rows = frame[_where(frame, params["$where"])] if "$where" in params else frame
    items = []
    for item in _split(params.get("$select", "*")):
        expression, _, alias = item.partition(" as ")
        items.append((expression.strip(), alias.strip() or expression.strip()))
    group = [g.strip() for g in params.get("$group", "").split(",") if g.strip()]
    aggregates = [i for i in items if "(" in i[0]]
    if group or aggregates:
        for column in group:
            _column(rows, column)
        for expression, _ in items:
            if "(" not in expression and expression not in group:
                raise SoqlError(f"{expression} must be grouped")
        # Each aggregate as a per-row series reduced per group (vectorised: one pass each).
        parts = {alias: _per_row(rows, e) for e, alias in items if "(" in e}
        values = pd.DataFrame({a: series for a, (series, _) in parts.items()}, index=rows.index)
        how = {a: reduce for a, (_, reduce) in parts.items()}
        if group:
            keyed = pd.concat([rows[group], values], axis=1)
            result = keyed.groupby(group, sort=False, dropna=False).agg(how).reset_index()
        else:
            result = pd.DataFrame([{a: values[a].agg(r) for a, r in how.items()}])
        result = result[[a for _, a in items]]
    else:
        names = [e for e, _ in items if e != "*"] or list(rows.columns)
        result = pd.DataFrame({name: _column(rows, name) for name in names})
    if having := params.get("$having"):
        m = re.fullmatch(r"(\w+)\s*>\s*(\d+)", having.strip())
        if not m:
            raise SoqlError(f"Unsupported $having: {having}")
        result = result[pd.to_numeric(result[m[1]]) > int(m[2])]
    if order := params.get("$order"):
        result = result.sort_values([c.strip() for c in order.split(",")], kind="stable")
    offset, limit = int(params.get("$offset", 0)), int(params.get("$limit", 1000))
    result = result.iloc[offset : offset + limit]
    return [
        {k: str(v) for k, v in record.items() if v is not None and v == v}
        for record in result.to_dict("records")
    ]


class _Handler(BaseHTTPRequestHandler):
    portal: Portal

    def do_GET(self) -> None:
        status, headers, body = self.portal.answer(self.path)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve(portal: Portal) -> tuple[ThreadingHTTPServer, str]:
    """Start the imitation on a free port; returns the server and its base URL."""
    handler = type("Handler", (_Handler,), {"portal": portal})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
