"""Small hand-built cities for tests of the maths: square territories on a lattice, sites with
counts chosen so that every expected number can be worked out on paper.

A test describes its city as ``{(territory code, year): [(enrolled, dropouts, ...), ...]}``
(one tuple per site) and gets a ``Dataset`` shaped like the ones ``geo.io.ingest`` builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from geo.io.ingest import build_facts
from geo.model import schema as s
from geo.model.dataset import Dataset

# The site columns a test gives, in this order (missing trailing values are NA).
COUNTS = (s.ENROLLED, s.DROPOUTS, s.NO_INTERNET, s.COMPUTERS, s.BROADBAND)


def code(row: int, col: int) -> str:
    """The territory at ``row``, ``col`` of the lattice: ``"0304"``."""
    return f"{row:02d}{col:02d}"


def lattice(rows: int, cols: int) -> list[tuple[str, object]]:
    """Unit squares side by side: (code, square); queen neighbours are the 8 around a cell."""
    return [(code(r, c), box(c, -r - 1, c + 1, -r)) for r in range(rows) for c in range(cols)]


def city(
    squares: Sequence[tuple[str, object]],
    sites: Mapping[tuple[str, int], Sequence[Sequence[float | None]]],
    population: Mapping[tuple[str, int], float] | None = None,
    barrios: Sequence[tuple[str, str, object]] | None = None,
    homes: Mapping[str, str] | None = None,
) -> Dataset:
    """A dataset of territories ``squares`` whose sites have the given counts per year.

    A site is the same school every year: the n-th tuple of a territory is site ``<code>-n``.
    Sites sit at the centre of their territory, or of their barrio: ``barrios`` are (code,
    territory, shape), and ``homes`` maps a site to its barrio (by default a territory's sites
    go to its barrios in turn). ``population`` gives ``poblacion_5_16`` per territory and year.
    """
    territories = gpd.GeoDataFrame(
        {s.CODE: [c for c, _ in squares], s.NAME: [f"T{c}" for c, _ in squares]},
        geometry=[g for _, g in squares],
        crs=s.CRS_WGS84,
    )
    units = {c: [(c, g)] for c, g in squares}
    if barrios is not None:
        units = {c: [(b, g) for b, t, g in barrios if t == c] or [("", None)] for c, _ in squares}
    shapes = dict(squares)
    site_rows, year_rows = {}, []
    for (territory, year), counts in sites.items():
        for n, values in enumerate(counts):
            site = f"{territory}-{n}"
            barrio, shape = units[territory][n % len(units[territory])]
            if homes and site in homes:
                barrio, shape = next((b, g) for b, _, g in barrios if b == homes[site])
            centre = (shape if shape is not None else shapes[territory]).centroid
            site_rows[site] = {
                s.SITE_CODE: site,
                s.SITE_NAME: f"Sede {site}",
                s.SECTOR: "Oficial" if n % 2 == 0 else "No oficial",
                s.ZONE: "Urbana",
                s.TERRITORY: territory,
                s.BARRIO: barrio or None,
                "geometry": Point(centre.x, centre.y),
            }
            padded = list(values) + [None] * (len(COUNTS) - len(values))
            given = dict(zip(COUNTS, padded, strict=True))
            year_rows.append({s.SITE_CODE: site, s.YEAR: year, **given})
    table = pd.DataFrame(list(site_rows.values()))
    for column in (s.TERRITORY, s.BARRIO):
        table[column] = table[column].astype("string")
    site_frame = gpd.GeoDataFrame(table, geometry="geometry", crs=s.CRS_WGS84)
    counts = pd.DataFrame(year_rows)
    for column in COUNTS:
        counts[column] = pd.array(counts[column], dtype="Float64")
    pop = None
    if population is not None:
        pop = pd.DataFrame(
            [
                {s.CODE: c, s.YEAR: y, s.POPULATION: 10 * p, s.POPULATION_5_16: p}
                for (c, y), p in population.items()
            ]
        )
    barrio_frame = None
    if barrios is not None:
        barrio_frame = gpd.GeoDataFrame(
            {
                s.CODE: [b for b, _, _ in barrios],
                s.NAME: [f"B{b}" for b, _, _ in barrios],
                s.TERRITORY: [t for _, t, _ in barrios],
            },
            geometry=[g for _, _, g in barrios],
            crs=s.CRS_WGS84,
        )
    return Dataset(
        id="tiny",
        label="Tiny city",
        is_demo=False,
        territories=territories,
        barrios=barrio_frame,
        sites=site_frame,
        facts=build_facts(site_frame, counts),
        population=pop,
    )
