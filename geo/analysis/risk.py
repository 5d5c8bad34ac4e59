"""The dropout-risk index by school site (issue 16): which sites, by their own recent history,
are most likely to lose students next year.

It ranks **school sites, not students**: a site's index says that its students, taken
together, have had more dropout, failure, over-age and lack of internet or a computer at home
than the other sites of the city that year. It says nothing about any one student.

How it is made, for a year *t*:

1. Each component (:data:`COMPONENTS`) is a rate of the site's own counts: dropout over the
   last up-to-3 years ending in *t* (Σ dropouts / Σ enrolment over those years, so that one
   unusual year weighs less), failure, over-age and the share without internet or a computer
   at home in *t*.
2. A component the data does not have in *t* (no site reports it) is dropped and the weights
   of the others are rescaled to sum to 1; the result says which were used (``attrs``).
3. Each rate is turned into a percentile score over the sites ranked that year:
   ``(rank - 1) / (n - 1)``, 0 for the lowest rate and 1 for the highest, ties sharing the
   mean rank. A percentile is robust to a few extreme rates (a small site with 3 dropouts out
   of 10) and puts components measured on very different scales on one footing.
4. The index is ``100 × Σ weight × score``, from 0 to 100. Sites with no enrolment in *t* are
   not ranked; a site lacking a component that the others have gets no index (it is listed
   last), rather than an index made of fewer parts than its neighbours'.
5. Sites are ranked by index, ties broken by DANE code, so the order never depends on the
   order of the rows. The top 20 % (rounded up) are band ``alto``, the next 30 % ``medio``,
   the rest ``bajo``.

:func:`with_risk` turns the band into a count that aggregates like any other, the enrolment of
the high-risk sites (``schema.ENROLLED_HIGH_RISK``), so a territory's share of enrolment in
high-risk sites is ``Σ matricula_riesgo_alto / Σ matricula``. :func:`validate` checks the
index against what came next: the index of *t* against dropout in *t + 1*.

Everything is computed on a site × year grid of numpy arrays: the demo city (787 sites × 6
years) takes a few milliseconds for every year at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import pandas as pd

from geo.analysis.aggregate import Filters, filter_facts
from geo.analysis.zones import area_kinds
from geo.model import schema as s
from geo.model.dataset import Dataset
from geo.model.view import ZONE_KIND


@dataclass(frozen=True)
class Component:
    """One part of the index: ``Σ numerator / Σ denominator`` of the site over the ``window``
    years ending in the year (1: the year alone), with its default ``weight``."""

    id: str
    name: dict[str, str]
    numerator: str
    denominator: str
    window: int
    weight: float


COMPONENTS: Final = (
    Component(
        "dropout",
        {"es": "Deserción (últimos 3 años)", "en": "Dropout (last 3 years)"},
        s.DROPOUTS,
        s.ENROLLED,
        3,
        0.4,
    ),
    Component("failed", {"es": "Reprobación", "en": "Failure"}, s.FAILED, s.ENROLLED, 1, 0.2),
    Component("overage", {"es": "Extraedad", "en": "Over-age"}, s.OVERAGE, s.ENROLLED, 1, 0.2),
    Component(
        "no_internet",
        {"es": "Sin internet en casa", "en": "No internet at home"},
        s.NO_INTERNET,
        s.ENROLLED,
        1,
        0.1,
    ),
    Component(
        "no_computer",
        {"es": "Sin computador en casa", "en": "No computer at home"},
        s.NO_COMPUTER,
        s.ENROLLED,
        1,
        0.1,
    ),
)
BY_ID: Final = {c.id: c for c in COMPONENTS}
DEFAULT_WEIGHTS: Final = {c.id: c.weight for c in COMPONENTS}
HIGH: Final = "alto"
# Each band and the share of the ranked sites up to its end, counted from the top.
BANDS: Final = ((HIGH, 0.2), ("medio", 0.5), ("bajo", 1.0))
BAND_NAMES: Final = {
    "alto": {"es": "Alto", "en": "High"},
    "medio": {"es": "Medio", "en": "Medium"},
    "bajo": {"es": "Bajo", "en": "Low"},
}
NORMALISATION: Final = {
    "es": "Rango percentil entre las sedes del año: (rango − 1) / (n − 1), de 0 (la tasa más "
    "baja) a 1 (la más alta); los empates comparten el rango medio.",
    "en": "Percentile rank among the year's sites: (rank − 1) / (n − 1), from 0 (the lowest "
    "rate) to 1 (the highest); ties share the mean rank.",
}
INDEX: Final = "index"
RANK: Final = "rank"
BAND: Final = "band"


@dataclass(frozen=True)
class _Grid:
    """The facts' site rows as one array per column, sites × years (NaN where missing)."""

    sites: np.ndarray  # DANE codes, sorted
    years: np.ndarray  # sorted
    columns: dict[str, np.ndarray]
    rows: tuple[np.ndarray, np.ndarray, np.ndarray]  # facts row positions -> (site, year)

    def rate(self, component: Component) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(numerator, denominator, rate) of ``component`` for every site and year: sums
        over the years of the window in which the site reports both counts."""
        numerator = self.columns[component.numerator]
        denominator = self.columns[component.denominator]
        valid = ~np.isnan(numerator) & ~np.isnan(denominator)
        low = self.years[:, None] - component.window + 1
        window = ((self.years[None, :] >= low) & (self.years[None, :] <= self.years[:, None])).T
        num = np.where(valid, numerator, 0.0) @ window
        den = np.where(valid, denominator, 0.0) @ window
        reported = (valid.astype(float) @ window) > 0
        num, den = np.where(reported, num, np.nan), np.where(reported, den, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num, den, np.where(den > 0, num / den, np.nan)


def _grid(facts: pd.DataFrame) -> _Grid:
    """The columns the index uses on a site × year grid (one row per site and year, as
    ``Dataset.facts`` has them; of a repeated site and year, the last row counts)."""
    needed = {s.ENROLLED, *(c.numerator for c in COMPONENTS), *(c.denominator for c in COMPONENTS)}
    present = [c for c in needed if c in facts]
    positions = np.flatnonzero(facts[s.SITE_CODE].notna().to_numpy())
    rows = facts[[s.SITE_CODE, s.YEAR, *present]].iloc[positions]  # only the columns used
    site_of, sites = pd.factorize(rows[s.SITE_CODE].astype(str).to_numpy(), sort=True)
    year_of, years = pd.factorize(rows[s.YEAR].astype(int).to_numpy(), sort=True)
    columns = {}
    for column in present:
        grid = np.full((len(sites), len(years)), np.nan)
        grid[site_of, year_of] = rows[column].to_numpy(dtype=float, na_value=np.nan)
        columns[column] = grid
    for column in needed - set(present):
        columns[column] = np.full((len(sites), len(years)), np.nan)
    return _Grid(
        np.asarray(sites, dtype=object), np.asarray(years), columns, (positions, site_of, year_of)
    )


def _weights(given: dict[str, float] | None) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS if given is None else given)
    unknown = set(weights) - set(BY_ID)
    if unknown:
        raise ValueError(
            f"Unknown risk component(s) {', '.join(sorted(unknown))}; valid: {', '.join(BY_ID)}."
        )
    return {c: float(w) for c, w in weights.items() if float(w) > 0}


@dataclass(frozen=True)
class _Year:
    """One year's result on the grid's sites (arrays aligned with ``_Grid.sites``)."""

    listed: np.ndarray  # bool: the site has enrolment in the year
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # num, den, rate, sc
    index: np.ndarray
    rank: np.ndarray  # 1.. for sites with an index, 0 otherwise
    band: np.ndarray  # object: band name or None
    weights: dict[str, float]
    dropped: tuple[str, ...]


def _year(grid: _Grid, rates: dict[str, tuple], j: int, weights: dict[str, float]) -> _Year:
    enrolled = grid.columns[s.ENROLLED][:, j]
    listed = enrolled > 0  # NaN compares False
    used = {c: w for c, w in weights.items() if (listed & ~np.isnan(rates[c][2][:, j])).any()}
    dropped = tuple(c.id for c in COMPONENTS if c.id not in used)
    total = sum(used.values())
    used = {c: w / total for c, w in used.items()} if total else {}
    complete = listed.copy()
    for c in used:
        complete &= ~np.isnan(rates[c][2][:, j])
    if not used:
        complete[:] = False
    m = int(complete.sum())
    index = np.full(len(grid.sites), np.nan)
    parts = {}
    if m:
        index[complete] = 0.0
    for c, w in used.items():
        num, den, rate = (a[:, j] for a in rates[c])
        score = np.full(len(grid.sites), np.nan)
        ranks = pd.Series(rate[complete]).rank(method="average").to_numpy()
        score[complete] = (ranks - 1) / (m - 1) if m > 1 else 0.5
        parts[c] = (num, den, rate, score)
        index[complete] += 100 * w * score[complete]
    # Rounded before ranking, so that equal indices summed in another order (last-bit noise)
    # still tie and are ordered by DANE code.
    order = np.lexsort((grid.sites, -np.round(np.nan_to_num(index, nan=-np.inf), 9)))
    rank = np.zeros(len(grid.sites), dtype=int)
    ranked = order[complete[order]]
    rank[ranked] = np.arange(1, m + 1)
    band = np.full(len(grid.sites), None, dtype=object)
    start = 0
    for name, share in BANDS:
        end = math.ceil(round(share * m, 9))
        band[ranked[start:end]] = name
        start = max(start, end)
    return _Year(listed, parts, index, rank, band, used, dropped)


def _rates(grid: _Grid, weights: dict[str, float]) -> dict[str, tuple]:
    return {c: grid.rate(BY_ID[c]) for c in weights}


def site_risk(
    facts: pd.DataFrame, year: int, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """The index of every site with enrolment in ``year``, best ranked first.

    Parameters
    ----------
    facts : DataFrame
        One row per site and year (``Dataset.facts``); rows without a DANE code (a
        territory's own counts) are ignored.
    year : int
    weights : dict of component id to weight, optional
        :data:`DEFAULT_WEIGHTS` by default; rescaled over the components present.

    Returns
    -------
    DataFrame, one row per site: its DANE code and the site's other text columns (name,
    territory, sector, zone, núcleo...) and coordinates as ``facts`` has them, ``matricula``
    in ``year``; per component used, its rate (``dropout``), numerator (``dropout_num``),
    denominator (``dropout_den``, the n) and percentile score (``dropout_score``); ``index``
    (0-100), ``rank`` (1 is the highest risk) and ``band`` (``alto``, ``medio``, ``bajo``).
    Sites without an index come last, by code, with ``index`` NaN and no rank or band.
    ``attrs["weights"]`` holds the components used with their rescaled weights and
    ``attrs["dropped"]`` those left out.
    """
    weights_ = _weights(weights)
    grid = _grid(facts)
    years = list(grid.years)
    if year not in years:
        result = _table(facts, grid, None, year)
        result.attrs.update(weights={}, dropped=tuple(BY_ID))
        return result
    computed = _year(grid, _rates(grid, weights_), years.index(year), weights_)
    return _table(facts, grid, computed, year)


def _table(facts: pd.DataFrame, grid: _Grid, year_: _Year | None, year: int) -> pd.DataFrame:
    attributes = [
        c
        for c, dtype in facts.dtypes.items()
        if c in (s.LATITUDE, s.LONGITUDE)
        or (c not in (s.YEAR, s.SITE_CODE) and not pd.api.types.is_numeric_dtype(dtype))
    ]
    if year_ is None:
        return pd.DataFrame(columns=[s.SITE_CODE, *attributes, s.ENROLLED, INDEX, RANK, BAND])
    j = list(grid.years).index(year)
    keep = np.flatnonzero(year_.listed)
    rank = year_.rank[keep]
    keep = keep[np.lexsort((grid.sites[keep], rank, rank == 0))]
    # The sites' rows of the year, in the table's order (one row per site and year).
    positions, site_of, year_of = grid.rows
    row_of = np.full(len(grid.sites), -1)
    in_year = year_of == j
    row_of[site_of[in_year]] = positions[in_year]
    rows = facts[attributes].iloc[row_of[keep]]
    columns: dict[str, object] = {s.SITE_CODE: grid.sites[keep]}
    columns.update({c: rows[c].array for c in attributes})
    columns[s.ENROLLED] = grid.columns[s.ENROLLED][keep, j]
    for c, (num, den, rate, score) in year_.parts.items():
        columns.update(
            {c: rate[keep], f"{c}_num": num[keep], f"{c}_den": den[keep], f"{c}_score": score[keep]}
        )
    columns[INDEX] = year_.index[keep]
    ranks = year_.rank[keep]
    columns[RANK] = pd.array(np.where(ranks > 0, ranks, 0), dtype="Int64")
    columns[BAND] = pd.array(year_.band[keep], dtype="string")
    table = pd.DataFrame(columns)
    table.loc[ranks == 0, RANK] = pd.NA
    table.attrs.update(weights=dict(year_.weights), dropped=year_.dropped)
    return table


def with_risk(facts: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """``facts`` with ``schema.ENROLLED_HIGH_RISK``: a site's enrolment in the years its band
    is ``alto``, 0 in the years it is ranked lower, NaN where it has no index (and on rows
    without a site). Summed like any count, it gives each area's enrolment in high-risk sites.
    """
    weights_ = _weights(weights)
    out = facts.copy()
    column = np.full(len(facts), np.nan)
    if s.SITE_CODE in facts and s.ENROLLED in facts and len(facts):
        grid = _grid(facts)
        rates = _rates(grid, weights_)
        high = np.full((len(grid.sites), len(grid.years)), np.nan)
        for j in range(len(grid.years)):
            computed = _year(grid, rates, j, weights_)
            ranked = computed.rank > 0
            enrolled = grid.columns[s.ENROLLED][:, j]
            high[ranked, j] = np.where(computed.band[ranked] == HIGH, enrolled[ranked], 0.0)
        positions, site_of, year_of = grid.rows
        column[positions] = high[site_of, year_of]
    out[s.ENROLLED_HIGH_RISK] = pd.array(column, dtype="Float64")
    return out


def with_risk_index(dataset: Dataset) -> Dataset:
    """``dataset`` whose facts carry ``schema.ENROLLED_HIGH_RISK`` (``with_risk``), so that
    aggregates, drill-downs, exports and a site's panel see it like any other count. A dataset
    that has it already is returned as it is: the column is derived once per dataset."""
    if s.ENROLLED_HIGH_RISK in dataset.facts:
        return dataset
    return replace(dataset, facts=with_risk(dataset.facts))


def validate(facts: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """How well the index of each year *t* foresaw dropout in *t + 1*.

    Returns
    -------
    DataFrame, one row per year with a following year: ``year``, ``next_year``, ``sites``
    (ranked in *t* with a dropout rate in *t + 1*), ``spearman`` (rank correlation of the
    index in *t* with the dropout rate in *t + 1*), ``dropouts_caught`` (the share of those
    sites' dropouts in *t + 1* that happened in the ``alto`` sites of *t*) and
    ``enrolment_share`` (their share of the enrolment in *t + 1*: what catching dropouts at
    random would give).
    """
    weights_ = _weights(weights)
    columns = ["year", "next_year", "sites", "spearman", "dropouts_caught", "enrolment_share"]
    if not {s.SITE_CODE, s.ENROLLED, s.DROPOUTS} <= set(facts.columns):
        return pd.DataFrame(columns=columns)
    grid = _grid(facts)
    rates = _rates(grid, weights_)
    years = list(grid.years)
    records = []
    for j, year in enumerate(years[:-1]):
        if years[j + 1] != year + 1:
            continue
        computed = _year(grid, rates, j, weights_)
        dropouts = grid.columns[s.DROPOUTS][:, j + 1]
        enrolled = grid.columns[s.ENROLLED][:, j + 1]
        both = (computed.rank > 0) & ~np.isnan(dropouts) & (enrolled > 0)
        if both.sum() < 3:
            continue
        rate = dropouts[both] / enrolled[both]
        high = computed.band[both] == HIGH
        records.append(
            {
                "year": int(year),
                "next_year": int(year) + 1,
                "sites": int(both.sum()),
                "spearman": _spearman(computed.index[both], rate),
                "dropouts_caught": _share(dropouts[both], high),
                "enrolment_share": _share(enrolled[both], high),
            }
        )
    return pd.DataFrame(records, columns=columns)


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    try:
        from scipy.stats import spearmanr  # optional; pandas gives the same number
    except ImportError:
        return float(pd.Series(a).rank().corr(pd.Series(b).rank()))
    return float(spearmanr(a, b).statistic)


def _share(values: np.ndarray, part: np.ndarray) -> float:
    total = values.sum()
    return float(values[part].sum() / total) if total > 0 else float("nan")


def risk_sites(
    dataset: Dataset, year: int, filters: Filters | None = None, zone: str = ""
) -> pd.DataFrame:
    """``site_risk`` of ``dataset`` for ``year`` (computed once per dataset and year), keeping
    the sites that ``filters`` (column -> allowed values) and ``zone`` (``comunas`` or
    ``corregimientos``: the kind of the site's territory) keep. The index, rank and band stay
    the city's: a filter picks sites from the city's ranking, it does not rank them again."""
    table = dataset.remember(("site_risk", int(year)), lambda: site_risk(dataset.facts, year))
    kept = table
    if filters:
        extra = [c for c in filters if c not in table and c in dataset.facts]
        if extra:
            rows = dataset.facts[dataset.facts[s.YEAR] == year].drop_duplicates(s.SITE_CODE)
            rows = rows.set_index(rows[s.SITE_CODE].astype(str))
            kept = kept.assign(**{c: kept[s.SITE_CODE].map(rows[c]) for c in extra})
        kept = filter_facts(kept, None, filters)
    if zone and s.TERRITORY in kept:
        areas = pd.DataFrame({s.CODE: kept[s.TERRITORY].astype(str).to_numpy()})
        kinds = area_kinds(dataset, areas, "territorio")
        if kinds is not None:
            kept = kept[(kinds == ZONE_KIND[zone]).to_numpy()]
    result = kept.reset_index(drop=True)
    result.attrs.update(table.attrs)
    return result
