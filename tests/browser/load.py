"""Load check (a script, not a test): N concurrent browser sessions change indicator and year.

Starts ``streamlit run app.py`` on a free loopback port (as the browser tests do), opens
``--sessions`` tabs (each a Streamlit session) in one Debian Chromium against the demo data,
and in each one changes the indicator and then the year ``--changes`` times through the
sidebar widgets.
An interaction's latency runs from the click or key press to the moment the page title and
the map's legend both show the new indicator and year. Prints p50/p95 latency, the error
count (timeouts, JavaScript errors, requests outside loopback, error boxes on the page,
tracebacks in the server log) and the server's peak RSS (the streamlit process and its
children, sampled from ``/proc``). Exit status 0 only with zero errors.

    .venv/bin/python tests/browser/load.py --sessions 20 --changes 5 [--json]

Bounded: at most 50 sessions and 20 changes, and a hard overall timeout (``--timeout``,
300 s by default) after which the server is stopped and the script exits with status 3.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project root, for geo

from conftest import CHROMIUM, CHROMIUM_ARGS, LOOPBACK, start_app, stop_app

from geo.io.ingest import load_demo
from geo.model.catalogue import INDICATORS

MAX_SESSIONS = 50
MAX_CHANGES = 20
INTERACTION_TIMEOUT_MS = 90_000
FIRST_LOAD_TIMEOUT_MS = 150_000
POLL_MS = 100

# True when the page title is "<label> · <year>" and some map frame's legend names both.
# Every same-origin iframe is searched, so it holds whether the map is rebuilt or updated
# in place.
_SHOWS_JS = """([label, year]) => {
  const title = document.querySelector('h1');
  if (!title || title.innerText.trim() !== `${label} · ${year}`) return false;
  return [...document.querySelectorAll('iframe')].some(frame => {
    let map = null;
    try {
      map = frame.contentDocument && frame.contentDocument.querySelector('.leaflet-container');
    } catch (error) { return false; }
    if (!map) return false;
    const text = map.textContent;  // no layout, unlike innerText
    return text.includes(label) && text.includes(String(year));
  });
}"""


@dataclass
class Results:
    """What every session measured, and what went wrong."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"indicator": [], "year": []})
    first_load: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class RssSampler(threading.Thread):
    """Sample the resident memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.samples_kib: list[int] = []
        self.cpu_s = 0.0  # user + system time of the tree at the last sample
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            tree = _process_tree(self.pid)
            total = sum(_rss_kib(pid) for pid in tree)
            self.cpu_s = sum(_cpu_s(pid) for pid in tree)
            self.samples_kib.append(total)
            self.peak_kib = max(self.peak_kib, total)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=5)


def _process_tree(root: int) -> list[int]:
    """``root`` and every descendant, from the parent ids in ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (nearest rank) of ``values``, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


async def _wait_shows(page, label: str, year: int, timeout: int = INTERACTION_TIMEOUT_MS) -> None:
    await page.wait_for_function(_SHOWS_JS, arg=[label, year], timeout=timeout, polling=POLL_MS)


class Gate:
    """Page loads at most ``loading`` at a time; changes start when every session has loaded.

    Twenty fresh pages at once mostly measure Chromium parsing Streamlit's frontend twenty
    times on two cores; the interactions are what this script is about, and they all run
    together.
    """

    def __init__(self, sessions: int, loading: int) -> None:
        self.loads = asyncio.Semaphore(loading)
        self._waiting = sessions
        self._all_loaded = asyncio.Event()

    def loaded(self) -> None:
        """A session is ready (or gave up); the last one opens the gate."""
        self._waiting -= 1
        if self._waiting == 0:
            self._all_loaded.set()

    async def wait(self) -> None:
        await self._all_loaded.wait()


