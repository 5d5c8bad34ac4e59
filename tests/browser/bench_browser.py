"""Browser benchmark (a script, not a test): what a visitor waits for, in Debian's Chromium.

(a) Cold start: from launching ``streamlit run app.py`` to the first map polygon (a Leaflet
    ``path`` inside a visible map iframe) drawn in the browser; a fresh server each time,
    median of ``--starts`` (3).
    The same server then gets a second visitor (a fresh browser context): what every later
    visit to a running server waits for.
(b) Late first visit: a fresh server left alone for ``--late`` seconds (15), as when it was
    started before the meeting, then the first visitor; timed from opening the page. The
    server prepares the first map at start (imports, demo, default view), so this is the
    visit, not the preparation.
(c) Indicator change: on a loaded page, from choosing another indicator in the sidebar to the
    map showing new colours (the ``fill`` of the ``path.leaflet-interactive`` elements in some
    frame differ from before) and a legend naming the new indicator; median of ``--changes``
    (7). Frames are searched generically, so this holds whether the map is rebuilt in a new
    iframe or its layer is updated in place.

    .venv/bin/python tests/browser/bench_browser.py [--starts 3] [--late 15] [--changes 7] [--json]

Figures only, never assertions. Every request outside loopback is blocked. A hard overall
timeout (``--timeout``, 300 s) stops the server and exits with status 3.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root, for geo

from conftest import guarded_context, launch_chromium, start_app, stop_app

from geo.model.catalogue import INDICATORS

# Indicators of the demo at its default level, in the order the changes visit them.
SEQUENCE = ("dropout", "no_internet", "coverage_gross", "no_computer", "enrollment", "sites")
TIMEOUT_MS = 60_000
_servers: list[subprocess.Popen] = []  # the server running now, for the watchdog

# A map iframe on screen with at least one polygon drawn.
_DRAWN_JS = """() => [...document.querySelectorAll('iframe')].some(frame => {
  if (frame.getBoundingClientRect().height <= 0) return false;
  try {
    return !!(frame.contentDocument &&
              frame.contentDocument.querySelector('path.leaflet-interactive'));
  } catch (error) { return false; }
})"""

# The fills of each frame's polygons, in document order (one list per frame that has some).
_FILLS_JS = """() => [...document.querySelectorAll('iframe')].flatMap(frame => {
  let paths = [];
  try {
    paths = frame.contentDocument
      ? [...frame.contentDocument.querySelectorAll('path.leaflet-interactive')] : [];
  } catch (error) { return []; }
  return paths.length ? [paths.map(p => p.getAttribute('fill')).join(',')] : [];
})"""

# New colours in some frame, and a legend naming the new indicator in some frame.
_CHANGED_JS = """([before, label]) => {
  const fills = (FILLS)();
  if (!fills.some(f => !before.includes(f))) return false;
  return [...document.querySelectorAll('iframe')].some(frame => {
    try {
      const doc = frame.contentDocument;
      const map = doc && doc.querySelector('.leaflet-container');
      return !!map && map.innerText.includes(label);
    } catch (error) { return false; }
  });
}""".replace("FILLS", _FILLS_JS)


def _start(log: Path) -> tuple[subprocess.Popen, str]:
    process, url = start_app(log)
    _servers.append(process)
    return process, url


def _stop(process: subprocess.Popen) -> None:
    stop_app(process)
    _servers.remove(process)


def _give_up() -> None:
    """The overall time limit passed: end exactly the server we started, then this script."""
    for process in _servers:
        process.kill()
    os._exit(3)


def _label(indicator: str) -> str:
    return INDICATORS[indicator].label("es")


def _visit(browser, url: str) -> None:
    """Open the app in a fresh browser context and wait for the first drawn polygon."""
    context, outside = guarded_context(browser)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(_DRAWN_JS, timeout=TIMEOUT_MS, polling="raf")
    finally:
        context.close()
    if outside:
        raise RuntimeError(f"requests outside loopback: {outside}")


def cold_start(browser, log: Path) -> dict:
    """Seconds from launching the server to healthy and to the first drawn map; then the
    seconds a second visitor waits for the map on the same server."""
    launched = time.monotonic()
    process, url = _start(log)
    healthy = time.monotonic() - launched
    try:
        _visit(browser, url)
        drawn = time.monotonic() - launched
        again = time.monotonic()
        _visit(browser, url)
        again = time.monotonic() - again
    finally:
        _stop(process)
    return {"healthy_s": healthy, "map_drawn_s": drawn, "second_visit_s": again}


def late_visit(browser, log: Path, wait: float) -> float:
    """Seconds the first visitor waits for the map on a server started ``wait`` s earlier."""
    process, url = _start(log)
    try:
        time.sleep(wait)
        opened = time.monotonic()
        _visit(browser, url)
        return time.monotonic() - opened
    finally:
        _stop(process)


def indicator_changes(browser, log: Path, changes: int) -> list[float]:
    """Seconds from each indicator choice to new colours and legend on the map."""
    process, url = _start(log)
    context, outside = guarded_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}?ind={SEQUENCE[0]}")
        page.wait_for_function(_DRAWN_JS, timeout=TIMEOUT_MS, polling="raf")
        selectbox = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
        indicator_box = selectbox.filter(has=page.get_by_text("Indicador", exact=True))
        seconds = []
        for step in range(changes):
            label = _label(SEQUENCE[(step + 1) % len(SEQUENCE)])
            indicator_box.click()
            option = page.get_by_role("option", name=label, exact=True)
            option.wait_for()
            before = page.evaluate(_FILLS_JS)
            started = time.monotonic()
            option.click()
            page.wait_for_function(
                _CHANGED_JS, arg=[before, label], timeout=TIMEOUT_MS, polling="raf"
            )
            seconds.append(time.monotonic() - started)
            # Let the rerun settle (old iframe gone, widgets idle) before the next choice.
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=TIMEOUT_MS,
            )
    finally:
        context.close()
        _stop(process)
    if outside:
        raise RuntimeError(f"requests outside loopback: {outside}")
    return seconds


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=3, help="cold starts (1-10)")
    parser.add_argument(
        "--late", type=float, default=15, help="seconds a server waits for its first visitor"
    )
    parser.add_argument("--changes", type=int, default=7, help="indicator changes (5-30)")
    parser.add_argument("--timeout", type=float, default=300, help="overall limit in seconds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.starts <= 10 or not 5 <= args.changes <= 30 or not 1 <= args.late <= 120:
        parser.error("--starts must be 1-10, --changes 5-30 and --late 1-120")
    watchdog = threading.Timer(args.timeout, _give_up)
    watchdog.daemon = True
    watchdog.start()
    logs = Path(tempfile.mkdtemp(prefix="atlas-bench-"))

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            starts = [cold_start(browser, logs / f"start{i}.log") for i in range(args.starts)]
            lates = [
                late_visit(browser, logs / f"late{i}.log", args.late) for i in range(args.starts)
            ]
            changes = indicator_changes(browser, logs / "changes.log", args.changes)
        finally:
            browser.close()
    watchdog.cancel()

    drawn = [s["map_drawn_s"] for s in starts]
    figures = {
        "cold_start_ms": {
            "median": _ms(statistics.median(drawn)),
            "runs": [_ms(s) for s in drawn],
            "server_healthy_median": _ms(statistics.median(s["healthy_s"] for s in starts)),
            "second_visit_median": _ms(statistics.median(s["second_visit_s"] for s in starts)),
        },
        "late_first_visit_ms": {
            "median": _ms(statistics.median(lates)),
            "runs": [_ms(s) for s in lates],
            "server_started_s_before": args.late,
        },
        "indicator_change_ms": {
            "median": _ms(statistics.median(changes)),
            "max": _ms(max(changes)),
            "runs": [_ms(s) for s in changes],
        },
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        cold, change = figures["cold_start_ms"], figures["indicator_change_ms"]
        late = figures["late_first_visit_ms"]
        print(
            f"cold start to first drawn map: median {cold['median']} ms of {cold['runs']} "
            f"(server healthy after {cold['server_healthy_median']} ms); "
            f"a second visitor then waits {cold['second_visit_median']} ms\n"
            f"first visit to a server started {args.late:g} s earlier: "
            f"median {late['median']} ms of {late['runs']}\n"
            f"indicator change to new colours and legend: median {change['median']} ms, "
            f"max {change['max']} ms of {len(change['runs'])} changes {change['runs']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
