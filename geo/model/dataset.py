"""A dataset: boundaries, sites and yearly facts, read and joined once, then shared.

It holds data and a cache, nothing more: ``geo.io.ingest`` loads it, and what is derived from
it (aggregates, núcleo shapes, map geometry) is computed by the stages that own those things,
through ``once`` and ``remember``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeVar

import geopandas as gpd
import pandas as pd

from geo.errors import DataError
from geo.model import schema as s
from geo.model.catalogue import INDICATORS, get_indicator
from geo.model.messages import msg

MEMO_SIZE = 512  # small frames and maps' values (one row per area): a few MB at most
T = TypeVar("T")
DEMO_LICENCE = "Datos sintéticos generados por el proyecto (sin restricciones de uso)."
# Where the demo city lives (``python -m geo demo`` writes it; ``geo.synthetic.demo`` makes it).
DEMO_DIR: Final = Path(__file__).resolve().parents[2] / "data" / "demo"
DEMO_FILES: Final = {
    "territories": "territorios.geojson",
    "barrios": "barrios_veredas.geojson",
    "sites": "sedes.csv",
    "site_years": "indicadores_sedes.csv",
    "population": "poblacion.csv",
    # Red escolar (issue 18): population by age group per barrio/vereda, 2019-2030.
    "barrio_population": "poblacion_barrios.csv",
    "benchmark": "estadisticas_men.csv",  # issue 16: the MEN's rates, in the MEN's shape
}


_FILTER_FIRST = (s.SECTOR, s.ZONE, s.NUCLEO)
# Where a column the indicators use comes from: (file role, the column the user brings).
# Derived columns name the input they are derived from.
INPUT_OF: Final = {
    s.SITES_REPORTING: ("schools", s.BROADBAND),
    s.NO_BROADBAND: ("schools", s.BROADBAND),
    s.SITE_COUNT: ("schools", s.SITE_CODE),
    s.POPULATION_5_16: ("population", s.POPULATION_5_16),
    s.POPULATION: ("population", s.POPULATION),
}
POPULATION_COLUMNS: Final = (
    s.POPULATION,
    s.POPULATION_5_16,
    *(s.at_level(s.POPULATION_5_16, level) for level in s.EDUCATION_LEVELS),
)
INPUT_OF.update({c: ("population", c) for c in POPULATION_COLUMNS})
_NOT_FILTERS = frozenset(
    {"geometry", s.SITE_CODE, s.SITE_NAME, s.DECLARED_TERRITORY, s.TERRITORY, s.BARRIO}
)


@dataclass(frozen=True)
class Source:
    """Where a dataset's files came from and under which licence."""

    name: str
    licence: str
    url: str = ""
    retrieved: str = ""


