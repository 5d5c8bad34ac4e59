"""Benchmarks: how long an interaction takes and how heavy the map is, against a baseline.

``python -m geo bench`` (or ``python tests/bench.py``, same options) builds a scenario with
the project's own code and deterministic seeds (``geo.synthetic.scenarios``), then measures, in
one process:

* the time to prepare the dataset (read, validate and join, once per dataset);
* the server time of one interaction (indicator, year or filter change to a finished map
  payload string: ``compute`` + ``choropleth_map`` + ``render``), with every cache warm;
* the map payload's size, the ``tracemalloc`` peak of one interaction and the process max RSS;
* the same for the baseline a user would otherwise write: a pandas ``groupby``, a merge and
  ``GeoDataFrame.explore`` on the unsimplified geometry, rebuilt on every change;
* for ``join``, ``geo.io.ingest.locate.locate`` against a plain ``geopandas.sjoin``.

Scenarios: ``city`` (the demo's 21 territories densified to official-like detail, 780 sites
over 6 years), ``barrio`` (the ~300 densified demo barrios, same sites), ``nation`` (about
1,100 municipality-sized Voronoi cells over a Colombia-sized box, 54,000 sites over 6 years)
and ``join`` (1,000,000 random points into the ``nation`` polygons).

Figures are measured, never asserted: they depend on the machine, which the JSON output names.
This harness lives beside the tests, outside the ``geo`` package: ``geo/cli/bench.py`` declares the
command's options and loads this file by its path only when ``bench`` runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

if __name__ == "__main__":  # ``python tests/bench.py``: the project root, for geo
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.aggregate import LEVEL_COLUMNS
from geo.analysis.choropleth import compute
from geo.analysis.levels import shapes
from geo.cli import build_parser
from geo.cli.bench import BENCH_DEFAULT_REPEAT, BENCH_SCENARIOS
from geo.io.ingest import Inputs, load
from geo.io.ingest.locate import locate
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View, make_filters
from geo.render.display import map_geometry
from geo.render.maps import choropleth_map, feature_collection
from geo.synthetic.scenarios import (
    CITY_SEGMENT_DEG,
    JOIN_POINTS,
    NATION_AREAS,
    NATION_SITES,
    QUICK_JOIN_POINTS,
    QUICK_NATION_AREAS,
    QUICK_NATION_SITES,
    QUICK_SEGMENT_DEG,
    SEED,
    city_geometry,
    nation_areas,
    nation_dataset,
    nation_tables,
    random_points,
)

SCENARIOS: Final = BENCH_SCENARIOS  # the command line's choices (geo/cli/bench.py declares them)
DEFAULT_REPEAT: Final = BENCH_DEFAULT_REPEAT
JOIN_MAX_REPEAT: Final = 3  # a million points: fewer repeats are enough

# What a user would pick for the baseline map: the same classes as ours.
BASELINE_SCHEME: Final = "Quantiles"
BASELINE_K: Final = 5
OFFICIAL_SECTOR: Final = "Oficial"
LANG: Final = "es"


@dataclass(frozen=True)
class Scenario:
    """A prepared dataset and the interactions to time on it."""

    name: str
    dataset: Dataset
    level: str
    views: tuple[View, ...]
    load_seconds: tuple[float, ...]


# --- Scenarios --------------------------------------------------------------------------------


def _views(dataset: Dataset, level: str, indicators: tuple[str, str]) -> tuple[View, ...]:
    """Two indicators x two years; the earlier year also filters on the official sector."""
    latest = max(dataset.years)
    earlier = dataset.years[max(0, len(dataset.years) - 4)]
    official = make_filters({s.SECTOR: [OFFICIAL_SECTOR]})
    return tuple(
        View(indicator=ind, year=year, level=level, filters=filters)
        for year, filters in ((latest, ()), (earlier, official))
        for ind in indicators
    )


def _timed(action: Callable[[], Any], repeat: int) -> tuple[Any, tuple[float, ...]]:
    """The last result of ``action`` and the wall time of each of ``repeat`` calls."""
    seconds = []
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - start)
    return result, tuple(seconds)


def _prepared(dataset: Dataset, level: str = "territorio") -> Dataset:
    """``dataset`` with its map geometry prepared, as the first map of a dataset does."""
    map_geometry(dataset, level)
    return dataset


def _city_scenario(name: str, repeat: int, quick: bool, boundaries: Path | None) -> Scenario:
    if boundaries is not None:
        dataset, seconds = _timed(
            lambda: _prepared(load(Inputs(boundaries=boundaries), dataset_id="bench-custom")[0]),
            repeat,
        )
        views = _views(dataset, "territorio", ("dropout", "no_internet"))
        return Scenario("custom", dataset, "territorio", views, seconds)
    base, _ = load(Inputs(), dataset_id="bench-demo")
    segment = QUICK_SEGMENT_DEG if quick else CITY_SEGMENT_DEG
    territories, barrios = city_geometry(base, segment)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        paths = Inputs(
            boundaries=Path(folder) / "territorios.geojson",
            barrios=Path(folder) / "barrios.geojson",
        )
        territories.to_file(paths.boundaries, driver="GeoJSON")
        barrios.to_file(paths.barrios, driver="GeoJSON")
        level = "barrio" if name == "barrio" else "territorio"
        dataset, seconds = _timed(
            lambda: _prepared(load(paths, dataset_id=f"bench-{name}")[0], level), repeat
        )
    return Scenario(
        name, dataset, level, _views(dataset, level, ("dropout", "no_internet")), seconds
    )


def _nation_scenario(repeat: int, quick: bool) -> Scenario:
    areas = nation_areas(QUICK_NATION_AREAS if quick else NATION_AREAS)
    sites, site_years = nation_tables(areas, QUICK_NATION_SITES if quick else NATION_SITES)
    dataset, seconds = _timed(lambda: _prepared(nation_dataset(areas, sites, site_years)), repeat)
    views = _views(dataset, "territorio", ("dropout", "enrollment"))
    return Scenario("nation", dataset, "territorio", views, seconds)


# --- Measurements -----------------------------------------------------------------------------


def ours(dataset: Dataset, view: View) -> str:
    """One interaction as the app serves it: compute, build the folium map on the dataset's
    simplified map geometry (prepared once, at load), render it."""
    return _ours_stages(dataset, view)[0]


def _ours_stages(dataset: Dataset, view: View) -> tuple[str, dict[str, float]]:
    clock = time.perf_counter
    start = clock()
    choropleth = compute(dataset, view)
    computed = clock()
    geometry = map_geometry(dataset, view.level)
    parts = choropleth_map(choropleth, dataset, view.lang)
    built = clock()
    payload = parts.standalone().get_root().render()
    rendered = clock()
    # Not part of the interaction's total: how much of choropleth_map is writing the features.
    feature_collection(
        choropleth.areas,
        choropleth.indicator,
        choropleth.classification,
        view.lang,
        geometry=geometry,
    )
    features = clock() - rendered
    cold = clock()
    compute(dataclasses.replace(dataset), view)  # not in the total: a view's first visit
    stages = {
        "compute_s": computed - start,
        "first_visit_compute_s": clock() - cold,
        "build_map_s": built - computed,
        "of_which_features_s": features,
        "render_s": rendered - built,
    }
    return payload, stages


def baseline(dataset: Dataset, view: View) -> str:
    """What a user would write without the engine: filter, group, merge, ``explore``, render.

    The map is rebuilt from the unsimplified geometry on every change, as ``explore`` does.
    """
    indicator = get_indicator(view.indicator)
    facts = dataset.facts
    keep = facts[s.YEAR] == view.year
    for column, allowed in view.filters:
        keep &= facts[column].isin(allowed)
    rows = facts[keep]
    group = rows.groupby(LEVEL_COLUMNS[view.level])
    if indicator.denominator is None:
        values = group[indicator.numerator].sum().astype(float).rename("value").to_frame()
    else:
        sums = group[[indicator.numerator, indicator.denominator]].sum().astype(float)
        values = (sums[indicator.numerator] / sums[indicator.denominator]).rename("value")
        values = values.to_frame()
    areas = shapes(dataset, view.level)[[s.CODE, s.NAME, "geometry"]]
    frame = areas.merge(values, left_on=s.CODE, right_index=True, how="left")
    fmap: folium.Map = frame.explore(
        column="value",
        scheme=BASELINE_SCHEME,
        k=BASELINE_K,
        cmap=indicator.palette,
        tooltip=[s.CODE, s.NAME, "value"],
        missing_kwds={"color": "lightgrey"},
    )
    return fmap.get_root().render()


def _peak_bytes(action: Callable[[], Any]) -> int:
    """``tracemalloc``'s peak while ``action`` runs (Python and numpy memory, not GEOS')."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _max_rss_bytes() -> int:
    """The process's max resident set size so far (``ru_maxrss`` is KiB on Linux, B on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss if sys.platform == "darwin" else rss * 1024)


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _interactions(scenario: Scenario, repeat: int) -> dict[str, Any]:
    """Ours and the baseline over every view, interleaved, after one warm-up of each."""
    dataset, views = scenario.dataset, scenario.views
    for view in views:  # warm: lazy imports, cached properties, mapclassify, jinja templates
        ours(dataset, view)
        baseline(dataset, view)
    ours_seconds: list[float] = []
    base_seconds: list[float] = []
    stages: dict[str, list[float]] = {}
    ours_bytes: list[int] = []
    base_bytes: list[int] = []
    for _ in range(repeat):
        for view in views:
            gc.collect()
            start = time.perf_counter()
            payload, parts = _ours_stages(dataset, view)
            extra = parts["of_which_features_s"] + parts["first_visit_compute_s"]
            ours_seconds.append(time.perf_counter() - start - extra)
            ours_bytes.append(len(payload.encode("utf-8")))
            for key, value in parts.items():
                stages.setdefault(key, []).append(value)
            gc.collect()
            start = time.perf_counter()
            payload = baseline(dataset, view)
            base_seconds.append(time.perf_counter() - start)
            base_bytes.append(len(payload.encode("utf-8")))
    ours_peak = _peak_bytes(lambda: ours(dataset, views[0]))
    ours_rss = _max_rss_bytes()
    base_peak = _peak_bytes(lambda: baseline(dataset, views[0]))
    base_rss = _max_rss_bytes()
    ours_figures = {
        "interaction_s": _median(ours_seconds),
        "payload_bytes": int(_median(ours_bytes)),
        "tracemalloc_peak_bytes": ours_peak,
        "max_rss_bytes": ours_rss,
        "stages": {key: _median(values) for key, values in stages.items()},
    }
    base_figures = {
        "interaction_s": _median(base_seconds),
        "payload_bytes": int(_median(base_bytes)),
        "tracemalloc_peak_bytes": base_peak,
        "max_rss_bytes": base_rss,
    }
    return {
        "interactions": [_describe(view) for view in views],
        "samples": len(ours_seconds),
        "ours": ours_figures,
        "baseline": base_figures,
        "ratios": {
            "time": base_figures["interaction_s"] / ours_figures["interaction_s"],
            "payload": base_figures["payload_bytes"] / ours_figures["payload_bytes"],
            "tracemalloc_peak": base_peak / ours_peak if ours_peak else float("nan"),
        },
    }


def _describe(view: View) -> str:
    filters = "; ".join(f"{c}={'|'.join(v)}" for c, v in view.filters)
    return f"{view.indicator} {view.year}" + (f" [{filters}]" if filters else "")


def _dataset_figures(scenario: Scenario) -> dict[str, Any]:
    areas = shapes(scenario.dataset, scenario.level)
    drawn = map_geometry(scenario.dataset, scenario.level)
    return {
        "level": scenario.level,
        "areas": len(areas),
        "vertices": int(shapely.get_num_coordinates(areas.geometry.to_numpy()).sum()),
        "vertices_drawn": drawn.vertices_after,
        "tolerance_m": drawn.tolerance_m,
        "max_zoom": drawn.max_zoom,
        "coverage_valid": bool(shapely.coverage_is_valid(drawn.geometry)),
        "sites": len(scenario.dataset.sites),
        "fact_rows": len(scenario.dataset.facts),
        "years": list(scenario.dataset.years),
    }


def _join(repeat: int, quick: bool, boundaries: Path | None) -> dict[str, Any]:
    if boundaries is not None:
        areas = load(Inputs(boundaries=boundaries), dataset_id="bench-custom")[0].territories
    else:
        areas = nation_areas(QUICK_NATION_AREAS if quick else NATION_AREAS)
    count = QUICK_JOIN_POINTS if quick else JOIN_POINTS
    points = random_points(count, areas.total_bounds, SEED + 3)
    runs = max(1, min(repeat, JOIN_MAX_REPEAT))
    ours_result, ours_seconds = _timed(lambda: locate(points, areas, s.TERRITORY), runs)
    sjoin_result, sjoin_seconds = _timed(
        lambda: gpd.sjoin(points, areas[[s.CODE, "geometry"]], predicate="within"), runs
    )
    located = int(ours_result[s.TERRITORY].notna().sum())
    return {
        "dataset": {
            "areas": len(areas),
            "vertices": int(shapely.get_num_coordinates(areas.geometry.to_numpy()).sum()),
            "points": count,
            "located": located,
            "sjoin_rows": len(sjoin_result),
        },
        "repeat": runs,
        "join": {
            "locate_s": _median(ours_seconds),
            "sjoin_s": _median(sjoin_seconds),
            "ratio": _median(sjoin_seconds) / _median(ours_seconds),
        },
        "max_rss_bytes": _max_rss_bytes(),
    }


# --- Red escolar (issue 18): nearest offering site per barrio / municipality ------------------

NETWORK_LEVEL: Final = "primaria"


def _network(repeat: int, quick: bool) -> dict[str, Any]:
    """``geo.analysis.access.access`` (KD-tree) for the demo city's barrios and for the
    nation's municipalities x sites, against ``geopandas.sjoin_nearest`` on the same points."""
    from dataclasses import replace

    import scipy.spatial  # noqa: F401  (imported once per process, not per dataset)

    from geo.analysis.access import access, nearest, origins

    city, _ = load(Inputs(), dataset_id="bench-network-city")
    # The first call prepares what every later one shares (points in metres, zones, the
    # latest year's rows); then a level, sector or threshold change is what is timed.
    _, city_first = _timed(lambda: access(city, NETWORK_LEVEL), 1)
    city_result, city_seconds = _timed(lambda: access(city, NETWORK_LEVEL), repeat)
    areas = nation_areas(QUICK_NATION_AREAS if quick else NATION_AREAS)
    sites, site_years = nation_tables(areas, QUICK_NATION_SITES if quick else NATION_SITES)
    nation = nation_dataset(areas, sites, site_years)
    nation = replace(nation, barrios=areas.assign(**{s.TERRITORY: areas[s.CODE]}))
    _, nation_first = _timed(lambda: access(nation, NETWORK_LEVEL), 1)
    nation_result, nation_seconds = _timed(lambda: access(nation, NETWORK_LEVEL), repeat)
    metric = s.CRS_MAGNA_NATIONAL
    points = origins(nation).to_crs(metric)
    targets = nation_result.sites.to_crs(metric)
    _, tree_seconds = _timed(lambda: nearest(points, targets), repeat)
    joined, sjoin_seconds = _timed(
        lambda: gpd.sjoin_nearest(points, targets[["geometry"]], distance_col="d"),
        max(1, min(repeat, JOIN_MAX_REPEAT)),
    )
    ours_distance, _ = nearest(points, targets)
    worst = float(abs(joined.groupby(level=0)["d"].first().to_numpy() - ours_distance).max())
    return {
        "dataset": {
            "city_barrios": len(city_result.barrios),
            "city_sites": len(city_result.sites),
            "nation_areas": len(nation_result.barrios),
            "nation_sites": len(nation_result.sites),
        },
        "network": {
            "city_access_first_s": city_first[0],
            "city_access_s": _median(city_seconds),
            "nation_access_first_s": nation_first[0],
            "nation_access_s": _median(nation_seconds),
            "nation_kdtree_s": _median(tree_seconds),
            "nation_sjoin_nearest_s": _median(sjoin_seconds),
            "max_difference_m": worst,
        },
        "max_rss_bytes": _max_rss_bytes(),
    }


