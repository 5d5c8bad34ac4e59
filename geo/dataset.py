"""A dataset: boundaries, sites and yearly facts, read and joined once, then shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import demo, readers
from geo import schema as s
from geo.join import locate

DEMO_LICENCE = "Datos sintéticos generados por el proyecto (sin restricciones de uso)."


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

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(int(y) for y in self.facts[s.YEAR].unique()))

    def shapes(self, level: str) -> gpd.GeoDataFrame:
        """The polygons of a level: ``territorio`` or ``barrio``."""
        if level == "territorio":
            return self.territories
        if level == "barrio" and self.barrios is not None:
            return self.barrios
        raise ValueError(f"Level {level!r} is not available in dataset {self.id!r}.")

    @property
    def levels(self) -> tuple[str, ...]:
        return ("territorio", "barrio") if self.barrios is not None else ("territorio",)


def build_facts(sites: gpd.GeoDataFrame, site_years: pd.DataFrame) -> pd.DataFrame:
    """One row per site and year: counts plus the site's attributes and location codes."""
    attributes = pd.DataFrame(sites.drop(columns="geometry"))
    facts = site_years.merge(attributes, on=s.SITE_CODE, how="inner", validate="many_to_one")
    if s.BROADBAND in facts:
        reporting = facts[s.BROADBAND].notna()
        facts[s.SITES_REPORTING] = reporting.astype("Float64").where(reporting)
        facts[s.NO_BROADBAND] = 1 - facts[s.BROADBAND]
    return facts


def load_files(
    *,
    dataset_id: str,
    label: str,
    territories: Path,
    sites: Path,
    site_years: Path,
    population: Path | None = None,
    barrios: Path | None = None,
    is_demo: bool = False,
    sources: tuple[Source, ...] = (),
) -> Dataset:
    """Read, join and prepare a dataset from files in the canonical layout."""
    territory_shapes = readers.read_boundaries(territories)
    barrio_shapes = readers.read_boundaries(barrios) if barrios else None
    site_points = locate(readers.read_sites(sites), territory_shapes, s.TERRITORY)
    if barrio_shapes is not None:
        site_points = locate(site_points, barrio_shapes, s.BARRIO)
    return Dataset(
        id=dataset_id,
        label=label,
        is_demo=is_demo,
        territories=territory_shapes,
        barrios=barrio_shapes,
        sites=site_points,
        facts=build_facts(site_points, readers.read_site_years(site_years)),
        population=readers.read_population(population) if population else None,
        sources=sources,
    )


def load_demo(directory: Path = demo.DEMO_DIR) -> Dataset:
    """The generated demo city (``python -m geo demo`` writes it)."""
    files = {key: directory / name for key, name in demo.FILES.items()}
    return load_files(
        dataset_id="demo",
        label="Ciudad de demostración",
        is_demo=True,
        sources=(Source("Generador de demostración del proyecto (geo/demo.py)", DEMO_LICENCE),),
        **files,
    )
