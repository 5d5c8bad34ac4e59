"""What a visitor waits for on the atlas's map pages (a script, not a test; issue 24), against
a bare Streamlit page (a title and a select box) measured in the same run, in Debian's
Chromium, on servers already warmed by a first visit of each page:

- **visit**: a warm visit to Mapa, Prioridad, Focalizar and Red escolar, from opening the page
  in a fresh browser context (a first-time visitor: an empty cache) to the page settled: its
  script runs over (no status widget, no skeleton) and every map iframe with its polygons
  drawn;
- **return**: Mapa again in the context of a visit that has just settled (a planner coming
  back: the browser's cache holds the files it fetched), to the page settled;
- **floor**: the cost of the stack itself, the same for every checkout: a bare page with the
  shared sidebar's widget types (select box, select slider, slider, checkbox, number input,
  toggle, text input, a multiselect in an expander) and one ``st_folium`` map of the demo's
  21 territories drawn with the app's own Leaflet files;
- **rerun**: on a settled Mapa, from choosing another indicator in the sidebar to the map
  showing new colours, a legend naming the indicator and the script run over;
- **click**: on a settled Mapa, from a click inside a territory to its panel drawn (heading,
  trend chart, its sites' table) and the run over;
- **present**: *Presentar este plan* (Focalizar's link, ``present=1``), opened in a fresh
  context, until its map and tables are drawn and the run is over.

Rounds are interleaved (a bare visit, the floor, then one of each scenario, ``--rounds``
times), so a machine shared with other work loads both sides alike; medians are printed, with
each scenario's ratio to the bare page's median (a return visit also beside the bare page's
own return visit). With ``--before PATH`` (another checkout, e.g. a ``git worktree`` of an
older commit) the same scenarios run on that checkout's server in the same rounds, so the
figures compare like with like.

    .venv/bin/python tests/browser/bench_pages.py [--rounds 5] [--before /tmp/old] [--json]

Figures only, never assertions. No request leaves loopback: the browser resolves no host name
but ``localhost`` (``--host-resolver-rules``), and a visit that asked for any other address
fails the run. Outside requests are refused that way, not by Playwright's routing, which
turns the browser's HTTP cache off: a page would then fetch again, within one visit, every
file its map iframes share, and a returning visitor would find nothing cached.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOOPBACK,
    SOURCE_DATE_EPOCH,
    _free_port,
    _wait_healthy,
    stop_app,
)

from geo.model.catalogue import INDICATORS
from geo.render.assets import install_leaflet

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "mapa": "",
    "prioridad": "prioridad",
    "focalizar": "focalizar",
    "red_escolar": "red_escolar",
}
SCENARIOS = (*PAGES, "return", "floor", "rerun", "click", "present")
BARE = 'import streamlit as st\nst.title("Atlas")\nst.selectbox("Indicador", ["a", "b"])\n'
# The stack's own cost: the sidebar's widget types and one map of the demo's territories,
# with the app's Leaflet files (served from this page's static/ folder) and no tiles.
FLOOR = """import json
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
with st.sidebar:
    st.selectbox("Indicador", ["a", "b"])
    st.select_slider("Año", [2022, 2023, 2024], value=2024)
    st.slider("Clases", 3, 7, 5)
    st.checkbox("Cortes fijos")
    st.number_input("Mínimo", 0, 100, 30)
    st.toggle("Nombres")
    st.text_input("Buscar")
    with st.expander("Filtros"):
        st.multiselect("Sector", ["Oficial", "Privado"])
st.title("Atlas")


@st.cache_resource
def territories():
    with open(TERRITORIES, encoding="utf-8") as file:
        return json.load(file)