# --- Focalizar (issue 17): a plan recomputed -------------------------------------------------

PLAN_CITY_UNITS: Final = 5_000
PLAN_NATION_UNITS: Final = 200_000


def _plan_cases(
    dataset: Dataset, intervention: str, units: int, repeat: int, sector: str | None
) -> dict[str, Any]:
    """Median server time of one plan (allocation, totals, each territory before -> after)
    and of a plan with its maps' numbers (the same classes before and after, the change),
    under two rules, every cache warm as in the app after its first plan."""
    from geo.analysis.plan import PlanInputs, before_after_maps, make_plan, plan_change

    filters = make_filters({s.SECTOR: [sector]} if sector else {})
    view = View(year=max(dataset.years), filters=filters)
    figures: dict[str, Any] = {"intervention": intervention, "units": units, "sector": sector}
    for rule in ("need", "equity"):
        inputs = PlanInputs(intervention, units, rule)

        def with_maps(inputs=inputs) -> None:
            plan = make_plan(dataset, view, inputs)
            plan_change(*before_after_maps(dataset, view, plan))

        plan = make_plan(dataset, view, inputs)  # warm: aggregates, shapes
        with_maps()
        _, plan_seconds = _timed(lambda inputs=inputs: make_plan(dataset, view, inputs), repeat)
        _, map_seconds = _timed(with_maps, repeat)
        figures[rule] = {
            "plan_s": _median(plan_seconds),
            "plan_and_maps_s": _median(map_seconds),
            "eligible_sites": plan.totals["sites_eligible"],
            "units_used": plan.totals["units_used"],
        }
    return figures


