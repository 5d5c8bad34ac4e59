"""File names that say what a file holds: the view's zone and filters in the stem, so two
downloads of different views never share a name (``plan_computers_equity_2024_oficial``)."""

from __future__ import annotations

import re
import unicodedata

from geo.model.view import View


def slug(text: str) -> str:
    """``Cobertura contratada`` -> ``cobertura-contratada``: lower-case ASCII, words joined
    by hyphens, nothing a file system or a shell would read specially."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def view_suffix(view: View) -> str:
    """The zone and each filter's values as a file-name suffix (``_urbano_oficial``), one
    part per filter in the view's order; ``""`` for the whole city without filters."""
    parts = [view.zone] if view.zone else []
    parts += ["-".join(slug(value) for value in values) for _, values in view.filters]
    return "".join(f"_{slug(part)}" for part in parts)
