"""Demand to the horizon year, seats on offer and the gap between them (issue 18).

Microplanning's projection stage (IIEP school mapping): for each area, education level and
year up to the horizon,

* **school-age population** of the level's official ages (``poblacion_6_10`` for primaria);
  where a row gives only the total population, it is split by the city's age structure (the
  share of each age group in the total, that year or the latest year known) and said so;
* **seats needed** = that population × a target net coverage (by default the city's current
  net coverage of the level; a goal such as 1.0 for 100 %);
* **seats offered** = the sites' declared seats of the level (``cupos_primaria``) where the
  school table gives them, otherwise their current enrolment of the level (said so), summed
  over the sites in the area; held at the base year's value (no new schools are assumed);
* **gap** = needed − offered: positive is a deficit (children without a seat), negative a
  surplus; the **deficit year** is the first year the gap is positive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from geo.errors import DataError
from geo.model import schema as s
from geo.model.agesplit import SPLIT
from geo.model.agesplit import split_by_age_structure as split_age_groups
from geo.model.dataset import Dataset
from geo.model.messages import Msg, msg

DEFAULT_HORIZON: Final = 2030
OFFICIAL_SECTOR: Final = "Oficial"
SITE_CHOICES: Final = ("all", "official")  # which sites count: all, or the official ones only
GEO_LEVELS: Final = ("territorio", "barrio")

# Columns of the result tables.
POPULATION: Final = "poblacion_nivel"  # school-age population of the level's official ages
NEEDED: Final = "cupos_necesarios"
OFFERED: Final = "cupos_ofrecidos"
GAP: Final = "deficit"  # needed - offered; > 0 is a deficit, < 0 a surplus
DEFICIT_YEAR: Final = "anio_deficit"  # the first year the gap is positive (NA: none)
# "cupos" (declared seats), "matricula" (enrolment instead) or "cupos+matricula" (some of each)
SEAT_SOURCE: Final = "fuente_cupos"
SITES: Final = "sedes_nivel"  # sites that offer the level in the area


def population_column(level: str) -> str:
    """``poblacion_6_10`` for primaria: the level's official-age population."""
    return s.at_level(s.POPULATION_5_16, level)


def level_columns() -> tuple[str, ...]:
    """The four age-group columns, transición to media."""
    return tuple(population_column(level) for level in s.EDUCATION_LEVELS)


def with_age_groups(population: pd.DataFrame) -> pd.DataFrame:
    """``population`` with the four age-group columns, summed from single ages where needed.

    Single ages may come as ``poblacion_7`` or ``edad_7`` (5 to 16); a group column already
    given wins. ``poblacion_5`` is both the single age and transición's group."""
    frame = population.copy()
    for level in s.EDUCATION_LEVELS:
        column = population_column(level)
        low, high = s.LEVEL_AGES[level]
        singles = []
        for age in range(low, high + 1):
            for name in (f"poblacion_{age}", f"edad_{age}"):
                if name in frame and name != column:
                    singles.append(name)
                    break
            else:
                singles = []
                break
        if column not in frame and singles and len(singles) == high - low + 1:
            frame[column] = frame[singles].sum(axis=1, min_count=len(singles))
    return frame


def city_age_shares(population: pd.DataFrame) -> dict[int, dict[str, float]]:
    """Per year, each age group's share of the total population, over the rows that give both
    the total and the group (the city's age structure)."""
    if s.POPULATION not in population:
        return {}
    shares: dict[int, dict[str, float]] = {}
    for column in (c for c in level_columns() if c in population):
        complete = population.dropna(subset=[s.POPULATION, column])
        complete = complete[complete[s.POPULATION] > 0]
        for year, rows in complete.groupby(s.YEAR):
            share = float(rows[column].sum()) / float(rows[s.POPULATION].sum())
            shares.setdefault(int(year), {})[column] = share
    return shares


def split_by_age_structure(
    population: pd.DataFrame, shares: dict[int, dict[str, float]]
) -> pd.DataFrame:
    """Fill each level's missing age group from the total × the city's share of that group
    that year (or the nearest year known: :func:`geo.model.agesplit.split_by_age_structure`).
    Adds ``SPLIT``: True on the rows where any group was filled."""
    return split_age_groups(population, shares, level_columns())


