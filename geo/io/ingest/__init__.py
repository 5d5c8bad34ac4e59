"""From the files a user brings to a Dataset and a join report: one path for UI and CLI.

Any input not given falls back to the demo's (boundaries, barrios, schools, indicators,
population). Problems never stop the rest: good rows are used and bad rows are listed in the
:class:`geo.io.report.Report`. A file that cannot be read at all raises
:class:`geo.errors.DataError`.

One module per kind of input: :mod:`~geo.io.ingest.areas` (boundaries and barrios),
:mod:`~geo.io.ingest.schools` (the schools table and its counts), :mod:`~geo.io.ingest.tables`
(population, and tables per territory), :mod:`~geo.io.ingest.indicators` (an indicators
table, stage by stage: shape, columns, values, join by code, report),
:mod:`~geo.io.ingest.locate` (which territory each site lies in)
and :mod:`~geo.io.ingest.facts` (one row per site and year); :mod:`~geo.io.ingest.inputs` says
what to load and :mod:`~geo.io.ingest.cells` holds what the table readers share.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

import pandas as pd

from geo.errors import DataError
from geo.io.ingest.areas import _read_areas
from geo.io.ingest.benchmark import read_men_school_age, read_men_statistics
from geo.io.ingest.facts import build_facts
from geo.io.ingest.indicators import read_indicators
from geo.io.ingest.inputs import DEFAULT_TOLERANCE_M, Inputs
from geo.io.ingest.locate import _locate_sites
from geo.io.ingest.schoolage import estimate_school_age
from geo.io.ingest.schools import _read_schools
from geo.io.ingest.tables import _read_population
from geo.io.report import Report
from geo.model import schema as s
from geo.model.dataset import DEMO_DIR, DEMO_FILES, DEMO_LICENCE, Dataset, Source
from geo.model.messages import msg

__all__ = [
    "DEFAULT_TOLERANCE_M",
    "DEMO_PATHS",
    "Inputs",
    "build_facts",
    "load",
    "load_demo",
    "load_official",
    "official_inputs",
]

DEMO_PATHS: Final = {key: DEMO_DIR / name for key, name in DEMO_FILES.items()}


def load(inputs: Inputs, dataset_id: str = "upload") -> tuple[Dataset, Report]:
    """Read, validate and join ``inputs`` into a dataset, with the report of what happened."""
    report = Report()
    used_demo: list[str] = []

    boundaries_path = inputs.boundaries or DEMO_PATHS["territories"]
    territories = _read_areas(
        boundaries_path, "boundaries", 2, inputs.mapping, report, inputs.layers
    )
    if inputs.boundaries is None:
        used_demo.append("límites")

    barrios_path = inputs.barrios or (DEMO_PATHS["barrios"] if inputs.boundaries is None else None)
    barrios = None
    if barrios_path is not None:
        barrios = _read_areas(barrios_path, "barrios", 4, inputs.mapping, report, inputs.layers)
        prefix = barrios[s.CODE].str[:2]
        barrios[s.TERRITORY] = prefix.where(prefix.isin(territories[s.CODE]))

    schools_path = inputs.schools or DEMO_PATHS["sites"]
    sites, school_years = _read_schools(schools_path, inputs, report)
    if inputs.schools is None:
        used_demo.append("sedes")
    sites = _locate_sites(sites, territories, barrios, inputs.tolerance_m, report, schools_path)

    indicators_path = inputs.indicators or (
        DEMO_PATHS["site_years"] if inputs.schools is None else None
    )
    site_years = [school_years] if school_years is not None else []
    territory_rows: list[pd.DataFrame] = []
    if indicators_path is not None:
        kind, rows = read_indicators(indicators_path, inputs, territories, sites, report)
        (site_years if kind == "sites" else territory_rows).append(rows)
        if inputs.indicators is None:
            used_demo.append("indicadores")

    population_path = inputs.population or (
        DEMO_PATHS["population"] if inputs.boundaries is None else None
    )
    population = None
    if population_path is not None:
        population = _read_population(population_path, inputs, territories, report)
        if inputs.population is None:
            used_demo.append("población")

    barrio_population, travel_times = _network_inputs(inputs, barrios, sites, report, used_demo)
    benchmark_path = inputs.benchmark or (DEMO_PATHS["benchmark"] if inputs.is_demo else None)
    benchmark = read_men_statistics(benchmark_path, report) if benchmark_path else None
    if population is not None and benchmark_path is not None:  # totals only: estimate 5-16
        city = read_men_school_age(benchmark_path)
        population = estimate_school_age(population, city, report)

    counts = pd.concat(site_years, ignore_index=True) if site_years else _empty_counts()
    facts = build_facts(sites, counts)
    if territory_rows:
        facts = pd.concat([facts, *territory_rows], ignore_index=True)
    is_demo = bool(used_demo)
    sources = list(inputs.sources) or [
        Source(f"Archivos cargados: {', '.join(_given(inputs))}", "Según su origen")
    ]
    if is_demo:
        demo_source = Source(f"Demostración del proyecto ({', '.join(used_demo)})", DEMO_LICENCE)
        sources = [demo_source] if inputs.is_demo else [*sources, demo_source]
    dataset = Dataset(
        id=dataset_id,
        label=inputs.label or ("Ciudad de demostración" if inputs.is_demo else "Datos cargados"),
        is_demo=is_demo,
        territories=territories,
        barrios=barrios,
        sites=sites,
        facts=facts,
        population=population,
        sources=tuple(sources),
        barrio_population=barrio_population,
        travel_times=travel_times,
        benchmark=benchmark,
    )
    return dataset, report


def _network_inputs(inputs, barrios, sites, report, used_demo) -> tuple:
    """Red escolar (issue 18): the barrio population (the demo's with the demo's barrios)
    and the travel-time table, when given."""
    from geo.io.ingest.network import read_barrio_population, read_travel_times

    path = inputs.barrio_population
    if path is None and inputs.barrios is None and inputs.boundaries is None:
        path = DEMO_PATHS["barrio_population"]
    population = None
    if path is not None and barrios is not None:
        population = read_barrio_population(path, inputs, barrios, report)
        if inputs.barrio_population is None:
            used_demo.append("población por barrio")
    travel = None
    if inputs.travel_times is not None:
        travel = read_travel_times(inputs.travel_times, inputs, barrios, sites)
    return population, travel


def load_official(cache_dir: Path) -> tuple[Dataset, Report]:
    """The official GeoMedellín layers downloaded by ``python -m geo fetch`` into ``cache_dir``,
    with the tables its portal sources gave (issue 23).

    Raises ``DataError`` when the comunas layer is not in the cache.
    """
    inputs = official_inputs(cache_dir)
    digest = hashlib.sha256()  # a new download is a new dataset, never a stale cached one
    paths = (inputs.boundaries, inputs.schools, inputs.indicators, inputs.benchmark)
    for path in (*paths, inputs.population):
        if path is not None:
            digest.update(path.read_bytes())
    return load(inputs, dataset_id="official-" + digest.hexdigest()[:10])


def official_inputs(cache_dir: Path) -> Inputs:
    """What the cache holds, as the inputs of :func:`load`: the official layers and the tables
    of the portal sources, each source named with its date and licence."""
    from geo.io.fetch import cached_layers  # fetch needs the network stack; only when asked
    from geo.io.portal import official_tables

    cached = cached_layers(cache_dir)
    if "comunas" not in cached:
        raise DataError(msg("no_official_comunas"), str(cache_dir), msg("no_official_comunas_fix"))
    sources = [
        Source(
            f"GeoMedellín, {layer.title} ({layer.retrieved[:10]})",
            layer.licence,
            url=layer.source_url,
            retrieved=layer.retrieved,
        )
        for layer in cached.values()
    ]
    tables = official_tables(cache_dir)  # issue 23: what the portal sources gave
    sources += [
        Source(
            f"{meta['title']} ({meta['retrieved'][:10]})",
            meta["licence"],
            url=meta["url"],
            retrieved=meta["retrieved"],
        )
        for meta in tables.provenance
    ]
    inputs = Inputs(
        boundaries=cached["comunas"].path,
        barrios=cached["barrios"].path if "barrios" in cached else None,
        schools=cached["sedes"].path if "sedes" in cached else None,
        indicators=tables.indicators,
        benchmark=tables.benchmark,
        population=tables.population,
        label="Datos oficiales" if tables.provenance else "Capas oficiales (GeoMedellín)",
        sources=tuple(dict.fromkeys(sources)),
        year=int(cached["comunas"].retrieved[:4]),  # for a directory without vigencia
    )
    return inputs


def _given(inputs: Inputs) -> list[str]:
    paths = (
        inputs.boundaries,
        inputs.barrios,
        inputs.schools,
        inputs.indicators,
        inputs.population,
        inputs.benchmark,
        inputs.barrio_population,
        inputs.travel_times,
    )
    return [p.name for p in paths if p is not None]


def _empty_counts() -> pd.DataFrame:
    return pd.DataFrame({s.SITE_CODE: pd.Series(dtype="string"), s.YEAR: pd.Series(dtype=int)})


def load_demo() -> Dataset:
    """The generated demo city (``python -m geo demo`` writes it), read like any upload."""
    dataset, _ = load(Inputs(), dataset_id="demo")
    return dataset
