"""The demo city's figures per education level: what the Observatory monitors.

Each demo site offers some of the four levels (small rural schools only transición and
primaria; some urban sites only secundaria and media) and splits its enrolment, dropouts,
passes, failures, repeaters and over-age students among them, so that for every site and year

* ``matricula = Σ matricula_<nivel>`` and ``desertores = Σ desertores_<nivel>``;
* ``matricula_<nivel> = aprobados_<nivel> + reprobados_<nivel> + desertores_<nivel>`` (the
  MEN's identity at the end of the year);
* official-age enrolment ``matricula_<edades>`` and over-age students never exceed the level's
  enrolment.

Sites offering media have Saber 11 candidates with a mean global score on the national 0-500
scale (lower where the territory is deprived, higher in private schools) and the candidates in
the lowest performance level of mathematics and critical reading. Declared seats per level are
given for most sites; about one in eight leaves them blank, as real directories do.

The territories' school-age population is split by the official ages of each level.

Everything is drawn from its own seeded generator, so the files written before these figures
existed keep their bytes.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from geo.model import schema as s

LEVELS: Final = s.EDUCATION_LEVELS
# Relative size of a level in a site that offers it (its grades, with repeaters and over-age
# students in primaria and secundaria, thinning in media), tuned so that the city's gross
# coverage is about 99 % in transición, 109 % in primaria, 106 % in secundaria and 72 % in media
# (net: 89, 93, 85 and 56 %; Medellín published 57.3 % net in media for 2022).
_GRADES: Final = np.array([1.0, 5.3, 6.1, 2.07])
# Relative propensity to drop out, fail and be over-age per level.
_DROPOUT: Final = np.array([0.6, 0.7, 1.35, 1.1])
_FAILURE: Final = np.array([0.0, 0.75, 1.4, 0.9])
_OVERAGE: Final = np.array([0.2, 0.7, 1.2, 1.35])
# Promotion was flexible during the crisis: fewer failures in 2020-2021.
_FAILURE_YEAR: Final = {2020: 0.6, 2021: 0.8}
_UNKNOWN_SEATS_SHARE: Final = 0.12
_OFF_AGE_BY_ONE: Final = 0.09  # one year off the official ages: neither on time nor over-age


def _offered(sector: str, rural: bool, rng: np.random.Generator) -> np.ndarray:
    """Which of transición, primaria, secundaria, media a site offers."""
    u = rng.random()
    primary_only = np.array([True, True, False, False])
    secondary_only = np.array([False, False, True, True])
    everything = np.ones(4, dtype=bool)
    if rural:
        return primary_only if u < 0.65 else everything
    if sector == "Oficial":
        return primary_only if u < 0.22 else secondary_only if u < 0.32 else everything
    if sector == "Cobertura contratada":
        return primary_only if u < 0.5 else np.array([True, True, True, False])
    return primary_only if u < 0.25 else everything


def _split(total: int, weights: np.ndarray, room: np.ndarray, rng: np.random.Generator):
    """``total`` split among levels by ``weights``, never more than ``room`` in a level."""
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=int)
    parts = rng.multinomial(total, weights / weights.sum())
    excess = np.maximum(parts - room, 0)
    parts -= excess
    for _ in range(int(excess.sum())):  # to the level with the most room left
        parts[int(np.argmax(room - parts))] += 1
    return parts


def build_level_years(
    sites: pd.DataFrame,
    site_years: pd.DataFrame,
    deprivation: dict[str, float],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Per site and year, the columns to add to ``site_years`` (same row order)."""
    by_site = sites.set_index(s.SITE_CODE)
    rows = []
    seats_of: dict[str, np.ndarray] = {}
    for code, years in site_years.groupby(s.SITE_CODE, sort=False):
        site = by_site.loc[code]
        d = deprivation[site[s.DECLARED_TERRITORY]]
        public = site[s.SECTOR] != "No oficial"
        rural = site[s.ZONE] == "Rural"
        offered = _offered(site[s.SECTOR], rural, rng)
        weights = _GRADES * offered * rng.lognormal(0, 0.12, 4)
        p_fail = (0.035 + 0.055 * d) * (1.1 if public else 0.5) * _FAILURE
        p_over = (0.03 + 0.13 * d) * (1.0 if public else 0.4) * (1.15 if rural else 1) * _OVERAGE
        score = (270 - 45 * d if public else 292 - 30 * d) + rng.normal(0, 14)
        largest = np.zeros(4)
        for row in years.itertuples(index=False):
            enrolled = _split(int(row.matricula), weights, np.full(4, 10**9), rng)
            dropouts = _split(int(row.desertores), enrolled * _DROPOUT, enrolled, rng)
            stayed = enrolled - dropouts
            failed = rng.binomial(stayed, np.minimum(p_fail * _FAILURE_YEAR.get(row.anio, 1), 1))
            repeating = rng.binomial(enrolled, np.minimum(0.85 * p_fail + 0.005, 1))
            overage = rng.binomial(enrolled, np.minimum(p_over, 1))
            on_age = enrolled - overage - rng.binomial(enrolled - overage, _OFF_AGE_BY_ONE)
            record: dict[str, float] = {}
            for i, level in enumerate(LEVELS):
                record[s.at_level(s.ENROLLED, level)] = enrolled[i]
                record[s.at_level(s.ENROLLED_OFFICIAL_AGE, level)] = on_age[i]
                record[s.at_level(s.DROPOUTS, level)] = dropouts[i]
                record[s.at_level(s.APPROVED, level)] = stayed[i] - failed[i]
                record[s.at_level(s.FAILED, level)] = failed[i]
                record[s.at_level(s.REPEATING, level)] = repeating[i]
                record[s.at_level(s.OVERAGE, level)] = overage[i]
            record[s.APPROVED] = int((stayed - failed).sum())
            record[s.FAILED] = int(failed.sum())
            record[s.REPEATING] = int(repeating.sum())
            record[s.OVERAGE] = int(overage.sum())
            record.update(_saber(int(enrolled[3]), score + rng.normal(0, 4), rng))
            rows.append(record)
            largest = np.maximum(largest, enrolled)
        known = rng.random() > _UNKNOWN_SEATS_SHARE
        slack = rng.uniform(0.95, 1.25, 4)
        seats_of[code] = np.ceil(largest * slack) * offered if known else np.full(4, np.nan)
    frame = pd.DataFrame(rows, index=site_years.index)
    seats = np.array([seats_of[c] for c in site_years[s.SITE_CODE]])
    for i, level in enumerate(LEVELS):
        frame[s.at_level(s.CAPACITY, level)] = pd.array(seats[:, i], dtype="Float64").astype(
            "Int64"
        )
    for column in (s.SABER_SCORE_MEAN,):
        frame[column] = frame[column].round(1)
    for column in (s.SABER_CANDIDATES, s.SABER_LOW_MATH, s.SABER_LOW_READING):
        frame[column] = frame[column].astype("Int64")
    return frame