fmap = folium.Map(location=[6.27, -75.6], zoom_start=11, tiles=None)
fmap.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
fmap.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.GeoJson(
    territories(),
    style_function=lambda f: {"fillColor": "#fdae61", "color": "#4d4d4d", "weight": 1},
    tooltip=folium.GeoJsonTooltip(["nombre"]),
).add_to(fmap)
st_folium(fmap, height=640, use_container_width=True, returned_objects=[], key="floor")
"""
# The browser resolves no address but loopback: nothing can leave this machine.
NO_OUTSIDE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
TIMEOUT_MS = 90_000
# No script run going on and nothing waiting to be drawn.
_IDLE_JS = """() => !document.querySelector(
  '[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')"""
# Settled: idle, a title, and each visible map iframe has polygons.
_SETTLED_JS = """(maps) => {
  if (!(IDLE)()) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (!maps) return !!document.querySelector('[data-testid="stSelectbox"]');
  const frames = [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')];
  return frames.length > 0 && frames.every(frame => {
    try {
      return !!frame.contentDocument.querySelector('path.leaflet-interactive');
    } catch (error) { return false; }
  });
}""".replace("IDLE", _IDLE_JS)
# The fills of the map's polygons, in document order.
_FILLS_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const doc = frame && frame.contentDocument;
  return doc ? [...doc.querySelectorAll('path.leaflet-interactive')]
    .map(p => p.getAttribute('fill')).join(',') : '';
}"""
# New colours, a legend naming the new indicator, and the run over.
_CHANGED_JS = """([before, label]) => {
  const frames = [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')];
  if (frames.length !== 1 || !(IDLE)()) return false;
  const doc = frames[0].contentDocument;
  const legend = doc && doc.querySelector('.atlas-legend');
  return (FILLS)() !== before && !!legend && legend.innerText.includes(label);
}""".replace("FILLS", _FILLS_JS).replace("IDLE", _IDLE_JS)
# A point inside the largest territory as drawn, in the iframe's pixels: the centre of its
# box if that point is on it, else the first point of a coarse grid over the box that is.
_INSIDE_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const doc = frame.contentDocument;
  const paths = [...doc.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')];
  const box = p => p.getBoundingClientRect();
  paths.sort((a, b) => box(b).width * box(b).height - box(a).width * box(a).height);
  for (const path of paths) {
    const r = box(path);
    for (let i = 0; i <= 16; i++) {
      const fx = i === 0 ? 0.5 : (i % 4 + 0.5) / 4;
      const fy = i === 0 ? 0.5 : (Math.floor((i - 1) / 4) + 0.5) / 4;
      const x = r.left + fx * r.width, y = r.top + fy * r.height;
      if (doc.elementFromPoint(x, y) === path) return [x, y];
    }
  }
  return null;
}"""
# The territory's panel: the link to its ficha, its trend chart drawn, its sites' table.
_PANEL_JS = """() => (IDLE)()
  && !!document.querySelector('.st-key-ficha_link a')
  && !!document.querySelector(
    '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
  && !!document.querySelector('.st-key-area_sites table')""".replace("IDLE", _IDLE_JS)


def _serve(root: Path, script: str, log: Path, *options: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with open(log, "w") as out:
        process = subprocess.Popen(
            command, cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    _wait_healthy(url, process, log)
    return process, url


def _serve_floor(folder: Path) -> tuple[subprocess.Popen, str]:
    """The floor page (``FLOOR``) in ``folder``, with Leaflet in its static/ folder."""
    install_leaflet(folder / "static")
    territories = ROOT / "data" / "demo" / "territorios.geojson"
    floor = folder / "floor.py"
    floor.write_text(FLOOR.replace("TERRITORIES", repr(str(territories))))
    return _serve(folder, str(floor), folder / "floor.log", "--server.enableStaticServing", "true")


def launch(playwright):
    """Debian's Chromium as the tests launch it, resolving no host name but localhost."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, NO_OUTSIDE]
    )


class _Page:
    """A fresh browser context (its own empty cache) and page; a request outside loopback
    (refused by the browser, see ``NO_OUTSIDE``) fails the run."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CO")
        self.context.set_default_timeout(30_000)
        self.outside: list[str] = []
        self.context.on(
            "request",
            lambda request: (
                None if LOOPBACK.match(request.url) else self.outside.append(request.url)
            ),
        )
        self.page = self.context.new_page()

    def __enter__(self):
        return self.page

    def __exit__(self, *exc) -> None:
        self.context.close()
        if self.outside:
            raise RuntimeError(f"requests outside loopback: {self.outside}")


def _settle(page, maps: bool = True) -> None:
    page.wait_for_function(_SETTLED_JS, arg=maps, timeout=TIMEOUT_MS, polling=50)


def visit(browser, url: str, maps: bool = True) -> float:
    """Seconds from opening ``url`` in a fresh context to the page settled."""
    with _Page(browser) as page:
        start = time.monotonic()
        page.goto(url)
        _settle(page, maps)
        return time.monotonic() - start


def return_visit(browser, url: str, maps: bool = True) -> float:
    """Seconds from opening ``url`` again, in the context of a settled first visit (its
    cache filled), to the page settled."""
    with _Page(browser) as page:
        page.goto(url)
        _settle(page, maps)
        page.wait_for_timeout(300)
        again = page.context.new_page()
        start = time.monotonic()
        again.goto(url)
        _settle(again, maps)
        return time.monotonic() - start


def _loaded_map(page, url: str) -> None:
    """Mapa opened and settled, and still settled a moment later (a run the map's first
    message may cause is over too)."""
    page.goto(url)
    _settle(page)
    page.wait_for_timeout(700)
    _settle(page)


def rerun(browser, url: str, step: int) -> float:
    """Seconds from choosing another indicator on Mapa to its map redrawn and the run over."""
    names = ("no_internet", "coverage_gross", "no_computer", "enrollment")
    label = INDICATORS[names[step % len(names)]].label("es")
    with _Page(browser) as page:
        _loaded_map(page, url + "?ind=dropout")
        box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
        box = box.filter(has=page.get_by_text("Indicador", exact=True)).get_by_role("combobox")
        box.evaluate("element => element.scrollIntoView({block: 'center'})")
        box.click()
        option = page.get_by_role("option", name=label, exact=True)
        option.wait_for()
        before = page.evaluate(_FILLS_JS)
        start = time.monotonic()
        option.click()
        page.wait_for_function(_CHANGED_JS, arg=[before, label], timeout=TIMEOUT_MS, polling=50)
        return time.monotonic() - start


def click(browser, url: str) -> float:
    """Seconds from a click inside a territory on Mapa to its panel drawn and the run over."""
    with _Page(browser) as page:
        _loaded_map(page, url)
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
        point = page.evaluate(_INSIDE_JS)
        if point is None:
            raise RuntimeError("no point inside a territory found on the map")
        box = frame.bounding_box()
        start = time.monotonic()
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        page.wait_for_function(_PANEL_JS, timeout=TIMEOUT_MS, polling=50)
        return time.monotonic() - start


def present(browser, url: str) -> float:
    """Seconds from opening Focalizar's presented plan to its map and tables drawn."""
    with _Page(browser) as page:
        start = time.monotonic()
        page.goto(url + "focalizar?present=1")
        _settle(page)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=\"stMain\"] table').length >= 3",
            timeout=TIMEOUT_MS,
            polling=50,
        )
        return time.monotonic() - start