def site_seats(facts: pd.DataFrame, level: str, year: int, sites: str = "all") -> pd.DataFrame:
    """Seats of ``level`` per site in ``year``: declared capacity where given, else current
    enrolment of the level (``SEAT_SOURCE`` says which). Only the sites that offer the level
    (seats or enrolment > 0); ``sites="official"`` keeps the official ones.

    Raises ``ValueError`` when the table has neither seats nor enrolment by level.
    """
    capacity = s.at_level(s.CAPACITY, level)
    enrolled = s.at_level(s.ENROLLED, level)
    if capacity not in facts and enrolled not in facts:
        raise ValueError(f"no {capacity} or {enrolled} column: the level's seats are unknown")
    rows = facts[(facts[s.YEAR] == year) & facts[s.SITE_CODE].notna()]
    if sites == "official" and s.SECTOR in rows:
        rows = rows[rows[s.SECTOR] == OFFICIAL_SECTOR]
    declared = _numbers(rows, capacity)
    current = _numbers(rows, enrolled)
    seats = declared.where(declared.notna() & (declared > 0), current)
    source = np.where(declared.notna() & (declared > 0), "cupos", "matricula")
    keep = [c for c in (s.SITE_CODE, s.TERRITORY, s.BARRIO, s.SECTOR) if c in rows]
    out = rows[keep].copy()
    out[OFFERED] = seats.to_numpy()
    out[SEAT_SOURCE] = source
    offers = (declared.fillna(0) > 0) | (current.fillna(0) > 0)
    return out[offers.to_numpy()].reset_index(drop=True)


def _numbers(rows: pd.DataFrame, column: str) -> pd.Series:
    if column not in rows:
        return pd.Series(np.nan, index=rows.index, dtype=float)
    return pd.to_numeric(rows[column], errors="coerce").astype(float)


def current_coverage(
    facts: pd.DataFrame, population: pd.DataFrame, level: str, year: int
) -> tuple[float | None, str]:
    """The city's net coverage of ``level`` in ``year``: official-age enrolment over the
    official-age population; gross coverage (all ages) when enrolment by age is missing.
    Returns the rate (None when it cannot be computed) and ``"net"`` or ``"gross"``."""
    pop = population.loc[population[s.YEAR] == year, population_column(level)].sum(min_count=1)
    if pd.isna(pop) or pop <= 0:
        return None, "net"
    rows = facts[facts[s.YEAR] == year]
    for column, kind in (
        (s.at_level(s.ENROLLED_OFFICIAL_AGE, level), "net"),
        (s.at_level(s.ENROLLED, level), "gross"),
    ):
        if column in rows and rows[column].notna().any():
            return float(pd.to_numeric(rows[column], errors="coerce").sum()) / float(pop), kind
    return None, "net"


def demand(population: pd.DataFrame, level: str, target: float) -> pd.DataFrame:
    """Seats needed per area and year: the level's population × ``target`` coverage."""
    column = population_column(level)
    out = population[[s.CODE, s.YEAR]].copy()
    out[POPULATION] = population[column].astype(float).to_numpy()
    out[NEEDED] = out[POPULATION] * target
    out[SPLIT] = population[SPLIT].to_numpy() if SPLIT in population else False
    return out


def gap_by_year(needed: pd.DataFrame, offered: pd.Series) -> pd.DataFrame:
    """``needed`` (area, year) with the area's seats offered (0 where it has no site) and the
    gap, needed − offered: positive is a deficit."""
    out = needed.copy()
    out[OFFERED] = out[s.CODE].map(offered).fillna(0.0).astype(float)
    out[GAP] = out[NEEDED] - out[OFFERED]
    return out


def deficit_years(gaps: pd.DataFrame) -> pd.Series:
    """Per area, the first year whose gap is positive; NA where there is none."""
    short = gaps[gaps[GAP] > 0]
    first = short.groupby(s.CODE)[s.YEAR].min()
    codes = pd.Index(gaps[s.CODE].unique())
    return first.reindex(codes).astype("Int64")


@dataclass(frozen=True)
class Projection:
    """The projection of one level for one level of areas, to ``horizon``.

    ``areas`` has one row per area (``CODE``, ``NAME``, the horizon year's ``POPULATION``,
    ``NEEDED``, ``OFFERED``, ``GAP``, ``DEFICIT_YEAR``, ``SITES``, ``SEAT_SOURCE``, ``SPLIT``);
    ``years`` the same per area and year, from ``base_year`` to ``horizon``.
    """

    education_level: str
    geo_level: str
    horizon: int
    base_year: int
    target: float
    coverage: float | None  # the city's current coverage of the level (base year)
    coverage_kind: str  # "net" or "gross" (when enrolment by age is missing)
    target_is_current: bool
    sites: str
    areas: pd.DataFrame
    years: pd.DataFrame
    notes: tuple[Msg, ...] = field(default_factory=tuple)


