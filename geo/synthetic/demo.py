"""A synthetic, deterministic demo city shaped like Medellín.

Nothing here comes from an official file. The municipal outline and the territory seeds are a
few dozen rounded coordinates written below; everything else is drawn from a seeded random
generator, so ``python -m geo demo`` writes byte-identical files on every run.

Geometry: one Voronoi diagram of about 300 barrio/vereda seeds, clipped to the outline and
snapped to a 1e-5 degree grid (about 1 m). Each seed belongs to the territory whose coarse cell
contains it, and each territory is the union of its barrios, so territories and barrios tile the
city with no gaps or overlaps by construction.

School data: about 780 sites with yearly counts for 2019-2024. A per-territory deprivation score
makes the north-east comunas and the rural corregimientos worse off; 2020-2021 carry a visible
crisis effect on dropout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point, Polygon

from geo.model import schema as s
from geo.model.dataset import DEMO_DIR, DEMO_FILES
from geo.model.territories import TERRITORIES
from geo.synthetic import intervention
from geo.synthetic.levels import (
    build_level_years,
    build_men_statistics,
    split_population_by_level,
)

# The demo's files: the dataset's, and the documented intervention's treated list (issue 26).
FILES: Final = {**DEMO_FILES, "intervention": intervention.FILE}
SEED: Final = 20240521
YEARS: Final = tuple(range(2019, 2025))
GRID: Final = 1e-5  # degrees; about 1.1 m at Medellín's latitude

# Coarse municipal outline (lon, lat), clockwise from the north-west.
OUTLINE: Final = (
    (-75.720, 6.335),
    (-75.700, 6.375),
    (-75.660, 6.382),
    (-75.630, 6.350),
    (-75.600, 6.333),
    (-75.572, 6.322),
    (-75.545, 6.316),
    (-75.528, 6.322),
    (-75.505, 6.302),
    (-75.478, 6.282),
    (-75.468, 6.240),
    (-75.478, 6.200),
    (-75.515, 6.180),
    (-75.552, 6.182),
    (-75.585, 6.192),
    (-75.610, 6.176),
    (-75.640, 6.160),
    (-75.682, 6.165),
    (-75.702, 6.192),
    (-75.690, 6.222),
    (-75.712, 6.262),
    (-75.726, 6.300),
)


@dataclass(frozen=True)
class DemoTerritory:
    """Shape and social profile of one territory in the demo city."""

    seeds: tuple[tuple[float, float], ...]  # coarse-cell seeds (lon, lat)
    units: int  # barrios or veredas
    population: int  # residents in 2019
    deprivation: float  # 0 (best off) .. 1 (worst off)
    site_weight: float = 1.0  # > 1 where schools draw students from elsewhere


PROFILES: Final[dict[str, DemoTerritory]] = {
    "01": DemoTerritory(((-75.546, 6.298),), 14, 131_000, 1.00),
    "02": DemoTerritory(((-75.557, 6.301),), 12, 112_000, 0.90),
    "03": DemoTerritory(((-75.545, 6.278),), 16, 161_000, 0.85),
    "04": DemoTerritory(((-75.559, 6.283),), 16, 162_000, 0.70),
    "05": DemoTerritory(((-75.573, 6.294),), 17, 150_000, 0.45),
    "06": DemoTerritory(((-75.586, 6.307),), 12, 196_000, 0.70),
    "07": DemoTerritory(((-75.599, 6.278), (-75.606, 6.294)), 22, 177_000, 0.60),
    "08": DemoTerritory(((-75.547, 6.256),), 18, 140_000, 0.80),
    "09": DemoTerritory(((-75.553, 6.236),), 17, 137_000, 0.55),
    "10": DemoTerritory(((-75.569, 6.250),), 17, 85_000, 0.40, 1.7),
    "11": DemoTerritory(((-75.590, 6.251),), 17, 124_000, 0.10),
    "12": DemoTerritory(((-75.603, 6.259),), 8, 97_000, 0.20),
    "13": DemoTerritory(((-75.618, 6.259),), 14, 138_000, 0.75),
    "14": DemoTerritory(((-75.566, 6.207), (-75.555, 6.193)), 22, 133_000, 0.00, 1.3),
    "15": DemoTerritory(((-75.585, 6.215),), 9, 95_000, 0.30),
    "16": DemoTerritory(((-75.601, 6.229),), 21, 197_000, 0.30),
    "50": DemoTerritory(((-75.695, 6.348), (-75.668, 6.366), (-75.706, 6.306)), 8, 6_000, 0.95),
    "60": DemoTerritory(
        ((-75.650, 6.292), (-75.665, 6.266), (-75.640, 6.318)), 12, 94_000, 0.70, 0.8
    ),
    "70": DemoTerritory(((-75.640, 6.226), (-75.662, 6.240)), 8, 40_000, 0.75),
    "80": DemoTerritory(
        ((-75.655, 6.186), (-75.628, 6.181), (-75.682, 6.200)), 9, 115_000, 0.60, 0.8
    ),
    "90": DemoTerritory(
        ((-75.500, 6.290), (-75.490, 6.250), (-75.500, 6.210), (-75.525, 6.192)), 16, 20_000, 0.80
    ),
}

# Núcleos educativos: one per territory, two for the three largest comunas (24 in all).
_SPLIT_NUCLEOS: Final = ("03", "07", "16")

# Year effects.
_ENROLMENT_TREND: Final = dict(zip(YEARS, (1.000, 0.985, 0.962, 0.966, 0.956, 0.946), strict=True))
_DROPOUT_CRISIS: Final = dict(zip(YEARS, (1.00, 1.22, 1.36, 1.12, 1.04, 1.00), strict=True))
_NO_INTERNET_TREND: Final = dict(zip(YEARS, (1.00, 0.97, 0.88, 0.80, 0.74, 0.68), strict=True))
_NO_COMPUTER_TREND: Final = dict(zip(YEARS, (1.00, 1.00, 0.92, 0.86, 0.80, 0.75), strict=True))
_COMPUTER_TREND: Final = dict(zip(YEARS, (1.00, 1.00, 1.12, 1.22, 1.28, 1.33), strict=True))
_POPULATION_GROWTH: Final = 0.008
_SCHOOL_AGE_DECLINE: Final = 0.015
_MISSING_SURVEY_SHARE: Final = 0.015


def _spread_points(
    area: Polygon, count: int, rng: np.random.Generator
) -> list[tuple[float, float]]:
    """``count`` well-spread points inside ``area`` (farthest-point sampling)."""
    minx, miny, maxx, maxy = area.bounds
    candidates: list[tuple[float, float]] = []
    while len(candidates) < 40 * count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if area.contains(Point(x, y)):
            candidates.append((x, y))
    pts = np.array(candidates)
    chosen = [0]
    dist = np.hypot(*(pts - pts[0]).T)
    for _ in range(count - 1):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.hypot(*(pts - pts[nxt]).T))
    return [(round(pts[i, 0], 5), round(pts[i, 1], 5)) for i in chosen]


def _voronoi_cells(points: list[tuple[float, float]], area: Polygon) -> list[shapely.Geometry]:
    """Voronoi cells of ``points`` clipped to ``area``, in the order of ``points``."""
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=area.buffer(0.1), ordered=True)
    return [cell.intersection(area) for cell in cells.geoms]


def _tile(cells: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Rebuild nearly-tiling ``cells`` as an exact coverage on the ``GRID``.

    All cell boundaries are noded together with snap rounding and polygonized, so every shared
    edge has the same vertices on both sides; each face goes to the cell it overlaps most.
    """
    linework = shapely.union_all([cell.boundary for cell in cells], grid_size=GRID)
    faces = list(shapely.polygonize(list(shapely.get_parts(linework))).geoms)
    tree = shapely.STRtree(cells)
    owned: list[list[shapely.Geometry]] = [[] for _ in cells]
    for face in faces:
        candidates = tree.query(face, predicate="intersects")
        overlap = [cells[i].intersection(face).area for i in candidates]
        owned[int(candidates[int(np.argmax(overlap))])].append(face)
    return [shapely.union_all(parts, grid_size=GRID) for parts in owned]


