"""Comunas apart from corregimientos (issue 15): which zone each area of a level belongs to.

Medellín's 16 comunas are urban and its 5 corregimientos rural (``geo.model.territories``);
a barrio (or vereda) belongs to the zone of its territory. Núcleos educativos can span
territories of both kinds, so they have no zone (``ZONE_LEVELS``). Boundaries whose
territories are not Medellín's codes have no known kind: no zone can be chosen for them.
"""

from __future__ import annotations

import pandas as pd

from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.territories import BY_CODE
from geo.model.view import ZONE_LEVELS, ZONES

KIND_COLUMN = "tipo_territorio"  # "comuna" or "corregimiento", the area's territory's kind


def has_zones(dataset: Dataset) -> bool:
    """Whether every territory of ``dataset`` is one of Medellín's, whose kind is known."""
    codes = dataset.territories[s.CODE].astype(str)
    return bool(len(codes)) and bool(codes.isin(list(BY_CODE)).all())


def dataset_zones(dataset: Dataset) -> tuple[str, ...]:
    """The zones a view of ``dataset`` may choose (``View.from_query``'s ``zones``)."""
    return ZONES if has_zones(dataset) else ()


def area_kinds(dataset: Dataset, areas: pd.DataFrame, level: str) -> pd.Series | None:
    """The kind of each of ``areas`` (of ``level``; aligned with its index): ``comuna`` or
    ``corregimiento``, or ``None`` for all when the level or the boundaries have no zones."""
    if level not in ZONE_LEVELS or not has_zones(dataset):
        return None
    if level == "territorio":
        territory = areas[s.CODE].astype(str)
    else:
        barrios = dataset.barrios
        if barrios is None or s.TERRITORY not in barrios:
            return None
        by_barrio = dict(
            zip(barrios[s.CODE].astype(str), barrios[s.TERRITORY].astype(str), strict=True)
        )
        territory = areas[s.CODE].astype(str).map(by_barrio)
    kinds = territory.map({code: t.kind for code, t in BY_CODE.items()})
    return kinds.astype(object).where(kinds.notna(), None)
