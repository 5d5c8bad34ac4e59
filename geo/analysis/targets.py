"""Seguimiento (issue 26): are we on track to the plan's targets?

A **target** (meta) is a value an indicator should reach by a year, for the whole city and
every territory, or for one territory; optionally at one education level. In the link it is
``meta.<indicator>[.<nivel>][.<territorio>]=<value>@<year>`` (``meta.dropout=2.5@2027``), the
value in the unit the atlas shows (2.5 means 2,5 % for a share).

For the city and each territory the **observed series** is the atlas's own aggregation (sums of
numerators over sums of denominators, ``geo.analysis.aggregate``), one value a year. The
**needed trajectory** is the straight line from the last observed value to the target; the
**trend** is an ordinary least-squares line through the observed years (statsmodels), projected
to the target year with its 95 % prediction interval (where a new year's value would fall if
the line held). With fewer than :data:`MIN_YEARS` observed years there is no trend to project.

The **status** rule (:func:`status_of`, written on the page in the same words):

1. *sin datos*: no value in the data's last year, or fewer than :data:`MIN_YEARS` years;
2. *meta cumplida*: the last observed value already meets the target;
3. *en camino*: the trend's projection for the target year meets it;
4. *en riesgo*: the projection misses it, but the favourable end of its 95 % prediction
   interval meets it (the target is within the trend's uncertainty);
5. *fuera de camino*: even the favourable end of the interval misses it.

"Meets" is ``≤`` for an indicator where higher is worse (dropout), ``≥`` where lower is worse.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from geo.analysis.aggregate import CITY, Filters, aggregated
from geo.errors import DataError
from geo.model import schema as s
from geo.model.catalogue import INDICATORS, Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.messages import MESSAGES, msg

PREFIX: Final = "meta."
MIN_YEARS: Final = 3  # a line and an interval need at least one degree of freedom
ALPHA: Final = 0.05
YEAR_RANGE: Final = (2000, 2100)

ON_TRACK: Final = "en_camino"
AT_RISK: Final = "en_riesgo"
OFF_TRACK: Final = "fuera_de_camino"
MET: Final = "meta_cumplida"
NO_DATA: Final = "sin_datos"
STATUSES: Final = (MET, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
STATUS_NAMES: Final = {
    MET: {"es": "Meta cumplida", "en": "Target met"},
    ON_TRACK: {"es": "En camino", "en": "On track"},
    AT_RISK: {"es": "En riesgo", "en": "At risk"},
    OFF_TRACK: {"es": "Fuera de camino", "en": "Off track"},
    NO_DATA: {"es": "Sin datos", "en": "No data"},
}
# Blue for met, greens to red for the rest, grey without data (ColorBrewer RdYlGn and Blues).
STATUS_COLORS: Final = {
    MET: "#2171b5",
    ON_TRACK: "#1a9850",
    AT_RISK: "#fee08b",
    OFF_TRACK: "#d73027",
    NO_DATA: "#d9d9d9",
}

# The engine's refusals of this feature, added to the shared table (keys prefixed, checked).
_MESSAGES: Final = {
    "targets_bad_value": {
        "es": "la meta «{given}» no se entiende.",
        "en": "the target '{given}' cannot be read.",
    },
    "targets_bad_value_fix": {
        "es": "Escriba valor@año, por ejemplo 2.5@2027 (2,5 % en 2027).",
        "en": "Write value@year, for example 2.5@2027 (2.5 % in 2027).",
    },
    "targets_no_direction": {
        "es": "el indicador {indicator} no tiene un sentido mejor ni peor, así que una meta "
        "no dice si se cumple por encima o por debajo.",
        "en": "the indicator {indicator} has no better or worse direction, so a target cannot "
        "say whether it is met above or below.",
    },
    "targets_no_direction_fix": {
        "es": "Elija un indicador donde más sea peor (deserción) o mejor (cobertura).",
        "en": "Choose an indicator where more is worse (dropout) or better (coverage).",
    },
    "targets_year_past": {
        "es": "la meta es para {year}, pero los datos ya llegan a {last}.",
        "en": "the target is for {year}, but the data already reaches {last}.",
    },
    "targets_year_past_fix": {
        "es": "Elija un año posterior a {last}; lo observado está en la serie.",
        "en": "Choose a year after {last}; what was observed is in the series.",
    },
    "targets_file_columns": {
        "es": "no tiene las columnas {missing} (hay: {found}).",
        "en": "lacks the columns {missing} (found: {found}).",
    },
    "targets_file_fix": {
        "es": "Use una tabla con indicador, valor y anio (y si quiere nivel y territorio), "
        "una meta por fila.",
        "en": "Use a table with indicador, valor and anio (optionally nivel and territorio), "
        "one target per row.",
    },
    "targets_file_unknown": {
        "es": "la fila {row} nombra {what} «{given}», que no existe.",
        "en": "row {row} names {what} '{given}', which does not exist.",
    },
    "targets_file_empty": {
        "es": "no trae ninguna meta.",
        "en": "holds no target.",
    },
}
_clash = MESSAGES.keys() & _MESSAGES.keys()
if _clash:  # pragma: no cover - a programming error
    raise KeyError(f"geo.analysis.targets redefines message keys: {sorted(_clash)}")
MESSAGES.update(_MESSAGES)


@dataclass(frozen=True)
class Target:
    """``value`` (in the unit shown: 2.5 for 2,5 %) by ``year`` for ``indicator``."""

    indicator: str
    value: float
    year: int
    education_level: str = ""
    territory: str = ""  # "" = the city and every territory

    @property
    def key(self) -> str:
        parts = [self.indicator, self.education_level, self.territory]
        return PREFIX + ".".join(p for p in parts if p)

    @property
    def text(self) -> str:
        return f"{self.value:.15g}@{self.year}"

    def as_fraction(self) -> float:
        """The value as the engine holds it (a share as a fraction: 0.025)."""
        return self.value / 100 if INDICATORS[self.indicator].unit == "percent" else self.value


@dataclass(frozen=True)
class LinkNote:
    key: str
    given: str
    used: str = ""


def parse_value(text: str) -> tuple[float, int]:
    """``"2.5@2027"`` (or ``"2,5@2027"``) -> ``(2.5, 2027)``; ``ValueError`` otherwise."""
    value, sep, year = str(text).strip().partition("@")
    if not sep:
        raise ValueError(text)
    number = float(value.strip().replace(",", "."))
    when = int(year.strip())
    if not math.isfinite(number) or not YEAR_RANGE[0] <= when <= YEAR_RANGE[1]:
        raise ValueError(text)
    return number, when


def targets_from_query(
    params: Mapping[str, str | Sequence[str]], codes: Sequence[str]
) -> tuple[list[Target], list[LinkNote]]:
    """The link's targets, and a note for each ``meta.`` key that could not be used."""
    targets: list[Target] = []
    notes: list[LinkNote] = []
    for key, raw in params.items():
        if not key.startswith(PREFIX):
            continue
        given = raw if isinstance(raw, str) else (raw[-1] if raw else "")
        parts = key[len(PREFIX) :].split(".")
        indicator, rest = parts[0], parts[1:]
        level = next((p for p in rest if p in s.EDUCATION_LEVELS), "")
        territory = next((p for p in rest if p in codes), "")
        unknown = [p for p in rest if p not in (level, territory)]
        try:
            value, year = parse_value(given)
        except ValueError:
            notes.append(LinkNote(key, given))
            continue
        if (
            indicator not in INDICATORS
            or unknown
            or INDICATORS[indicator].direction == "neutral"
            or (level and level not in INDICATORS[indicator].education_levels)
        ):
            notes.append(LinkNote(key, given))
            continue
        targets.append(Target(indicator, value, year, level, territory))
    return targets, notes