def _plan(repeat: int, quick: bool) -> dict[str, Any]:
    city, _ = load(Inputs(), dataset_id="bench-plan-city")
    areas = nation_areas(QUICK_NATION_AREAS if quick else NATION_AREAS)
    sites, site_years = nation_tables(areas, QUICK_NATION_SITES if quick else NATION_SITES)
    nation = nation_dataset(areas, sites, site_years)
    return {
        "dataset": {"city_sites": len(city.sites), "nation_sites": len(nation.sites)},
        "plans": {
            "city": _plan_cases(city, "computers", PLAN_CITY_UNITS, repeat, OFFICIAL_SECTOR),
            "nation": _plan_cases(nation, "connectivity", PLAN_NATION_UNITS, repeat, None),
        },
        "max_rss_bytes": _max_rss_bytes(),
    }


def _fetch(repeat: int, quick: bool) -> dict[str, Any]:
    """Issue 23: the official download of every source against local imitations of Socrata,
    ArcGIS and CKAN started here: requests and bytes per source and year (each label is a
    source and period), then a refresh with nothing new, which must ask at most once per
    source."""
    from geo.io.ingest import DEMO_PATHS
    from geo.io.portal import fetch_sources
    from geo.io.sources import SOURCES, load_settings
    from tests.portal_imitations import ArcgisLayer
    from tests.socrata_imitation import Portal, serve
    from tests.test_portal import _enrolment, _men
    from tests.test_portal_sources import LAYER, _layer, _medata
    from tests.test_soda import _students

    students = _students()
    socrata = Portal({"kgxf-xxbe": students, "ngw5-c5nw": _enrolment(), "nudc-7mev": _men()})
    sites = list(pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"].iloc[::11].head(60))
    servers = [serve(socrata), serve(ArcgisLayer(LAYER, _layer(ages=True))), serve(_medata(sites))]
    (_, socrata_url), (_, arcgis_url), (_, ckan_url) = servers
    years = range(2021, 2023)
    keys = list(SOURCES)
    bases = {"arcgis": arcgis_url, "ckan": ckan_url}
    try:
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder)
            settings = load_settings(cache)
            first = fetch_sources(keys, years, settings, cache, socrata_url, bases=bases)
            refresh = fetch_sources(keys, years, settings, cache, socrata_url, bases=bases)
            more = range(years.start, years.stop + 1)  # one year more: only it is asked
            extend = fetch_sources(keys, more, settings, cache, socrata_url, bases=bases)
    finally:
        for server, _ in servers:
            server.shutdown()
    failed = [f"{r.key}: {r.error}" for r in first + refresh + extend if not r.ok]
    return {
        "dataset": {"sources": len(keys), "years": list(years)},
        "fetch": {
            "first": [
                {
                    "source": r.key,
                    "rows": r.rows,
                    "requests": r.requests,
                    "bytes": r.bytes,
                    "seconds": r.seconds,
                    "traffic": r.traffic,
                }
                for r in first
            ],
            "refresh": {r.key: r.requests for r in refresh},
            "extend": {r.key: [r.fetched, r.requests, r.bytes] for r in extend},
            "refresh_ok": all(r.requests <= 1 for r in refresh) and not failed,
            "failed": failed,
        },
    }