def build_geometry(rng: np.random.Generator) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The 21 territories and their barrios/veredas, tiling the demo outline."""
    outline = Polygon(OUTLINE)
    seed_codes = [code for code, p in PROFILES.items() for _ in p.seeds]
    seed_points = [pt for p in PROFILES.values() for pt in p.seeds]
    coarse = _voronoi_cells(seed_points, outline)
    coarse_by_code = {
        code: shapely.union_all([c for c, k in zip(coarse, seed_codes, strict=True) if k == code])
        for code in PROFILES
    }

    unit_cells: list[shapely.Geometry] = []
    unit_codes: list[str] = []
    for code, profile in PROFILES.items():
        area = coarse_by_code[code]
        points = _spread_points(area, profile.units, rng)
        unit_cells.extend(_voronoi_cells(points, area))
        unit_codes.extend(f"{code}{i:02d}" for i in range(1, profile.units + 1))
    unit_cells = _tile(unit_cells)

    kinds = {t.code: t.kind for t in TERRITORIES}
    barrios = gpd.GeoDataFrame(
        {
            s.CODE: unit_codes,
            s.NAME: [
                f"{'Vereda' if kinds[c[:2]] == 'corregimiento' else 'Barrio'} demo {c}"
                for c in unit_codes
            ],
            s.KIND: ["vereda" if kinds[c[:2]] == "corregimiento" else "barrio" for c in unit_codes],
            s.TERRITORY: [c[:2] for c in unit_codes],
        },
        geometry=unit_cells,
        crs=s.CRS_WGS84,
    )
    territories = gpd.GeoDataFrame(
        {
            s.CODE: [t.code for t in TERRITORIES],
            s.NAME: [t.name for t in TERRITORIES],
            s.KIND: [t.kind for t in TERRITORIES],
        },
        geometry=[
            shapely.union_all(
                barrios.geometry[barrios[s.TERRITORY] == t.code].values, grid_size=GRID
            )
            for t in TERRITORIES
        ],
        crs=s.CRS_WGS84,
    )
    return territories, barrios


def _random_point_in(area: shapely.Geometry, rng: np.random.Generator) -> tuple[float, float]:
    minx, miny, maxx, maxy = area.bounds
    inner = area.buffer(-0.0004)  # keep sites ~40 m inside, clear of borders
    target = inner if not inner.is_empty else area
    while True:
        x, y = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
        if target.contains(Point(x, y)):
            return x, y


def _site_count(profile: DemoTerritory) -> int:
    return max(8, round(profile.population * profile.site_weight / 3_300))


def _choose_sector(deprivation: float, rng: np.random.Generator) -> str:
    p_oficial = 0.26 + 0.48 * deprivation
    p_contracted = 0.03 + 0.09 * deprivation
    return str(rng.choice(s.SECTORS, p=[p_oficial, 1 - p_oficial - p_contracted, p_contracted]))


def build_sites(
    territories: gpd.GeoDataFrame, barrios: gpd.GeoDataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """About 780 school sites, each at a point inside its territory.

    Territories with two núcleos split them by barrio (west and east of the territory's
    centre), so each núcleo is a union of whole barrios.
    """
    rows = []
    serial = 0
    nucleo_codes = _nucleo_codes()
    for territory in territories.itertuples():
        profile = PROFILES[territory.codigo]
        rural = territory.tipo == "corregimiento"
        centre_x = territory.geometry.centroid.x
        for j in range(1, _site_count(profile) + 1):
            serial += 1
            sector = _choose_sector(profile.deprivation, rng)
            lon, lat = _random_point_in(territory.geometry, rng)
            zone = "Rural" if rural and rng.random() < 0.8 else "Urbana"
            nucleos = nucleo_codes[territory.codigo]
            nucleo = nucleos[0]
            if len(nucleos) == 2:
                own = barrios[barrios[s.TERRITORY] == territory.codigo]
                barrio = own[own.contains(Point(lon, lat))].geometry.iloc[0]
                nucleo = nucleos[0] if barrio.centroid.x < centre_x else nucleos[1]
            prefix = {"Oficial": "I.E.", "No oficial": "Colegio", "Cobertura contratada": "Centro"}
            rows.append(
                {
                    # '99' never starts a real DANE code (1-4: sector, zone); 05001 = Medellín.
                    s.SITE_CODE: f"9905001{serial:05d}",
                    s.SITE_NAME: f"{prefix[sector]} Demo {territory.nombre} {j}",
                    s.SECTOR: sector,
                    s.ZONE: zone,
                    s.NUCLEO: nucleo,
                    s.DECLARED_TERRITORY: territory.codigo,
                    s.LATITUDE: lat,
                    s.LONGITUDE: lon,
                }
            )
    return pd.DataFrame(rows)


def _nucleo_codes() -> dict[str, tuple[str, ...]]:
    codes: dict[str, tuple[str, ...]] = {}
    number = 914
    for t in TERRITORIES:
        size = 2 if t.code in _SPLIT_NUCLEOS else 1
        codes[t.code] = tuple(str(number + i) for i in range(size))
        number += size
    return codes


def _base_enrolment(sector: str, zone: str, rng: np.random.Generator) -> float:
    median = {"Oficial": 740, "No oficial": 250, "Cobertura contratada": 420}[sector]
    if zone == "Rural":
        median *= 0.2
    return median * rng.lognormal(0, 0.35)


def build_site_years(sites: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Yearly counts per site, 2019-2024, internally consistent."""
    rows = []
    for site in sites.itertuples():
        profile = PROFILES[site.codigo_comuna]
        d = profile.deprivation
        public = site.sector != "No oficial"
        rural = site.zona == "Rural"
        base = _base_enrolment(site.sector, site.zona, rng)
        dropout_base = (0.016 + 0.034 * d) * (1.0 if public else 0.45) * (1.1 if rural else 1.0)
        dropout_base *= {"Cobertura contratada": 1.1}.get(site.sector, 1.0)
        no_internet_base = (0.30 + 0.45 * d + (0.12 if rural else 0)) if public else 0.05 + 0.2 * d
        no_computer_base = (0.42 + 0.40 * d + (0.10 if rural else 0)) if public else 0.08 + 0.2 * d
        per_computer = (12 + 20 * d) if public else (6 + 6 * d)
        per_computer *= rng.lognormal(0, 0.25)
        broadband_draw = rng.random()
        broadband_base = (0.80 - 0.45 * d) * (0.5 if rural else 1.0) + (0.0 if public else 0.15)
        site_noise = rng.lognormal(0, 0.3)
        for k, year in enumerate(YEARS):
            enrolled = max(15, round(base * _ENROLMENT_TREND[year] * rng.normal(1, 0.03)))
            p_dropout = min(0.5, dropout_base * _DROPOUT_CRISIS[year] * site_noise)
            p_internet = min(0.98, no_internet_base * _NO_INTERNET_TREND[year])
            p_computer = min(0.98, no_computer_base * _NO_COMPUTER_TREND[year])
            surveyed = rng.random() > _MISSING_SURVEY_SHARE
            rows.append(
                {
                    s.SITE_CODE: site.codigo_dane,
                    s.YEAR: year,
                    s.ENROLLED: enrolled,
                    # Students aged 5-16: over-age students are more common where it is harder.
                    s.ENROLLED_OFFICIAL_AGE: round(enrolled * (0.95 - 0.10 * d)),
                    s.DROPOUTS: int(rng.binomial(enrolled, p_dropout)),
                    s.NO_INTERNET: int(rng.binomial(enrolled, p_internet)) if surveyed else None,
                    s.NO_COMPUTER: int(rng.binomial(enrolled, p_computer)) if surveyed else None,
                    s.COMPUTERS: round(enrolled / per_computer * _COMPUTER_TREND[year]),
                    s.BROADBAND: int(broadband_draw < broadband_base + 0.05 * k),
                }
            )
    frame = pd.DataFrame(rows)
    for column in (s.NO_INTERNET, s.NO_COMPUTER):
        frame[column] = frame[column].astype("Int64")
    return frame


