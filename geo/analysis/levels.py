"""The areas of each level a map can show: territories, barrios, and núcleos built from their
sites (``geo.analysis.nucleos``), derived once per dataset."""

from __future__ import annotations

import geopandas as gpd

from geo.analysis.nucleos import nucleo_shapes, units_outside
from geo.model.dataset import Dataset


def shapes(dataset: Dataset, level: str) -> gpd.GeoDataFrame:
    """The areas of a level: ``territorio``, ``barrio`` or ``nucleo``."""
    if level == "territorio":
        return dataset.territories
    if level == "barrio" and dataset.barrios is not None:
        return dataset.barrios
    if level == "nucleo" and "nucleo" in dataset.levels:
        return nucleos(dataset)
    raise ValueError(f"Level {level!r} is not available in dataset {dataset.id!r}.")


def _units(dataset: Dataset) -> gpd.GeoDataFrame:
    """What núcleos are made of: barrios, or territories when there are none."""
    return dataset.barrios if dataset.barrios is not None else dataset.territories


def nucleos(dataset: Dataset) -> gpd.GeoDataFrame:
    """Núcleos educativos drawn from their sites, built once per dataset."""
    return dataset.once("nucleos", lambda: nucleo_shapes(dataset.sites, _units(dataset)))


def nucleo_outside(dataset: Dataset) -> gpd.GeoDataFrame | None:
    """The units that belong to no núcleo, when núcleos are drawn as polygons (the map would
    show them blank); None when núcleos are points (they cover nothing)."""

    def make() -> gpd.GeoDataFrame | None:
        if not nucleos(dataset).geom_type.isin(["Polygon", "MultiPolygon"]).all():
            return None
        outside = units_outside(dataset.sites, _units(dataset))
        return outside if len(outside) else None

    return dataset.once("nucleo_outside", make)