async def _run_session(
    context, url: str, number: int, changes: int, plan: dict, results: Results, gate: Gate
) -> None:
    """One visitor: open the map, then change indicator and year ``changes`` times each.

    Each tab is its own Streamlit session (its own websocket and session state); the tabs
    share one browser context so that Streamlit's frontend is downloaded and compiled once,
    as for a visitor who has been here before, instead of twenty times on two cores.
    """
    name = f"session {number}"
    page = await context.new_page()
    page.on("pageerror", lambda exc: results.errors.append(f"{name}: JavaScript error {exc}"))
    indicators, labels, years = plan["indicators"], plan["labels"], plan["years"]
    current, year_index = 0, len(years) - 1
    doing = "first load"
    try:
        try:
            async with gate.loads:
                started = time.monotonic()
                await page.goto(f"{url}?ind={indicators[0]}&year={years[year_index]}")
                await _wait_shows(page, labels[0], years[year_index], FIRST_LOAD_TIMEOUT_MS)
                results.first_load.append(time.monotonic() - started)
        finally:
            gate.loaded()
        await gate.wait()
        sidebar = page.get_by_test_id("stSidebar")
        for step in range(changes):
            # Sessions walk the indicator list from different offsets: different views at once.
            current = (current + 1 + (number + step) % (len(indicators) - 1)) % len(indicators)
            doing = f"change {step + 1}, indicator -> {indicators[current]}"
            box = sidebar.get_by_test_id("stSelectbox").filter(
                has=page.get_by_text("Indicador", exact=True)
            )
            await box.click()
            option = page.get_by_role("option", name=labels[current], exact=True)
            await option.wait_for()
            started = time.monotonic()
            await option.click()
            await _wait_shows(page, labels[current], years[year_index])
            results.latencies["indicator"].append(time.monotonic() - started)

            # One year back, or forward once at the first year.
            step_back = year_index > 0
            year_index += -1 if step_back else 1
            doing = f"change {step + 1}, year -> {years[year_index]}"
            slider = sidebar.get_by_role("slider").first  # the year comes before the classes
            await slider.focus()
            started = time.monotonic()
            await page.keyboard.press("ArrowLeft" if step_back else "ArrowRight")
            await _wait_shows(page, labels[current], years[year_index])
            results.latencies["year"].append(time.monotonic() - started)
        shown = await page.get_by_test_id("stException").count()
        shown += await page.get_by_test_id("stAlertContentError").count()
        if shown:
            results.errors.append(f"{name}: {shown} error box(es) on the page")
    except Exception as exc:  # a timeout or a vanished element: count it, keep the others going
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        results.errors.append(f"{name}, {doing}: {type(exc).__name__}: {first_line}")
    finally:
        await page.close()


async def _warm_up(context, url: str, plan: dict) -> None:
    """One visit before the load, as a server in service has had: data read, caches filled.

    It also takes the server out of Streamlit's first-run ``pages/`` mode; without it, a
    visitor whose first run overlaps the very first visitor's loses its first change (a
    second try works). ``--cold`` skips this to show it.
    """
    page = await context.new_page()
    try:
        await page.goto(f"{url}?ind={plan['indicators'][0]}&year={plan['years'][-1]}")
        await _wait_shows(page, plan["labels"][0], plan["years"][-1], FIRST_LOAD_TIMEOUT_MS)
    finally:
        await page.close()


async def _drive(
    url: str, sessions: int, changes: int, plan: dict, results: Results, cold: bool, loading: int
) -> float:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        # Outside names do not resolve (no per-request interception, which costs CPU on every
        # request); any outside request is still recorded as an error.
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CO")
        context.set_default_timeout(INTERACTION_TIMEOUT_MS)
        context.on(
            "request",
            lambda request: (
                LOOPBACK.match(request.url)
                or request.url.startswith(("data:", "blob:", "about:"))
                or results.errors.append(f"request outside loopback: {request.url}")
            ),
        )
        try:
            if not cold:
                await _warm_up(context, url, plan)
            started = time.monotonic()
            gate = Gate(sessions, loading)
            await asyncio.gather(
                *(
                    _run_session(context, url, number, changes, plan, results, gate)
                    for number in range(sessions)
                )
            )
        finally:
            await browser.close()
        return time.monotonic() - started


def _plan() -> dict:
    demo = load_demo()
    indicators = list(demo.available_indicators())
    return {
        "indicators": indicators,
        "labels": [INDICATORS[i].label("es") for i in indicators],
        "years": sorted(demo.years),
    }