def targets_to_query(targets: Sequence[Target]) -> dict[str, str]:
    return {target.key: target.text for target in targets}


_FILE_ALIASES: Final = {
    "indicator": ("indicador", "indicator"),
    "value": ("valor", "value", "meta", "target"),
    "year": ("anio", "ano", "year", "ano_meta"),
    "level": ("nivel", "level", "education_level"),
    "territory": ("territorio", "territory", "codigo", "codigo_territorio"),
}


def read_targets(data: bytes, name: str, codes: Sequence[str]) -> list[Target]:
    """Targets from a small CSV or XLSX table, one a row: ``indicador``, ``valor``, ``anio``
    and optionally ``nivel`` and ``territorio``; ``DataError`` names what is wrong."""
    from geo.model.schema import normalise_header

    if name.lower().endswith((".xlsx", ".xlsm")):
        frame = pd.read_excel(io.BytesIO(data), dtype=str)
    else:
        text = data.decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), dtype=str, sep=None, engine="python")
    headers = {normalise_header(c): c for c in frame.columns}
    found = {
        field: next((headers[a] for a in aliases if a in headers), None)
        for field, aliases in _FILE_ALIASES.items()
    }
    missing = [_FILE_ALIASES[f][0] for f in ("indicator", "value", "year") if found[f] is None]
    if missing:
        raise DataError(
            msg(
                "targets_file_columns",
                missing=", ".join(missing),
                found=", ".join(map(str, frame.columns)),
            ),
            name,
            msg("targets_file_fix"),
        )
    targets = []
    for number, row in enumerate(frame.to_dict("records"), start=2):

        def cell(field: str, row: dict = row) -> str:
            column = found[field]
            value = row.get(column) if column else None
            return "" if value is None or pd.isna(value) else str(value).strip()

        if not cell("indicator"):
            continue
        indicator, level, territory = cell("indicator"), cell("level"), cell("territory")
        for what, given, valid in (
            ("indicador", indicator, INDICATORS),
            ("nivel", level, ("", *s.EDUCATION_LEVELS)),
            ("territorio", territory.zfill(2) if territory else "", ("", *codes)),
        ):
            if given not in valid:
                raise DataError(
                    msg("targets_file_unknown", row=number, what=what, given=given),
                    name,
                    msg("targets_file_fix"),
                )
        try:
            value, year = parse_value(f"{cell('value')}@{cell('year')}")
        except ValueError:
            raise DataError(
                msg("targets_bad_value", given=f"{cell('value')}@{cell('year')}"),
                f"{name}, fila {number}",
                msg("targets_bad_value_fix"),
            ) from None
        targets.append(
            Target(indicator, value, year, level, territory.zfill(2) if territory else "")
        )
    if not targets:
        raise DataError(msg("targets_file_empty"), name, msg("targets_file_fix"))
    return targets