def _fichas(repeat: int, quick: bool) -> dict[str, Any]:
    """Issue 25: one ficha (profile + PDF) on a freshly loaded dataset, then others once its
    sums are there, and the booklet of every territory (cold: a fresh dataset each run)."""
    from geo.analysis.ficha import areas_of, build_profile
    from geo.analysis.risk import with_risk_index
    from geo.render.ficha import to_html, to_pdf

    loaded, _ = load(Inputs(), dataset_id="bench-fichas")
    loaded = with_risk_index(loaded)
    view = View(year=max(loaded.years))
    codes = list(areas_of(loaded, "territorio")[s.CODE])

    def fresh() -> Dataset:  # the same data with empty caches, as after a server start
        return dataclasses.replace(loaded)

    def first_ficha() -> bytes:
        dataset = fresh()
        return to_pdf(dataset, [build_profile(dataset, view, codes[0])])

    warm = fresh()
    to_pdf(warm, [build_profile(warm, view, codes[0])])
    others = iter(codes[1:] * (repeat + 1))

    def next_ficha() -> bytes:
        code = next(others)
        return to_pdf(warm, [build_profile(warm, view, code)])

    def booklet() -> bytes:
        dataset = fresh()
        return to_pdf(dataset, [build_profile(dataset, view, c) for c in codes], booklet=True)

    runs = 1 if quick else repeat
    one, first_s = _timed(first_ficha, runs)
    _, next_s = _timed(next_ficha, runs)
    book, book_s = _timed(booklet, 1 if quick else min(repeat, 3))
    html = to_html(warm, [build_profile(warm, view, c) for c in codes], booklet=True)
    return {
        "dataset": {"territories": len(codes), "sites": len(loaded.sites)},
        "fichas": {
            "first_s": _median(first_s),
            "next_s": _median(next_s),
            "booklet_s": _median(book_s),
            "ficha_bytes": len(one),
            "booklet_bytes": len(book),
            "booklet_html_bytes": len(html.encode()),
        },
        "max_rss_bytes": _max_rss_bytes(),
    }


