"""Warm page visits (a script, not a test): what a visitor waits for on Mapa, Prioridad,
Focalizar and Red escolar against a bare Streamlit page (a title and a select box), in
Debian's Chromium, on servers already warmed by a first visit of each page (issue 24).

A visit is timed from opening the page in a fresh browser context to the page settled: its
script run over (no status widget, no skeleton) and, for the atlas's pages, every map iframe
with its polygons drawn. Median of ``--visits`` (3) per page. With ``--before PATH`` (another
checkout of the project, e.g. a ``git worktree`` of an older commit) the same visits are made
to that checkout's server in the same run, so the figures compare like with like.

    .venv/bin/python tests/browser/bench_pages.py [--visits 3] [--before /tmp/old] [--json]

Figures only, never assertions. Every request outside loopback is blocked.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from conftest import _free_port, _wait_healthy, guarded_context, launch_chromium, stop_app

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "mapa": "",
    "prioridad": "prioridad",
    "focalizar": "focalizar",
    "red_escolar": "red_escolar",
}
BARE = 'import streamlit as st\nst.title("Atlas")\nst.selectbox("Indicador", ["a", "b"])\n'
# Settled: no script run going on, no skeleton, and each visible map iframe has polygons.
_SETTLED_JS = """(maps) => {
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]'))
    return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (!maps) return !!document.querySelector('[data-testid="stSelectbox"]');
  const frames = [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')];
  return frames.length > 0 && frames.every(frame => {
    try {
      return !!frame.contentDocument.querySelector('path.leaflet-interactive');
    } catch (error) { return false; }
  });
}"""


def _serve(root: Path, script: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/"
    _wait_healthy(url, process, log)
    return process, url


def _visit(browser, url: str, maps: bool) -> float:
    context, outside = guarded_context(browser)
    try:
        page = context.new_page()
        start = time.monotonic()
        page.goto(url)
        page.wait_for_function(_SETTLED_JS, arg=maps, timeout=90_000, polling=50)
        took = time.monotonic() - start
    finally:
        context.close()
    if outside:
        raise RuntimeError(f"requests outside loopback: {outside}")
    return took


def _pages(browser, url: str, visits: int) -> dict[str, float]:
    figures = {}
    for name, path in PAGES.items():
        _visit(browser, url + path, True)  # the warm-up: imports, data, first computation
        figures[name] = statistics.median(_visit(browser, url + path, True) for _ in range(visits))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to measure in the run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE)
        process, url = _serve(Path(folder), str(bare), Path(folder) / "bare.log")
        try:
            _visit(browser, url, False)
            results["bare"] = {
                "bare": statistics.median(_visit(browser, url, False) for _ in range(args.visits))
            }
        finally:
            stop_app(process)
        for label, root in (("before", args.before), ("after", ROOT)):
            if root is None:
                continue
            process, url = _serve(root, "app.py", Path(folder) / f"{label}.log")
            try:
                results[label] = _pages(browser, url, args.visits)
            finally:
                stop_app(process)
        browser.close()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    bare_s = results["bare"]["bare"]
    print(f"bare Streamlit page: {bare_s:.2f} s")
    for label in ("before", "after"):
        for name, seconds in results.get(label, {}).items():
            print(f"{label:6} {name:12} {seconds:.2f} s  ({seconds / bare_s:.2f}x bare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