# --- series, trend, status ----------------------------------------------------------------


def observed(
    dataset: Dataset, indicator: Indicator, filters: Filters | None = None
) -> pd.DataFrame:
    """Per area (the territories' codes and ``"ciudad"``) and year: ``numerator``,
    ``denominator``, ``value`` and ``n_sites``, the atlas's own sums (rows without a value
    left out)."""
    frames = []
    for year in dataset.years:
        for level in ("territorio", CITY):
            rows = aggregated(dataset, indicator, year, level, filters)
            rows = rows.reset_index().assign(year=year)
            frames.append(rows)
    series = pd.concat(frames, ignore_index=True)
    series = series[series["value"].notna()]
    return series[[s.CODE, "year", "numerator", "denominator", "value", "n_sites"]]


@dataclass(frozen=True)
class Projection:
    """The trend line through the observed years, projected over ``years``."""

    slope: float  # per year
    intercept: float  # the value at year 0 (kept for the check against numpy.polyfit)
    years: np.ndarray
    fitted: np.ndarray
    lower: np.ndarray  # the 95 % prediction interval
    upper: np.ndarray
    n_years: int


def project(
    years: Sequence[int], values: Sequence[float], until: int, alpha: float = ALPHA
) -> Projection | None:
    """The least-squares line of ``values`` on ``years`` (statsmodels OLS) and its
    prediction interval from the first observed year to ``until``; None with fewer than
    :data:`MIN_YEARS` years."""
    import statsmodels.api as sm

    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(x) < MIN_YEARS or len(np.unique(x)) < MIN_YEARS:
        return None
    centre = x.mean()  # centred: a year such as 2024 squared makes the design ill-conditioned
    fit = sm.OLS(y, sm.add_constant(x - centre)).fit()
    ahead = np.arange(int(x.min()), int(until) + 1, dtype=float)
    frame = fit.get_prediction(sm.add_constant(ahead - centre, has_constant="add")).summary_frame(
        alpha=alpha
    )
    slope = float(fit.params[1])
    return Projection(
        slope=slope,
        intercept=float(fit.params[0]) - slope * centre,
        years=ahead.astype(int),
        fitted=frame["mean"].to_numpy(),
        lower=frame["obs_ci_lower"].to_numpy(),
        upper=frame["obs_ci_upper"].to_numpy(),
        n_years=len(x),
    )


def meets(value: float, target: float, direction: str) -> bool:
    return value <= target if direction == "higher_worse" else value >= target


