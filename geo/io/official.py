"""The official download as one step: GeoMedellín's layers, then every portal source of the
registry, each with what it gave (rows, years, seconds) or why it failed.

The Datos page's one button calls :func:`download_official`; a layer or source that fails
keeps its last good copy in the cache (:mod:`geo.io.fetch` and :mod:`geo.io.portal` write
only whole answers) and never stops the others. The sources are those of the registry with
the user's corrections (``sources.json``), so a new entry in :data:`geo.io.sources.SOURCES`
is downloaded and reported without a change here or on the page.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from geo.errors import DataError
from geo.io.sources import SOURCES, load_settings

DEFAULT_YEARS: Final = range(2019, 2023)  # as ``python -m geo fetch --years`` by default


@dataclass
class Outcome:
    """One layer or source of the official download, as it goes and once it ended.

    ``done`` of ``total`` steps (a layer is one step, a source one per year); ``rows`` are
    features for a layer and table rows for a source; ``retrieved`` is the date of the copy
    now in the cache (the new one, or the last good one a failure kept, or '').
    """

    key: str
    title: str
    kind: Literal["layer", "source"]
    licence: str = ""
    total: int = 1
    done: int = 0
    rows: int = 0
    seconds: float = 0.0
    fetched: list[int] = field(default_factory=list)
    cached: list[int] = field(default_factory=list)
    retrieved: str = ""
    finished: bool = False
    error: DataError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Progress = Callable[[Outcome], None]


def planned(
    cache_dir: Path, open_data_base: str, arcgis_base: str, years: range = DEFAULT_YEARS
) -> list[Outcome]:
    """What a download will fetch, in order, nothing done yet: the layers, then the sources
    of the registry (as corrected by ``sources.json``; the registry's own when that file
    cannot be read, and each source then fails with the reason)."""
    from geo.io.fetch import official_layers

    outcomes = [
        Outcome(layer.key, layer.title, "layer")
        for layer in official_layers(open_data_base, arcgis_base)
    ]
    try:
        sources = load_settings(Path(cache_dir)).sources
    except DataError:
        sources = dict(SOURCES)
    outcomes += [
        Outcome(
            key, source.title, "source", source.licence, total=len(years) if source.by_period else 1
        )
        for key, source in sources.items()
    ]
    return outcomes


def download_official(
    cache_dir: Path,
    *,
    open_data_base: str,
    arcgis_base: str,
    socrata_base: str,
    years: range = DEFAULT_YEARS,
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> list[Outcome]:
    """Fetch every official layer and every registered source into ``cache_dir``.

    Parameters
    ----------
    cache_dir : Path
        The cache folder (created if missing).
    open_data_base, arcgis_base : str
        Base URLs of GeoMedellín's open-data zips and ArcGIS services.
    socrata_base : str
        Base URL of the Socrata portal (datos.gov.co). The population layer is asked of
        ``arcgis_base`` too; MEData's CKAN portal of ``$ATLAS_CKAN_URL`` or its own address.
    years : range
        The years asked of the sources; years already cached are not asked again.
    progress : callable, optional
        Called with an :class:`Outcome` whenever it advances and once it has ended.
    timeout : float
        Seconds to wait for a layer's server on each connection and read.

    Returns
    -------
    list of Outcome
        One per layer and source, in the order of :func:`planned`, every one ``finished``.
    """
    from geo.io.fetch import cached_layers, fetch_layer, official_layers

    cache_dir = Path(cache_dir)
    report = progress or (lambda _: None)
    outcomes = planned(cache_dir, open_data_base, arcgis_base, years)
    layers = {layer.key: layer for layer in official_layers(open_data_base, arcgis_base)}
    for outcome in (o for o in outcomes if o.kind == "layer"):
        report(outcome)
        started = time.perf_counter()
        try:
            got = fetch_layer(layers[outcome.key], cache_dir, timeout=timeout)
            outcome.rows, outcome.licence, outcome.done = got.features, got.licence, 1
        except DataError as error:
            outcome.error = error
        kept = cached_layers(cache_dir).get(outcome.key)
        outcome.retrieved = kept.retrieved if kept else ""
        outcome.licence = outcome.licence or (kept.licence if kept else "")
        _finish(outcome, started, report)
    for outcome in (o for o in outcomes if o.kind == "source"):
        _source(outcome, cache_dir, socrata_base, {"arcgis": arcgis_base}, years, report)
    return outcomes


def _source(
    outcome: Outcome,
    cache_dir: Path,
    base: str,
    bases: dict[str, str],
    years: range,
    report: Progress,
) -> None:
    from geo.io.portal import fetch_sources

    report(outcome)
    started = time.perf_counter()

    def step(_key: str, done: int, total: int) -> None:
        outcome.done, outcome.total = done, total
        outcome.seconds = time.perf_counter() - started
        report(outcome)

    try:
        settings = load_settings(cache_dir)
        (result,) = fetch_sources(
            [outcome.key], years, settings, cache_dir, base, progress=step, bases=bases
        )
    except DataError as error:
        outcome.error = error
    else:
        outcome.rows, outcome.error = result.rows, result.error
        outcome.fetched, outcome.cached = result.fetched, result.cached
    outcome.retrieved = last_retrieved(cache_dir, outcome.key)
    _finish(outcome, started, report)


def _finish(outcome: Outcome, started: float, report: Progress) -> None:
    outcome.seconds = time.perf_counter() - started
    outcome.finished = True
    if outcome.ok:
        outcome.done = outcome.total
    report(outcome)


def last_retrieved(cache_dir: Path, key: str) -> str:
    """When the newest cached table of source ``key`` was downloaded ('' if none is)."""
    folder = Path(cache_dir) / "tables"
    dates = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("source") == key and path.with_suffix(".csv").exists():
            dates.append(str(meta.get("retrieved", "")))
    return max(dates, default="")
