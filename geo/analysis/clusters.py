"""Spatial clusters: local Moran's I (esda/libpysal) with permutation inference."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Final

import geopandas as gpd
import numpy as np

from geo.analysis.choropleth import Choropleth, Status
from geo.model import schema as s

MIN_UNITS: Final = 30  # below this many areas local statistics say little
ALPHA: Final = 0.05
PERMUTATIONS: Final = 999
SEED: Final = 20240521
# Quadrant codes of esda (1 HH, 2 LH, 3 LL, 4 HL) -> our labels.
QUADRANTS: Final = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
COLORS: Final = {
    "HH": "#d7191c",
    "LL": "#2c7bb6",
    "HL": "#fdae61",
    "LH": "#abd9e9",
    "ns": "#f0f0f0",
}
LABELS: Final = {
    "HH": {"es": "Alto rodeado de alto", "en": "High among high"},
    "LL": {"es": "Bajo rodeado de bajo", "en": "Low among low"},
    "HL": {"es": "Alto rodeado de bajo (atípico)", "en": "High among low (outlier)"},
    "LH": {"es": "Bajo rodeado de alto (atípico)", "en": "Low among high (outlier)"},
    "ns": {"es": "No significativo", "en": "Not significant"},
}


class TooFewUnits(ValueError):
    """Raised when there are too few areas with data for local statistics."""


@dataclass(frozen=True)
class Clusters:
    areas: gpd.GeoDataFrame  # codigo, nombre, geometry, value, cluster, p
    alpha: float
    permutations: int
    global_i: float
    global_p: float


def local_moran(
    choropleth: Choropleth, alpha: float = ALPHA, permutations: int = PERMUTATIONS
) -> Clusters:
    """Local Moran's I of the classified areas (queen contiguity, row-standardised).

    Areas without data, small samples and areas without neighbours get ``cluster = None``.
    Raises :class:`TooFewUnits` with fewer than ``MIN_UNITS`` areas with data.
    """
    from esda.moran import Moran, Moran_Local  # heavy imports, only when asked
    from libpysal.weights import Queen

    areas = choropleth.areas[[s.CODE, s.NAME, "geometry", "value", "status"]].copy()
    usable = areas[(areas["status"] == Status.OK).to_numpy()]
    if len(usable) < MIN_UNITS:
        raise TooFewUnits(f"{len(usable)} areas with data; local Moran's I needs {MIN_UNITS}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands are reported below, not as warnings
        weights = Queen.from_dataframe(usable, use_index=False)
    connected = np.array([weights.cardinalities[i] > 0 for i in range(len(usable))])
    usable = usable[connected]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = Queen.from_dataframe(usable, use_index=False)
    weights.transform = "r"
    y = usable["value"].to_numpy(dtype=float)
    with warnings.catch_warnings():
        # esda 2.9 announces a future change of its default alternative; the p-values here
        # are its current folded (directed) permutation p-values, as the legend states.
        warnings.filterwarnings(
            "ignore", message="The alternative hypothesis", category=DeprecationWarning
        )
        lisa = Moran_Local(y, weights, permutations=permutations, seed=SEED)
    overall = Moran(y, weights, permutations=permutations)
    labels = np.where(lisa.p_sim < alpha, [QUADRANTS[q] for q in lisa.q], "ns")
    areas["cluster"] = None
    areas["p"] = np.nan
    areas.loc[usable.index, "cluster"] = labels
    areas.loc[usable.index, "p"] = lisa.p_sim
    return Clusters(areas, alpha, permutations, float(overall.I), float(overall.p_sim))
