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


# --- the layers: model <- io <- synthetic <- analysis <- render <- export <- cli <- pages ---
# A module may import its own layer and those below it, never one above: data flows from the
# readers (io) to the numbers (analysis) to the drawing (render) to the files (export).
LAYERS = (
    ("geo", "geo.errors", "geo.model"),  # ``geo`` itself: the package's version, nothing more
    ("geo.io",),
    ("geo.synthetic",),
    ("geo.analysis",),
    ("geo.render",),
    ("geo.export",),
    ("geo.cli", "geo.__main__"),
    ("pages", "app"),
)


def layer(module: str) -> int | None:
    """The rank of ``module`` in ``LAYERS`` (its longest matching prefix), None if outside."""
    best = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    return None if best is None else best[0]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_imports(root: Path, path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the project's own modules in one file, at any depth
    (an import inside a function counts: it runs when the function does)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from geo.model import schema`` imports geo.model.schema when it is a module
            modules = [
                f"{node.module}.{alias.name}"
                if (root / node.module.replace(".", "/") / f"{alias.name}.py").exists()
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found += [(node.lineno, m) for m in modules if layer(m) is not None]
    return found


def project_files(root: Path) -> list[Path]:
    files = sorted((root / "geo").rglob("*.py")) + sorted((root / "pages").rglob("*.py"))
    return files + [p for p in [root / "app.py"] if p.exists()]


def upward_imports(root: Path) -> list[str]:
    """Every import of a module in a higher layer than the importer's."""
    offenders = []
    for path in project_files(root):
        importer = module_name(root, path)
        for line, imported in project_imports(root, path):
            if layer(imported) > layer(importer):
                offenders.append(f"{importer}:{line} imports {imported}")
    return offenders


def import_cycles(root: Path) -> list[list[str]]:
    """Circles among the project's modules (each found once, from its smallest module)."""
    graph: dict[str, set[str]] = {}
    for path in project_files(root):
        graph[module_name(root, path)] = {m for _, m in project_imports(root, path)}
    cycles: list[list[str]] = []

    def visit(start: str, node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                cycles.append([*trail, start])
            elif nxt > start and nxt not in trail:
                visit(start, nxt, [*trail, nxt])

    for start in sorted(graph):
        visit(start, start, [start])
    return cycles


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_layer_checker_sees_upward_imports_and_circles(tmp_path: Path) -> None:
    """Guard against a checker that can never fire: a model that imports the drawing (even
    inside a function), and two readers that import each other."""
    _write(
        tmp_path,
        {
            "geo/__init__.py": "",
            "geo/model/__init__.py": "",
            "geo/model/view.py": "def f():\n    from geo.render import maps\n",
            "geo/render/__init__.py": "",
            "geo/render/maps.py": "from geo.model import view\n",
            "geo/io/__init__.py": "",
            "geo/io/a.py": "import geo.io.b\n",
            "geo/io/b.py": "from geo.io.a import x\n",
            "pages/__init__.py": "",
        },
    )
    assert upward_imports(tmp_path) == ["geo.model.view:2 imports geo.render.maps"]
    assert import_cycles(tmp_path) == [
        ["geo.io.a", "geo.io.b", "geo.io.a"],
        ["geo.model.view", "geo.render.maps", "geo.model.view"],
    ]


def test_nothing_imports_upward() -> None:
    assert upward_imports(GEO.parent) == []


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles(GEO.parent) == []