def _saber(media: int, score: float, rng: np.random.Generator) -> dict[str, float]:
    """Saber 11 of a site with ``media`` students in its two last grades."""
    candidates = int(rng.binomial(media, 0.46)) if media else 0
    if not candidates:
        return {
            s.SABER_CANDIDATES: np.nan,
            s.SABER_SCORE_MEAN: np.nan,
            s.SABER_LOW_MATH: np.nan,
            s.SABER_LOW_READING: np.nan,
        }
    mean = float(np.clip(score, 170, 360))
    low_math = float(np.clip(0.62 - (mean - 180) / 230, 0.02, 0.9))
    low_reading = float(np.clip(0.35 - (mean - 180) / 330, 0.01, 0.6))
    return {
        s.SABER_CANDIDATES: candidates,
        s.SABER_SCORE_MEAN: mean,
        s.SABER_LOW_MATH: int(rng.binomial(candidates, low_math)),
        s.SABER_LOW_READING: int(rng.binomial(candidates, low_reading)),
    }


def split_population_by_level(population: pd.DataFrame, deprivation: dict[str, float]):
    """The columns ``poblacion_5``, ``poblacion_6_10``, ``poblacion_11_14``, ``poblacion_15_16``
    for ``population``'s rows: its ages 5-16 split by age (younger-heavy where deprived), whole
    people that sum to ``poblacion_5_16`` (largest remainder)."""
    ages = np.arange(s.SCHOOL_AGES[0], s.SCHOOL_AGES[1] + 1)
    groups = [(ages >= low) & (ages <= high) for low, high in s.LEVEL_AGES.values()]
    columns = {s.at_level(s.POPULATION_5_16, level): [] for level in LEVELS}
    for row in population.itertuples(index=False):
        slope = -0.012 * (0.5 + deprivation[row.codigo])
        share = 1 + slope * (ages - ages.mean())
        exact = np.array([share[g].sum() for g in groups]) / share.sum() * row.poblacion_5_16
        whole = np.floor(exact).astype(int)
        left = int(row.poblacion_5_16 - whole.sum())
        whole[np.argsort(-(exact - whole), kind="stable")[:left]] += 1
        for column, value in zip(columns, whole, strict=True):
            columns[column].append(int(value))
    return pd.DataFrame(columns, index=population.index)