def _summary(
    results: Results, sessions: int, changes: int, wall: float, rss: dict, cold: bool
) -> dict:
    every = results.latencies["indicator"] + results.latencies["year"]

    def ms(seconds: float | None) -> int | None:
        return None if seconds is None else round(seconds * 1000)

    return {
        "sessions": sessions,
        "changes_per_session": changes,
        "interactions": len(every),
        "latency_ms": {
            "p50": ms(percentile(every, 50)),
            "p95": ms(percentile(every, 95)),
            "max": ms(max(every, default=None)),
            "indicator_p50": ms(percentile(results.latencies["indicator"], 50)),
            "year_p50": ms(percentile(results.latencies["year"], 50)),
        },
        "first_load_ms": {
            "p50": ms(percentile(results.first_load, 50)),
            "p95": ms(percentile(results.first_load, 95)),
        },
        "errors": len(results.errors),
        "error_details": results.errors[:20],
        "server_rss_mib": {
            "idle": round(rss["idle"] / 1024, 1),
            "peak": round(rss["peak"] / 1024, 1),
        },
        "warm_up": not cold,
        "load_average_1min": round(os.getloadavg()[0], 1),
        "wall_s": round(wall, 1),
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"1-{MAX_SESSIONS}")
    parser.add_argument("--changes", type=int, default=5, help=f"1-{MAX_CHANGES}")
    parser.add_argument("--timeout", type=float, default=300, help="overall limit in seconds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--loading", type=int, default=4, help="page loads in flight at once (default 4)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up visit: every session meets a fresh server"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.changes <= MAX_CHANGES:
        parser.error(f"--sessions must be 1-{MAX_SESSIONS} and --changes 1-{MAX_CHANGES}")
    if args.loading < 1 or not 10 <= args.timeout <= 900:
        parser.error("--loading must be at least 1 and --timeout 10-900")

    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    plan = _plan()
    log = Path(tempfile.mkdtemp(prefix="atlas-load-")) / "server.log"
    process, url = start_app(log)
    # Last resort if stopping hangs: end exactly our server, then this script.
    watchdog = threading.Timer(args.timeout + 60, lambda: (process.kill(), os._exit(3)))
    watchdog.daemon = True
    watchdog.start()
    sampler = RssSampler(process.pid)
    sampler.start()
    results = Results()
    status = 0
    try:
        time.sleep(1)  # a few idle samples first
        idle = min(sampler.samples_kib or [0])
        cpu_before = sampler.cpu_s
        try:
            wall = asyncio.run(
                asyncio.wait_for(
                    _drive(
                        url, args.sessions, args.changes, plan, results, args.cold, args.loading
                    ),
                    args.timeout,
                )
            )
        except TimeoutError:
            results.errors.append(f"overall timeout of {args.timeout:g} s reached")
            wall, status = args.timeout, 3
    finally:
        sampler.stop()
        stop_app(process)
        watchdog.cancel()
    tracebacks = log.read_text(errors="replace").count("Traceback")
    if tracebacks:
        results.errors.append(f"{tracebacks} traceback(s) in the server log {log}")
    summary = _summary(
        results,
        args.sessions,
        args.changes,
        wall,
        {"idle": idle, "peak": sampler.peak_kib},
        args.cold,
    )
    summary["load_average_1min_before"] = round(load_before, 1)
    summary["server_cpu_s"] = round(sampler.cpu_s - cpu_before, 1)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        latency, rss = summary["latency_ms"], summary["server_rss_mib"]
        print(
            f"{args.sessions} sessions × {args.changes} changes of indicator and of year: "
            f"{summary['interactions']} interactions in {summary['wall_s']} s\n"
            f"latency p50 {latency['p50']} ms, p95 {latency['p95']} ms, max {latency['max']} ms "
            f"(indicator p50 {latency['indicator_p50']} ms, year p50 {latency['year_p50']} ms)\n"
            f"first load p50 {summary['first_load_ms']['p50']} ms, "
            f"p95 {summary['first_load_ms']['p95']} ms\n"
            f"errors {summary['errors']}\n"
            f"server RSS idle {rss['idle']} MiB, peak {rss['peak']} MiB; "
            f"server CPU {summary['server_cpu_s']} s in {summary['wall_s']} s\n"
            f"machine load average (1 min) before {summary['load_average_1min_before']}, "
            f"after {summary['load_average_1min']}"
        )
        for detail in summary["error_details"]:
            print(f"  error: {detail}")
    return status or (1 if results.errors else 0)


if __name__ == "__main__":
    sys.exit(main())