def build_population() -> pd.DataFrame:
    """Residents and residents aged 5-16 per territory and year."""
    rows = []
    for t in TERRITORIES:
        profile = PROFILES[t.code]
        school_age_share = 0.12 + 0.07 * profile.deprivation
        for k, year in enumerate(YEARS):
            total = profile.population * (1 + _POPULATION_GROWTH) ** k
            share = school_age_share * (1 - _SCHOOL_AGE_DECLINE) ** k
            rows.append(
                {
                    s.CODE: t.code,
                    s.NAME: t.name,
                    s.YEAR: year,
                    s.POPULATION: round(total),
                    s.POPULATION_5_16: round(total * share),
                }
            )
    return pd.DataFrame(rows)


def _feature_collection(frame: gpd.GeoDataFrame, name: str) -> str:
    """Deterministic RFC 7946 GeoJSON text (no timestamps, fixed key order)."""
    features = []
    for row in frame.itertuples(index=False):
        props = {c: getattr(row, c) for c in frame.columns if c != "geometry"}
        geom = shapely.geometry.mapping(shapely.orient_polygons(row.geometry))
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    collection = {"type": "FeatureCollection", "name": name, "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return text + "\n"


def write_demo(directory: Path = DEMO_DIR) -> dict[str, Path]:
    """Generate the demo city into ``directory``; returns the written paths."""
    rng = np.random.default_rng(SEED)
    territories, barrios = build_geometry(rng)
    sites = build_sites(territories, barrios, rng)
    site_years = build_site_years(sites, rng)
    population = build_population()
    # Issue 16: the figures per education level, from their own generator.
    deprivation = {code: profile.deprivation for code, profile in PROFILES.items()}
    levels_rng = np.random.default_rng([SEED, 16])
    site_years = site_years.join(build_level_years(sites, site_years, deprivation, levels_rng))
    population = population.join(split_population_by_level(population, deprivation))
    men = build_men_statistics(site_years, population, np.random.default_rng([SEED, 16, 1]))
    # Issue 26: a home-connectivity programme with a known effect on the treated sites'
    # dropout, drawn last from its own generator so every other number keeps its value.
    site_years, treated = intervention.apply_intervention(
        sites, site_years, np.random.default_rng([SEED, 26])
    )

    directory.mkdir(parents=True, exist_ok=True)
    paths = {key: directory / name for key, name in FILES.items()}
    paths["territories"].write_text(_feature_collection(territories, "territorios"), "utf-8")
    paths["barrios"].write_text(_feature_collection(barrios, "barrios_veredas"), "utf-8")
    csv_options = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}
    sites.to_csv(paths["sites"], float_format="%.6f", **csv_options)
    site_years.to_csv(paths["site_years"], **csv_options)
    population.to_csv(paths["population"], **csv_options)
    # Red escolar (issue 18): population by age group per barrio, from its own generator.
    from geo.synthetic.network import build_barrio_population

    barrio_population = build_barrio_population(
        barrios,
        {code: (p.population, p.deprivation) for code, p in PROFILES.items()},
        seed=SEED,
        growth=_POPULATION_GROWTH,
        school_age_decline=_SCHOOL_AGE_DECLINE,
    )
    barrio_population.to_csv(paths["barrio_population"], **csv_options)
    men.to_csv(paths["benchmark"], float_format="%.2f", **csv_options)
    treated.to_csv(paths["intervention"], **csv_options)
    return paths
