"""A dataset: boundaries, sites and yearly facts, read and joined once, then shared."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Final, TypeVar

import geopandas as gpd
import pandas as pd
import shapely

from geo import schema as s
from geo.aggregate import Filters, aggregate
from geo.catalogue import INDICATORS, Indicator
from geo.display import MapGeometry, prepare

MEMO_SIZE = 512  # small frames and maps' values (one row per area): a few MB at most
T = TypeVar("T")
DEMO_LICENCE = "Datos sintéticos generados por el proyecto (sin restricciones de uso)."


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
POPULATION_COLUMNS: Final = (s.POPULATION, s.POPULATION_5_16)
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
    # Map geometry per level, prepared by the first session that draws it, shared by all.
    _map_geometry: dict[str, MapGeometry] = field(
        default_factory=dict, init=False, repr=False, compare=False
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

    def shapes(self, level: str) -> gpd.GeoDataFrame:
        """The areas of a level: ``territorio``, ``barrio`` or ``nucleo``."""
        if level == "territorio":
            return self.territories
        if level == "barrio" and self.barrios is not None:
            return self.barrios
        if level == "nucleo" and "nucleo" in self.levels:
            return self.nucleos
        raise ValueError(f"Level {level!r} is not available in dataset {self.id!r}.")

    def map_geometry(self, level: str) -> MapGeometry:
        """The level's areas cleaned and simplified for drawing (``geo.display``), in the
        order of ``shapes(level)``; prepared once per dataset and level, then shared."""
        with self._lock:
            if level not in self._map_geometry:
                shapes = self.shapes(level)
                outside = self.nucleo_outside if level == "nucleo" else None
                self._map_geometry[level] = prepare(
                    shapes.geometry.to_numpy(),
                    shapes[s.CODE],
                    outside=None if outside is None else shapely.union_all(outside.geometry),
                    outside_units=0 if outside is None else len(outside),
                )
            return self._map_geometry[level]

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

    def aggregated(
        self, indicator: Indicator, year: int, level: str, filters: Filters | None = None
    ) -> pd.DataFrame:
        """``geo.aggregate.aggregate`` of this dataset's facts, remembered (a copy)."""
        key = (
            "aggregate",
            indicator.numerator,
            indicator.denominator,
            indicator.denominator_source,
            year,
            level,
            tuple(sorted((c, tuple(sorted(map(str, v)))) for c, v in (filters or {}).items())),
        )
        make = partial(aggregate, self.facts, indicator, year, level, filters, self.population)
        return self.remember(key, make).copy()

    @cached_property
    def nucleos(self) -> gpd.GeoDataFrame:
        """Núcleos educativos drawn from their sites (see ``geo.nucleos``), built once."""
        from geo.nucleos import nucleo_shapes  # nucleos works on datasets' parts

        return nucleo_shapes(
            self.sites, self.barrios if self.barrios is not None else self.territories
        )

    @cached_property
    def nucleo_outside(self) -> gpd.GeoDataFrame | None:
        """The units that belong to no núcleo, when núcleos are drawn as polygons (the map
        would show them blank); None when núcleos are points (they cover nothing)."""
        from geo.nucleos import units_outside

        if not self.nucleos.geom_type.isin(["Polygon", "MultiPolygon"]).all():
            return None
        units = self.barrios if self.barrios is not None else self.territories
        outside = units_outside(self.sites, units)
        return outside if len(outside) else None

    def available_indicators(self) -> tuple[str, ...]:
        """Catalogue ids this dataset has data for, in catalogue order."""
        return tuple(i for i in INDICATORS if not self.missing_inputs(i))

    def missing_inputs(self, indicator_id: str) -> tuple[tuple[str, str], ...]:
        """What the indicator needs and this dataset lacks, as (file role, column) pairs the
        user can bring: ``(("schools", "matricula"), ("population", "poblacion_5_16"))``.
        Empty when the indicator can be computed."""
        indicator = INDICATORS[indicator_id]
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


def build_facts(sites: gpd.GeoDataFrame, site_years: pd.DataFrame) -> pd.DataFrame:
    """One row per site and year: counts plus the site's attributes and location codes."""
    attributes = pd.DataFrame(sites.drop(columns="geometry"))
    facts = site_years.merge(attributes, on=s.SITE_CODE, how="inner", validate="many_to_one")
    facts[s.SITE_COUNT] = pd.Series(1.0, index=facts.index, dtype="Float64")
    if s.BROADBAND in facts:
        reporting = facts[s.BROADBAND].notna()
        facts[s.SITES_REPORTING] = reporting.astype("Float64").where(reporting)
        facts[s.NO_BROADBAND] = 1 - facts[s.BROADBAND]
    return facts


def load_demo() -> Dataset:
    """The generated demo city (``python -m geo demo`` writes it), read like any upload."""
    from geo.ingest import Inputs, load  # ingest builds Datasets, so it imports this module

    dataset, _ = load(Inputs(), dataset_id="demo")
    return dataset
