"""Leaflet's files, taken from the ``xstatic-leaflet`` pip package, served by the app itself.

Nothing third-party is committed: the files are copied at start-up into the app's ``static/``
folder (ignored by git), which Streamlit serves at ``/app/static/``.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet
from PIL import Image, ImageDraw

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")


def install_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet's JS, CSS and images into ``static_dir/leaflet``; return that folder.

    Files already there and identical are left alone, so calling this on every start is cheap.
    Each file is written beside its place and moved into it, so two servers starting at once
    (or a browser asking while one starts) never see half a file.
    """
    source = Path(xstatic_leaflet.BASE_DIR)
    target = static_dir / "leaflet"
    for src in _files(source):
        dst = target / src.relative_to(source)
        if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
            dst.parent.mkdir(parents=True, exist_ok=True)
            partial = dst.with_name(f".{dst.name}.{os.getpid()}.part")
            shutil.copyfile(src, partial)
            os.replace(partial, dst)
    return target


def _files(source: Path) -> list[Path]:
    """Every file of ``LEAFLET_FILES`` under ``source`` (a folder's files, recursively)."""
    found: list[Path] = []
    for name in LEAFLET_FILES:
        path = source / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def app_icon() -> Image.Image:
    """The browser-tab icon: four choropleth squares, drawn here so no icon is fetched."""
    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    for (x, y), color in zip(
        ((2, 2), (34, 2), (2, 34), (34, 34)),
        ("#fef0d9", "#fdcc8a", "#e34a33", "#b30000"),
        strict=True,
    ):
        draw.rounded_rectangle((x, y, x + 28, y + 28), radius=5, fill=color, outline="#4d4d4d")
    return icon