def projection_population(dataset: Dataset, geo_level: str) -> pd.DataFrame | None:
    """Population per area (``CODE``) and year with the four age groups (split from the
    total where missing, ``SPLIT`` says where), from the barrio population when the dataset
    has it (summed per territory for territories), else the territory population."""
    frames = [f for f in (dataset.barrio_population, dataset.population) if f is not None]
    shares: dict[int, dict[str, float]] = {}
    for frame in frames:  # the finest table that gives the structure wins, year by year
        shares = {**city_age_shares(with_age_groups(frame)), **shares}
    barrio = dataset.barrio_population
    if barrio is not None:
        frame = with_age_groups(barrio).rename(columns={s.BARRIO: s.CODE})
        if geo_level == "territorio":
            frame = _by_territory(frame, dataset)
    elif geo_level == "barrio" or dataset.population is None:
        return None
    else:
        frame = with_age_groups(dataset.population)
    return split_by_age_structure(frame, shares)


def _by_territory(barrio_rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    if dataset.barrios is not None and s.TERRITORY in dataset.barrios:
        owner = dict(
            zip(dataset.barrios[s.CODE].astype(str), dataset.barrios[s.TERRITORY], strict=True)
        )
        territory = barrio_rows[s.CODE].astype(str).map(owner)
    else:
        territory = barrio_rows[s.CODE].astype(str).str[:2]
    columns = [c for c in (s.POPULATION, *level_columns()) if c in barrio_rows]
    grouped = barrio_rows.assign(**{s.CODE: territory.to_numpy()}).dropna(subset=[s.CODE])
    return grouped.groupby([s.CODE, s.YEAR], as_index=False)[columns].sum(min_count=1)


def project(
    dataset: Dataset,
    education_level: str,
    *,
    geo_level: str = "territorio",
    horizon: int = DEFAULT_HORIZON,
    target: float | None = None,
    sites: str = "all",
) -> Projection:
    """Demand, seats and gap per area of ``geo_level`` for ``education_level`` to ``horizon``.

    Parameters
    ----------
    dataset : Dataset
        Its facts must give seats (``cupos_<level>``) or enrolment (``matricula_<level>``) per
        site; its population (territories) or barrio population must reach ``horizon``.
    education_level : {"transicion", "primaria", "secundaria", "media"}
    geo_level : {"territorio", "barrio"}
    horizon : int
        The last year projected; the first is the latest year of the school table.
    target : float, optional
        Net coverage to plan for (1.0 = every child of the official ages); by default the
        city's current coverage of the level.
    sites : {"all", "official"}
        Which sites' seats count.

    Raises
    ------
    DataError
        When the population does not reach ``horizon`` or seats are unknown.
    """
    if education_level not in s.LEVEL_AGES:
        raise ValueError(
            f"Unknown education level {education_level!r}; valid: {', '.join(s.EDUCATION_LEVELS)}."
        )
    if geo_level not in GEO_LEVELS:
        raise ValueError(f"Unknown geographic level {geo_level!r}; valid: {', '.join(GEO_LEVELS)}.")
    if sites not in SITE_CHOICES:
        raise ValueError(f"Unknown sites choice {sites!r}; valid: {', '.join(SITE_CHOICES)}.")
    population = projection_population(dataset, geo_level)
    if population is None:
        raise DataError(msg("network_no_population", level=geo_level), "", msg("network_fix"))
    base_year = school_year(dataset, education_level)
    last = int(population[s.YEAR].max())
    if horizon > last or horizon < base_year:
        raise DataError(
            msg("network_horizon", horizon=horizon, first=base_year, last=last),
            "",
            msg("network_fix"),
        )
    try:
        seats = site_seats(dataset.facts, education_level, base_year, sites)
    except ValueError:
        column = s.at_level(s.CAPACITY, education_level)
        raise DataError(
            msg("network_no_seats", column=column), "", msg("network_seats_fix")
        ) from None
    city_population = population if geo_level == "territorio" else _city(population)
    coverage, kind = current_coverage(dataset.facts, city_population, education_level, base_year)
    target_is_current = target is None
    if target is None:
        target = coverage if coverage is not None else 1.0
    key = s.TERRITORY if geo_level == "territorio" else s.BARRIO
    offered = seats.groupby(key)[OFFERED].sum()
    counts = seats.groupby(key)[s.SITE_CODE].nunique()
    sources = seats.groupby(key)[SEAT_SOURCE].agg(lambda v: "+".join(sorted(set(v))))
    span = population[(population[s.YEAR] >= base_year) & (population[s.YEAR] <= horizon)]
    ages = population_column(education_level)
    if not span[ages].notna().any():  # never a need of 0 seats for want of the ages
        low, high = s.LEVEL_AGES[education_level]
        raise DataError(
            msg("network_no_level_population", low=low, high=high), "", msg("network_fix")
        )
    gaps = gap_by_year(demand(span, education_level, target), offered)
    first = deficit_years(gaps)
    at_horizon = gaps[gaps[s.YEAR] == horizon].set_index(s.CODE)
    names = _names(dataset, geo_level)
    areas = names.merge(
        at_horizon[[POPULATION, NEEDED, OFFERED, GAP, SPLIT]],
        left_on=s.CODE,
        right_index=True,
        how="left",
    )
    areas[OFFERED] = areas[s.CODE].map(offered).fillna(0.0).astype(float)
    areas[DEFICIT_YEAR] = areas[s.CODE].map(first).astype("Int64")
    areas[SITES] = areas[s.CODE].map(counts).fillna(0).astype(int)
    areas[SEAT_SOURCE] = areas[s.CODE].map(sources)
    notes = []
    if bool(gaps[SPLIT].any()):
        notes.append(msg("network_split"))
    if (seats[SEAT_SOURCE] == "matricula").any():
        notes.append(msg("network_enrolment_as_seats"))
    if kind == "gross" and target_is_current:
        notes.append(msg("network_gross_coverage"))
    return Projection(
        education_level=education_level,
        geo_level=geo_level,
        horizon=horizon,
        base_year=base_year,
        target=float(target),
        coverage=coverage,
        coverage_kind=kind,
        target_is_current=target_is_current,
        sites=sites,
        areas=areas.reset_index(drop=True),
        years=gaps.sort_values([s.CODE, s.YEAR]).reset_index(drop=True),
        notes=tuple(notes),
    )


def _city(population: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in (s.POPULATION, *level_columns()) if c in population]
    return population.groupby(s.YEAR, as_index=False)[columns].sum(min_count=1)


def _names(dataset: Dataset, geo_level: str) -> pd.DataFrame:
    areas = dataset.territories if geo_level == "territorio" else dataset.barrios
    return pd.DataFrame({s.CODE: areas[s.CODE].astype(str), s.NAME: areas[s.NAME].astype(str)})


def projection_years(dataset: Dataset) -> tuple[int, ...]:
    """The horizons a projection of ``dataset`` can take: from its latest school year to the
    last year its population reaches (empty when it has no population). Worked out once per
    dataset: the population it reads took 0.13 s to prepare on every run of Red escolar."""

    def make() -> tuple[int, ...]:
        population = projection_population(dataset, "territorio")
        if population is None or not dataset.years:
            return ()
        base = school_year(dataset)
        return tuple(range(base, int(population[s.YEAR].max()) + 1))

    return dataset.once(("projection_years",), make)


def school_year(dataset: Dataset, education_level: str = "") -> int:
    """The year projections and distances start from: the latest with enrolment (of
    ``education_level``, else of any level), never a later year holding sites only (official
    data date their sites layer by its download)."""
    levels = (education_level,) if education_level else ("", *s.EDUCATION_LEVELS)
    years = [y for level in levels for y in dataset.indicator_years("enrollment", level)]
    return max(years or dataset.years)


def project_once(
    dataset: Dataset,
    level: str,
    *,
    geo_level: str,
    horizon: int,
    target: float | None,
    sites: str,
) -> Projection:
    """:func:`project`, computed once per dataset and inputs (``Dataset.remember``): the Red
    escolar's reruns reuse it."""
    key = ("red_escolar", level, geo_level, horizon, target, sites)
    return dataset.remember(
        key,
        lambda: project(
            dataset, level, geo_level=geo_level, horizon=horizon, target=target, sites=sites
        ),
    )