# The MEN's rate columns and what they divide (numerator, denominator), all levels first.
_MEN_RATES: Final = {
    "DESERCIÓN": (s.DROPOUTS, s.ENROLLED),
    "APROBACIÓN": (s.APPROVED, s.ENROLLED),
    "REPROBACIÓN": (s.FAILED, s.ENROLLED),
    "REPITENCIA": (s.REPEATING, s.ENROLLED),
    "COBERTURA_NETA": (s.ENROLLED_OFFICIAL_AGE, s.POPULATION_5_16),
    "COBERTURA_BRUTA": (s.ENROLLED, s.POPULATION_5_16),
}
_MEN_LEVELS: Final = {
    "transicion": "TRANSICIÓN",
    "primaria": "PRIMARIA",
    "secundaria": "SECUNDARIA",
    "media": "MEDIA",
}


def build_men_statistics(
    site_years: pd.DataFrame, population: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """The demo city's figures as the MEN publishes them per municipality (percent, two
    decimals, accented upper-case headers), each a few per cent off the sums of the demo's
    sites, as the Ministry's figures are off the Secretariat's; plus a neighbouring
    municipality's rows, which a reader must leave out."""
    rows = []
    for code, name, scale in (("05001", "MEDELLÍN (DEMO)", 1.0), ("05088", "BELLO (DEMO)", 1.15)):
        for year, counts in site_years.groupby(s.YEAR):
            people = population[population[s.YEAR] == year].sum(numeric_only=True)
            row: dict[str, object] = {"AÑO": year, "CÓDIGO_MUNICIPIO": code, "MUNICIPIO": name}
            row["POBLACIÓN_5_16"] = int(people[s.POPULATION_5_16] * scale)
            for rate, (numerator, denominator) in _MEN_RATES.items():
                for level in (None, *LEVELS):
                    top = counts[s.at_level(numerator, level)].sum()
                    below = (
                        people[s.at_level(denominator, level)]
                        if denominator.startswith("poblacion")
                        else counts[s.at_level(denominator, level)].sum()
                    )
                    header = rate if level is None else f"{rate}_{_MEN_LEVELS[level]}"
                    noise = rng.normal(1, 0.03) * (scale if rate == "DESERCIÓN" else 1)
                    row[header] = round(100 * top / below * noise, 2)
            rows.append(row)
    return pd.DataFrame(rows)