def status_of(
    last_value: float | None,
    target: float,
    direction: str,
    projection: Projection | None,
    has_last_year: bool = True,
) -> str:
    """The module docstring's rule, in its order."""
    if last_value is None or not has_last_year or not np.isfinite(last_value):
        return NO_DATA
    if meets(last_value, target, direction):
        return MET
    if projection is None:
        return NO_DATA
    point = float(projection.fitted[-1])
    favourable = (
        float(projection.lower[-1]) if direction == "higher_worse" else float(projection.upper[-1])
    )
    if meets(point, target, direction):
        return ON_TRACK
    if meets(favourable, target, direction):
        return AT_RISK
    return OFF_TRACK


@dataclass(frozen=True)
class Tracking:
    """A target followed: one row per area (``areas``), the series it stands on."""

    target: Target
    indicator: Indicator
    areas: pd.DataFrame  # code, name, status, last_year, last_value, gap, ...
    series: pd.DataFrame  # observed(): code, year, value, numerator, denominator
    projections: dict[str, Projection | None]
    last_year: int


def track(
    dataset: Dataset,
    target: Target,
    filters: Filters | None = None,
    overrides: Sequence[Target] = (),
) -> Tracking:
    """Every area followed against ``target`` (territory targets among ``overrides`` take
    the place of the general one for their territory)."""
    indicator = get_indicator(target.indicator, target.education_level)
    if indicator.direction == "neutral":
        raise DataError(
            msg("targets_no_direction", indicator=indicator.label("es")),
            target.key,
            msg("targets_no_direction_fix"),
        )
    # the indicator's own latest year: official data hold later years with sites only
    last_year = dataset.latest_year(target.indicator, target.education_level)
    if target.year <= last_year:
        raise DataError(
            msg("targets_year_past", year=target.year, last=last_year),
            target.key,
            msg("targets_year_past_fix", last=last_year),
        )
    series = observed(dataset, indicator, filters)
    own = {
        o.territory: o
        for o in overrides
        if o.territory
        and o.indicator == target.indicator
        and o.education_level == target.education_level
    }
    names = dict(
        zip(dataset.territories[s.CODE].astype(str), dataset.territories[s.NAME], strict=True)
    )
    rows, projections = [], {}
    for code in [CITY, *names]:
        goal = own.get(code, target)
        if target.territory and code not in (target.territory, *own):
            continue
        goal_value = goal.as_fraction()
        mine = series[series[s.CODE] == code].sort_values("year")
        years, values = mine["year"].to_numpy(), mine["value"].to_numpy(dtype=float)
        projection = project(years, values, goal.year)
        projections[code] = projection
        has_last = bool(len(years)) and int(years[-1]) == last_year
        last_value = float(values[-1]) if len(values) else None
        status = status_of(last_value, goal_value, indicator.direction, projection, has_last)
        sign = 1 if indicator.direction == "higher_worse" else -1
        gap = sign * (last_value - goal_value) if last_value is not None else np.nan
        span = goal.year - int(years[-1]) if len(years) else np.nan
        last = mine.iloc[-1] if len(mine) else None
        rows.append(
            {
                s.CODE: code,
                s.NAME: names.get(code, "ciudad"),
                "status": status,
                "target": goal_value,
                "target_year": goal.year,
                "last_year": int(years[-1]) if len(years) else pd.NA,
                "last_value": last_value if last_value is not None else np.nan,
                "numerator": float(last["numerator"]) if last is not None else np.nan,
                "denominator": float(last["denominator"]) if last is not None else np.nan,
                "gap": gap,
                "needed_per_year": (goal_value - last_value) / span
                if last_value is not None
                else np.nan,
                "trend_per_year": projection.slope if projection else np.nan,
                "projected": float(projection.fitted[-1]) if projection else np.nan,
                "lower": float(projection.lower[-1]) if projection else np.nan,
                "upper": float(projection.upper[-1]) if projection else np.nan,
                "n_years": len(years),
            }
        )
    areas = pd.DataFrame(rows)
    return Tracking(target, indicator, areas, series, projections, last_year)


def by_gap(tracking: Tracking) -> pd.DataFrame:
    """The territories (not the city), largest gap to the target first, those without data
    last; ties by code."""
    areas = tracking.areas[tracking.areas[s.CODE] != CITY]
    return areas.sort_values(
        ["gap", s.CODE], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def status_counts(tracking: Tracking) -> dict[str, int]:
    areas = tracking.areas[tracking.areas[s.CODE] != CITY]
    return {status: int((areas["status"] == status).sum()) for status in STATUSES}
