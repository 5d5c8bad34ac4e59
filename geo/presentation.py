"""Saved views for presenting: a list of view links, shareable as one link or a JSON file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import parse_qs, urlencode

from geo.errors import DataError
from geo.messages import msg
from geo.view import View

VIEWS_KEY = "v"  # ?v=<view query>&v=<view query>&i=1&present=1
STEP_KEY = "i"


def view_query(view: View) -> str:
    """A view as the query string the app writes (``ind=dropout&year=2024&...``)."""
    pairs = [
        (key, value)
        for key, values in view.to_query().items()
        for value in ([values] if isinstance(values, str) else values)
    ]
    return urlencode(pairs)


def query_params(query: str) -> dict[str, str | list[str]]:
    """A view query string back into the mapping ``View.from_query`` takes."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {key: values if len(values) > 1 else values[0] for key, values in parsed.items()}


def to_json(queries: Sequence[str], title: str = "") -> bytes:
    """The list of saved views as a small JSON file."""
    document = {"atlas": "atlas-educativo-medellin", "title": title, "views": list(queries)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def from_json(data: bytes, name: str = "vistas.json") -> list[str]:
    """Saved views from the JSON file ``name``; ``DataError`` says what is wrong with it."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(msg("views_not_json", detail=exc), name, msg("views_fix")) from None
    views = document.get("views") if isinstance(document, dict) else None
    if not isinstance(views, list) or not all(isinstance(v, str) for v in views) or not views:
        raise DataError(msg("views_no_list"), name, msg("views_fix"))
    return views