def _plan_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for name, figures in result["plans"].items():
        lines.append(
            f"  {name}: {figures['intervention']}, {figures['units']:,} units, "
            f"{'sector ' + figures['sector'] if figures['sector'] else 'every site'}; "
            f"median of {result['repeat']}"
        )
        for rule in ("need", "equity"):
            case = figures[rule]
            lines.append(
                f"    {rule:<8} plan {_ms(case['plan_s']):>10}   plan + maps' numbers "
                f"{_ms(case['plan_and_maps_s']):>10}   ({case['eligible_sites']:,} eligible "
                f"sites, {case['units_used']:,} units used)"
            )
    lines.append(f"  {'process max RSS':<28}{_mib(result['max_rss_bytes']):>14}")
    return lines


# --- Seguimiento (issue 26): a target followed, an intervention evaluated --------------------

EVALUATE_TREATED_SHARE: Final = 0.1  # the nation's sites given a programme from its third year


def _follow_cases(dataset: Dataset, treated: pd.DataFrame, repeat: int) -> dict[str, Any]:
    """The server time of a target followed (every territory's series, trend and status)
    and of an evaluation (difference in differences and event study, PanelOLS): the first
    call, which builds the site panel, and the median of the warm ones."""
    from geo.analysis.evaluate import evaluate_dataset
    from geo.analysis.targets import Target, track

    target = Target("dropout", 2.5, max(dataset.years) + 3)
    _, track_first = _timed(lambda: track(dataset, target), 1)
    _, track_seconds = _timed(lambda: track(dataset, target), repeat)
    result, first = _timed(lambda: evaluate_dataset(dataset, treated, "dropout"), 1)
    _, seconds = _timed(lambda: evaluate_dataset(dataset, treated, "dropout"), repeat)
    return {
        "track_first_s": track_first[0],
        "track_s": _median(track_seconds),
        "evaluate_first_s": first[0],
        "evaluate_s": _median(seconds),
        "site_years": result.n_rows,
        "treated": result.n_treated,
        "comparison": result.n_comparison,
        "effect": result.effect,
    }


