"""Medellín's 16 comunas and 5 corregimientos: official codes and names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    kind: str  # "comuna" or "corregimiento"


TERRITORIES: Final[tuple[Territory, ...]] = (
    Territory("01", "Popular", "comuna"),
    Territory("02", "Santa Cruz", "comuna"),
    Territory("03", "Manrique", "comuna"),
    Territory("04", "Aranjuez", "comuna"),
    Territory("05", "Castilla", "comuna"),
    Territory("06", "Doce de Octubre", "comuna"),
    Territory("07", "Robledo", "comuna"),
    Territory("08", "Villa Hermosa", "comuna"),
    Territory("09", "Buenos Aires", "comuna"),
    Territory("10", "La Candelaria", "comuna"),
    Territory("11", "Laureles-Estadio", "comuna"),
    Territory("12", "La América", "comuna"),
    Territory("13", "San Javier", "comuna"),
    Territory("14", "El Poblado", "comuna"),
    Territory("15", "Guayabal", "comuna"),
    Territory("16", "Belén", "comuna"),
    Territory("50", "San Sebastián de Palmitas", "corregimiento"),
    Territory("60", "San Cristóbal", "corregimiento"),
    Territory("70", "Altavista", "corregimiento"),
    Territory("80", "San Antonio de Prado", "corregimiento"),
    Territory("90", "Santa Elena", "corregimiento"),
)

BY_CODE: Final = {t.code: t for t in TERRITORIES}