def scenario(browser, url: str, name: str, step: int) -> float:
    if name in PAGES:
        return visit(browser, url + PAGES[name])
    if name == "return":
        return return_visit(browser, url)
    if name == "rerun":
        return rerun(browser, url, step)
    if name == "click":
        return click(browser, url)
    return present(browser, url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (medians shown)")
    parser.add_argument("--before", type=Path, help="another checkout to measure in the run")
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help="comma-separated scenarios (default: all)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    chosen = [name for name in args.only.split(",") if name]
    if unknown := set(chosen) - set(SCENARIOS):
        parser.error(f"unknown scenarios {sorted(unknown)}; choose from {', '.join(SCENARIOS)}")
    from playwright.sync_api import sync_playwright

    # The bare page (and the floor, the bare page's return visit) are the same for every
    # checkout: measured once a round, on their own servers.
    own = [
        "bare",
        *(["floor"] if "floor" in chosen else []),
        *(["return"] if "return" in chosen else []),
    ]
    chosen = [name for name in chosen if name != "floor"]
    runs: dict[str, dict[str, list[float]]] = {"bare": {name: [] for name in own}}
    servers = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            bare = Path(folder) / "bare.py"
            bare.write_text(BARE)
            servers.append(_serve(Path(folder), str(bare), Path(folder) / "bare.log"))
            bare_url = servers[-1][1]
            if "floor" in own:
                servers.append(_serve_floor(Path(folder) / "floor"))
            floor_url = servers[-1][1]
            apps = {}
            for label, root in (("before", args.before), ("after", ROOT)):
                if root is not None:
                    servers.append(_serve(root, "app.py", Path(folder) / f"{label}.log"))
                    apps[label] = servers[-1][1]
                    runs[label] = {name: [] for name in chosen}
            own_runs = {
                "bare": lambda: visit(browser, bare_url, maps=False),
                "floor": lambda: visit(browser, floor_url),
                "return": lambda: return_visit(browser, bare_url, maps=False),
            }
            for name in own:  # warm-ups: imports, data, first computation
                own_runs[name]()
            for url in apps.values():
                for name in chosen:
                    scenario(browser, url, name, 0)
            for step in range(args.rounds):
                for name in own:
                    runs["bare"][name].append(own_runs[name]())
                for label, url in apps.items():
                    for name in chosen:
                        runs[label][name].append(scenario(browser, url, name, step))
        finally:
            browser.close()
            for process, _ in servers:
                stop_app(process)
    medians = {
        label: {name: statistics.median(values) for name, values in figures.items()}
        for label, figures in runs.items()
    }
    if args.json:
        print(json.dumps({"medians_s": medians, "runs_s": runs, "cpus": os.cpu_count()}, indent=2))
        return 0
    bare_s = medians["bare"]["bare"]

    def spread(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    rounds = spread(runs["bare"]["bare"])
    print(f"bare Streamlit page: {bare_s:.2f} s (median of {args.rounds}: {rounds})")
    if "return" in own:
        back = medians["bare"]["return"]
        print(f"bare page, return visit: {back:.2f} s ({spread(runs['bare']['return'])})")
    if "floor" in own:
        floor = medians["bare"]["floor"]
        print(
            f"floor (sidebar widget types + one st_folium map): {floor:.2f} s  "
            f"{floor / bare_s:4.2f}x bare  ({spread(runs['bare']['floor'])})"
        )
    for label in ("before", "after"):
        for name, seconds in medians.get(label, {}).items():
            beside = ""
            if name == "return":
                beside = f", {seconds / medians['bare']['return']:4.2f}x the bare return"
            print(
                f"{label:6} {name:12} {seconds:5.2f} s  {seconds / bare_s:4.2f}x bare{beside}  "
                f"({spread(runs[label][name])})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