def _evaluate(repeat: int, quick: bool) -> dict[str, Any]:
    from geo.analysis.evaluate import read_treated, treated_from_codes
    from geo.synthetic.intervention import FILE

    city, _ = load(Inputs(), dataset_id="bench-evaluate-city")
    listing = read_treated(
        (Path(__file__).resolve().parents[1] / "data" / "demo" / FILE).read_bytes(), FILE
    )
    areas = nation_areas(QUICK_NATION_AREAS if quick else NATION_AREAS)
    sites, site_years = nation_tables(areas, QUICK_NATION_SITES if quick else NATION_SITES)
    nation = nation_dataset(areas, sites, site_years)
    codes = sites[s.SITE_CODE].to_numpy()
    chosen = np.random.default_rng(SEED).choice(
        codes, int(len(codes) * EVALUATE_TREATED_SHARE), replace=False
    )
    years = sorted(nation.years)
    return {
        "dataset": {"city_sites": len(city.sites), "nation_sites": len(nation.sites)},
        "follow": {
            "city": _follow_cases(city, listing, repeat),
            "nation": _follow_cases(nation, treated_from_codes(chosen, years[2]), repeat),
        },
        "max_rss_bytes": _max_rss_bytes(),
    }


def _evaluate_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for name, case in result["follow"].items():
        goal = "2 s" if name == "city" else "20 s"
        lines += [
            f"  {name}: {case['site_years']:,} site-years, {case['treated']:,} treated and "
            f"{case['comparison']:,} comparison sites; median of {result['repeat']}",
            f"    evaluate (DiD + event study) {_ms(case['evaluate_s']):>10}   first call "
            f"(builds the panel) {_ms(case['evaluate_first_s']):>10}   (aim <= {goal})",
            f"    target followed              {_ms(case['track_s']):>10}   first call "
            f"{_ms(case['track_first_s']):>10}",
        ]
    lines.append(f"  {'process max RSS':<28}{_mib(result['max_rss_bytes']):>14}")
    return lines


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "geopandas": gpd.__version__,
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "pandas": pd.__version__,
        "folium": folium.__version__,
    }


