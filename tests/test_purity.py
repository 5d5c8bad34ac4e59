"""The engine never imports Streamlit: the CLI, the tests and the app share the same code."""

from __future__ import annotations

import ast
from pathlib import Path

GEO = Path(__file__).resolve().parents[1] / "geo"


def streamlit_imports(path: Path) -> list[str]:
    """Every ``import streamlit...`` / ``from streamlit... import`` in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        # streamlit_folium and friends import Streamlit too: any top-level name streamlit*.
        found += [
            f"{path.name}:{node.lineno} {name}"
            for name in names
            if name.split(".")[0].startswith("streamlit")
        ]
    return found


def test_the_checker_sees_streamlit_imports(tmp_path: Path) -> None:
    """Guard against a checker that can never fire."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nimport streamlit as st\nfrom streamlit.runtime import x\n"
        "from . import streamlit_like\nimport streamlit_folium\n"
    )
    assert [f.split(" ", 1)[1] for f in streamlit_imports(sample)] == [
        "streamlit",
        "streamlit.runtime",
        "streamlit_folium",
    ]


def test_geo_never_imports_streamlit() -> None:
    files = sorted(GEO.rglob("*.py"))
    assert len(files) > 10
    offenders = [hit for path in files for hit in streamlit_imports(path)]
    assert offenders == []