@dataclass(frozen=True)
class Dataset:
    """Everything one map needs, prepared once per dataset and never mutated.

    ``facts`` holds one row per site and year with the site's attributes, its territory and
    barrio, and every count the catalogue refers to.
    """

    id: str
    label: str
    is_demo: bool
    territories: gpd.GeoDataFrame
    barrios: gpd.GeoDataFrame | None
    sites: gpd.GeoDataFrame
    facts: pd.DataFrame
    population: pd.DataFrame | None
    sources: tuple[Source, ...] = field(default_factory=tuple)
    # Red escolar (issue 18): population per barrio/vereda and year (``codigo_barrio``,
    # ``anio``, ``poblacion_total``, age groups), and travel times (origin barrio, site, minutes).
    barrio_population: pd.DataFrame | None = None
    travel_times: pd.DataFrame | None = None
    # The MEN's published rates for the city (anio, indicator, education_level, value), drawn
    # as a reference line beside the atlas's own sums; None when not given.
    benchmark: pd.DataFrame | None = None
    # What is derived once per dataset (núcleo shapes, map geometry per level), by the first
    # session that needs it, shared by all (see ``once``).
    _once: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _once_lock: threading.RLock = field(
        default_factory=threading.RLock, init=False, repr=False, compare=False
    )
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )
    # Results already derived from this dataset, most recent last (see ``remember``).
    _memo: OrderedDict = field(default_factory=OrderedDict, init=False, repr=False, compare=False)

    @property
    def source_line(self) -> str:
        """Where the data comes from and under which licence, in one line for maps and exports."""
        if not self.sources:
            return self.label
        if len(self.sources) == 1:
            return f"{self.sources[0].name} · {self.sources[0].licence}"
        names = "; ".join(dict.fromkeys(src.name.split(",")[0] for src in self.sources))
        dates = sorted({src.retrieved[:10] for src in self.sources if src.retrieved})
        licences = "; ".join(dict.fromkeys(src.licence for src in self.sources))
        when = f" ({', '.join(dates)})" if dates else ""
        return f"{names}{when} · {licences}"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(int(y) for y in self.facts[s.YEAR].unique()))

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per ``key`` for the life of the dataset and shared by
        every session; a second caller waits for the first rather than computing it again.
        For the few large things derived per level (not evicted, unlike ``remember``)."""
        with self._once_lock:
            if key not in self._once:
                self._once[key] = make()
            return self._once[key]

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per ``key`` and shared by every session.

        A planner goes back and forth between a few indicators, years and filters: each
        result derived from this (immutable) dataset is kept, the last ``MEMO_SIZE`` of them.
        Callers must treat what they get as read-only.
        """
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = make()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def available_indicators(self) -> tuple[str, ...]:
        """Catalogue ids this dataset has data for (all levels together), in catalogue order."""
        return tuple(i for i in INDICATORS if not self.missing_inputs(i))

    def education_levels(self, indicator_id: str) -> tuple[str, ...]:
        """The education levels this dataset has ``indicator_id``'s data for, in order."""
        levels = INDICATORS[indicator_id].education_levels
        return tuple(lv for lv in levels if not self.missing_inputs(indicator_id, lv))

    def missing_inputs(
        self, indicator_id: str, education_level: str = ""
    ) -> tuple[tuple[str, str], ...]:
        """What the indicator needs and this dataset lacks, as (file role, column) pairs the
        user can bring: ``(("schools", "matricula"), ("population", "poblacion_5_16"))``.
        Empty when the indicator can be computed (for ``education_level``; "" = all levels)."""
        indicator = get_indicator(indicator_id, education_level)
        missing = []
        for column in (indicator.numerator, indicator.denominator):
            if column is None:
                continue
            if column in POPULATION_COLUMNS and indicator.denominator_source == "population":
                present = self.population is not None and column in self.population
                present = present and bool(self.population[column].notna().any())
            else:
                present = column in self.facts and bool(self.facts[column].notna().any())
            if not present:
                missing.append(INPUT_OF.get(column, ("schools", column)))
        return tuple(dict.fromkeys(missing))

    def require(self, indicator_id: str, education_level: str = "") -> None:
        """Refuse an indicator asked for by name that this data cannot compute.

        A script that asks for ``saber11_global`` must get it or an error naming the missing
        columns (and the file each belongs in), never another indicator.

        Raises
        ------
        DataError
            When :meth:`missing_inputs` is not empty; unknown ids raise ``ValueError``.
        """
        missing = self.missing_inputs(indicator_id, education_level)
        if not missing:
            return
        named = ", ".join(f"{column} ({role})" for role, column in missing)
        available = ", ".join(self.available_indicators()) or "-"
        raise DataError(
            msg("real_indicator_missing", indicator=indicator_id, missing=named),
            self.label,
            msg("real_indicator_missing_fix", available=available),
        )

    def filter_values(self) -> dict[str, tuple[str, ...]]:
        """Columns the map can be filtered by, with their values: sector, zona, núcleo and
        any other categorical column the sites brought (2 to 60 distinct values)."""
        columns = [c for c in self.sites.columns if c not in _NOT_FILTERS]
        ordered = [c for c in _FILTER_FIRST if c in columns] + [
            c for c in columns if c not in _FILTER_FIRST
        ]
        found: dict[str, tuple[str, ...]] = {}
        for column in ordered:
            if column not in self.facts:
                continue
            values = self.facts[column].dropna().astype(str).unique()
            if 2 <= len(values) <= 60:
                found[column] = tuple(sorted(values))
        return found

    @property
    def levels(self) -> tuple[str, ...]:
        levels = ["territorio"]
        if self.barrios is not None:
            levels.append("barrio")
        if s.NUCLEO in self.sites and self.sites[s.NUCLEO].nunique() >= 2:
            levels.append("nucleo")
        return tuple(levels)