def run(
    scenario: str = "city",
    repeat: int = DEFAULT_REPEAT,
    boundaries: Path | None = None,
    *,
    quick: bool = False,
) -> dict[str, Any]:
    """Measure one scenario and return every figure.

    Parameters
    ----------
    scenario : {"city", "barrio", "nation", "join", "plan", "network", "fichas"}
    repeat : int
        Timed runs of each measurement; medians are reported (``join`` runs at most
        ``JOIN_MAX_REPEAT`` times).
    boundaries : Path, optional
        A boundaries file to use instead of the generated geometry (with the demo's sites for
        ``city``/``barrio``, which then map territories; as the polygons for ``join``).
    quick : bool
        Much smaller geometry and data, for tests and smoke runs.

    Returns
    -------
    dict
        ``scenario``, ``repeat``, ``quick``, ``machine``, ``elapsed_s``, ``dataset``; for map
        scenarios also ``load_s``, ``interactions``, ``samples``, ``ours``, ``baseline`` and
        ``ratios`` (baseline / ours); for ``join`` also ``join``.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"Unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}.")
    if repeat < 1:
        raise ValueError("repeat must be at least 1.")
    started = time.perf_counter()
    result: dict[str, Any] = {"scenario": scenario, "repeat": repeat, "quick": quick}
    if scenario == "join":
        result |= _join(repeat, quick, boundaries)
    elif scenario == "plan":  # Focalizar (issue 17)
        result |= _plan(repeat, quick)
    elif scenario == "network":  # issue 18
        result |= _network(repeat, quick)
    elif scenario == "evaluate":  # Seguimiento (issue 26)
        result |= _evaluate(repeat, quick)
    elif scenario == "fichas":  # issue 25
        result |= _fichas(repeat, quick)
    elif scenario == "fetch":  # issue 23
        result |= _fetch(repeat, quick)
    else:
        prepared = (
            _nation_scenario(repeat, quick)
            if scenario == "nation"
            else _city_scenario(scenario, repeat, quick, boundaries)
        )
        result["scenario"] = prepared.name
        result["dataset"] = _dataset_figures(prepared)
        result["load_s"] = _median(prepared.load_seconds)
        result |= _interactions(prepared, repeat)
    result["elapsed_s"] = time.perf_counter() - started
    result["machine"] = machine()
    return result


# --- Output -----------------------------------------------------------------------------------


def _mib(value: float) -> str:
    return f"{value / 2**20:,.1f} MiB"


def _ms(value: float) -> str:
    return f"{value * 1000:,.1f} ms"


def _fetch_lines(fetch: dict[str, Any]) -> list[str]:
    lines = ["  first download, per source and label (source and period): requests, bytes"]
    for source in fetch["first"]:
        lines.append(
            f"  {source['source']:<11}{source['rows']:>7,} rows {source['requests']:>4} requests "
            f"{source['bytes']:>11,} bytes {source['seconds']:>7.2f} s"
        )
        for label, (count, size) in source["traffic"].items():
            lines.append(f"      {label:<50}{count:>4} {size:>11,}")
    refresh = ", ".join(f"{k} {v}" for k, v in fetch["refresh"].items())
    verdict = "OK" if fetch["refresh_ok"] else "FAILED"
    lines.append(f"  refresh with nothing new: {refresh} requests (at most 1 each: {verdict})")
    extend = ", ".join(
        f"{k} {v[1]} ({v[2]:,} bytes, asked {', '.join(map(str, v[0])) or '-'})"
        for k, v in fetch["extend"].items()
    )
    lines.append(f"  one year more: {extend}")
    lines += [f"  failed: {line}" for line in fetch["failed"]]
    return lines


def format_table(result: dict[str, Any]) -> str:
    """A readable table of one ``run`` result."""
    data = result["dataset"]
    lines = [f"Scenario {result['scenario']}" + (" (quick)" if result["quick"] else "")]
    if "plans" in result:  # Focalizar (issue 17)
        lines += _plan_lines(result)
    elif "follow" in result:  # Seguimiento (issue 26)
        lines += _evaluate_lines(result)
    elif "fetch" in result:  # issue 23
        lines += _fetch_lines(result["fetch"])
    elif "fichas" in result:  # issue 25
        f = result["fichas"]
        lines += [
            f"  {data['territories']} territories, {data['sites']:,} sites; median of "
            f"{result['repeat']}",
            f"  one ficha, first after loading: {_ms(f['first_s'])} (target < 1,000 ms); "
            f"the next ones: {_ms(f['next_s'])}; PDF {f['ficha_bytes']:,} bytes",
            f"  booklet of {data['territories']}: {_ms(f['booklet_s'])} (target < 15,000 ms), "
            f"PDF {f['booklet_bytes']:,} bytes (target < 2,097,152); HTML "
            f"{f['booklet_html_bytes']:,} bytes",
            f"  {'process max RSS':<28}{_mib(result['max_rss_bytes']):>14}",
        ]
    elif "network" in result:  # issue 18
        net = result["network"]
        lines += [
            f"  access for {data['city_barrios']:,} barrios x {data['city_sites']:,} sites "
            f"(demo city): {_ms(net['city_access_s'])} (target <= 100 ms); "
            f"first call, preparing the dataset: {_ms(net['city_access_first_s'])}",
            f"  access for {data['nation_areas']:,} municipalities x {data['nation_sites']:,} "
            f"sites: {_ms(net['nation_access_s'])} (target <= 2,000 ms); "
            f"first call: {_ms(net['nation_access_first_s'])}",
            f"  of which the KD-tree query: {_ms(net['nation_kdtree_s'])}; "
            f"geopandas.sjoin_nearest: {_ms(net['nation_sjoin_nearest_s'])}; "
            f"largest difference {net['max_difference_m']:.6f} m",
            f"  {'process max RSS':<28}{_mib(result['max_rss_bytes']):>14}",
        ]
    elif "join" in result:
        join = result["join"]
        lines += [
            f"  {data['points']:,} points into {data['areas']:,} polygons "
            f"({data['vertices']:,} vertices); median of {result['repeat']}",
            f"  {'geo.io.ingest.locate.locate':<28}{_ms(join['locate_s']):>14}",
            f"  {'geopandas.sjoin (within)':<28}{_ms(join['sjoin_s']):>14}",
            f"  {'ratio sjoin / locate':<28}{join['ratio']:>14.2f}",
            f"  {'process max RSS':<28}{_mib(result['max_rss_bytes']):>14}",
        ]
    else:
        ours_, base = result["ours"], result["baseline"]
        ratios = result["ratios"]
        lines += [
            f"  {data['areas']:,} areas at level {data['level']} ({data['vertices']:,} vertices),"
            f" {data['sites']:,} sites, {data['fact_rows']:,} site-years",
            f"  drawn: {data['vertices_drawn']:,} vertices (tolerance {data['tolerance_m']:.1f} m,"
            f" max zoom {data['max_zoom']}, coverage valid: {data['coverage_valid']})",
            f"  load/prepare: {_ms(result['load_s'])} (median of {result['repeat']})",
            f"  interactions: {', '.join(result['interactions'])}; median of {result['samples']}",
            f"  {'':<26}{'ours':>14}{'baseline':>14}{'base/ours':>11}",
            f"  {'server time / interaction':<26}{_ms(ours_['interaction_s']):>14}"
            f"{_ms(base['interaction_s']):>14}{ratios['time']:>11.2f}",
            f"  {'map payload':<26}{ours_['payload_bytes']:>14,}{base['payload_bytes']:>14,}"
            f"{ratios['payload']:>11.2f}",
            f"  {'tracemalloc peak':<26}{_mib(ours_['tracemalloc_peak_bytes']):>14}"
            f"{_mib(base['tracemalloc_peak_bytes']):>14}{ratios['tracemalloc_peak']:>11.2f}",
            f"  {'process max RSS so far':<26}{_mib(ours_['max_rss_bytes']):>14}"
            f"{_mib(base['max_rss_bytes']):>14}",
            "  ours by stage: "
            + ", ".join(f"{k.removesuffix('_s')} {_ms(v)}" for k, v in ours_["stages"].items()),
        ]
    lines.append(f"  (whole scenario took {result['elapsed_s']:.1f} s)")
    return "\n".join(lines)


def main_bench(args: argparse.Namespace) -> int:
    """Run the scenarios ``args`` ask for and print a table (or JSON); returns an exit code."""
    names = SCENARIOS if args.scenario == "all" else (args.scenario,)
    boundaries = Path(args.boundaries) if args.boundaries else None
    if boundaries is not None and not boundaries.is_file():
        print(f"error: {boundaries} does not exist.", file=sys.stderr)
        return 2
    results = []
    for name in names:
        result = run(name, args.repeat, boundaries, quick=args.quick)
        results.append(result)
        if not args.json:
            print(format_table(result), flush=True)
    if args.json:
        machine_figures = results[0]["machine"]
        for result in results:
            result.pop("machine")
        print(json.dumps({"machine": machine_figures, "results": results}, indent=2))
    else:
        info = machine()
        print(
            f"Machine: {info['platform']}, {info['cpu_count']} CPUs, Python {info['python']}, "
            f"geopandas {info['geopandas']}, shapely {info['shapely']}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python tests/bench.py``: the same options as ``python -m geo bench``."""
    args = build_parser().parse_args(["bench", *(sys.argv[1:] if argv is None else argv)])
    return main_bench(args)


if __name__ == "__main__":
    sys.exit(main())
