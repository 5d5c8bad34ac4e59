"""Focalizar (issue 17): with what we have, who gets it first, and how much does the gap close.

A plan takes an intervention from ``geo.model.interventions``, an amount of units, the sites
the view's filters leave eligible (optionally only some territories), the year of the
diagnosis and a rule, and places whole units on sites:

* ``need``: greatest need first (the units a site lacks); ``rate``: the site's rate in the
  indicator the intervention serves first; ``priority``: the territory's priority index first
  (``geo.analysis.priority``, default weights), then need within it;
* ``equity``: each territory gets a share proportional to its need (largest remainder, so no
  share is a unit or more from the exact proportion), then its sites by need.

Ties are broken by the DANE code, so the same inputs always give the same plan. No site gets
more than its need, nor more than the cap per site; the units used are
``min(amount, Σ capped need)``. Everything is vectorised (sort + cumsum): a plan on 54,000
sites takes milliseconds.

"After" recomputes each territory's fraction exactly: a unit takes one off the numerator
(a student without a computer, a site without broadband) or adds one to the denominator (a
school computer), and assumes every unit reaches someone who needed it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import pandas as pd

from geo.analysis.aggregate import CITY, aggregated, filter_facts
from geo.analysis.choropleth import Choropleth, Status, compute
from geo.analysis.classify import classify
from geo.analysis.compare import ChangeMap, change_between
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.interventions import (
    DEFAULT_STUDENTS_PER_COMPUTER,
    Intervention,
    check_rule,
    get_intervention,
)
from geo.model.territories import BY_CODE
from geo.model.view import ZONE_KIND, Fallback, View

# The columns of a site's need (``site_needs``), besides its identity.
NEED: Final = "need"
RATE: Final = "rate"
PRIORITY_COLUMN: Final = "priority"
# Whom a site's need concerns, which orders "greatest need first": the need itself for
# students' devices, connections, school computers and places; the site's students for
# site-wide interventions (broadband: its enrolment; support per site: its students at risk),
# whose need is one unit per site.
WEIGHT: Final = "students_in_need"
UNITS: Final = "units"
REACHED: Final = "students_reached"
WORST_SHOWN: Final = 3  # territories still worst after the plan


@dataclass(frozen=True)
class PlanInputs:
    """What the planner chose. ``amount`` in units, or ``budget`` and ``unit_cost`` in pesos
    (whole units: ``floor(budget / unit_cost)``); ``cap``: most units per site (0 = none);
    ``norm``: students per computer for school computers; ``territories``: only these are
    eligible (empty = all)."""

    intervention: str
    amount: int | None
    rule: str
    cap: int = 0
    norm: int = DEFAULT_STUDENTS_PER_COMPUTER
    unit_cost: float | None = None
    budget: float | None = None
    territories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        get_intervention(self.intervention)
        check_rule(self.rule)
        if self.budget is None and (self.amount is None or self.amount < 0):
            raise ValueError(f"amount must be a whole number of units ≥ 0, got {self.amount!r}.")
        if self.budget is not None and self.budget < 0:
            raise ValueError(f"budget must be ≥ 0 pesos, got {self.budget!r}.")
        if self.cost_per_unit <= 0:
            raise ValueError(f"unit_cost must be above 0 pesos, got {self.unit_cost!r}.")
        if self.cap < 0:
            raise ValueError(f"cap must be ≥ 0 (0 = no cap), got {self.cap!r}.")
        if self.norm < 1:
            raise ValueError(f"norm must be at least 1 student per computer, got {self.norm!r}.")

    @property
    def cost_per_unit(self) -> float:
        """The unit cost given, or the catalogue's illustrative one."""
        given = self.unit_cost
        return float(get_intervention(self.intervention).unit_cost if given is None else given)

    @property
    def units(self) -> int:
        """The units available: the amount, or what the budget buys."""
        if self.budget is not None:
            return int(self.budget // self.cost_per_unit)
        return int(self.amount or 0)


@dataclass(frozen=True)
class Plan:
    """A plan computed.

    ``sites``: every eligible site with a need, in the order units were given (``rank``),
    with ``units`` and ``students_reached``; ``territories``: per territory (map order),
    ``before``/``after`` numerator, denominator and value, ``units``, ``students_reached``,
    ``n_sites`` and ``status`` (of the "before" value); ``city``: the same for the city;
    ``totals``: units used, students reached, cost, need, share met, sites and territories
    reached, the gap between best and worst territory before and after.
    """

    inputs: PlanInputs
    intervention: Intervention
    view: View
    sites: pd.DataFrame
    territories: pd.DataFrame
    city: dict
    totals: dict


# --- a site's need --------------------------------------------------------------------------


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0)


def _count_need(column: str) -> Callable[[pd.DataFrame, int], tuple]:
    """Need = a count of students (``sin_computador``...), rate = that count over enrolment."""

    def need(rows: pd.DataFrame, _norm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        count = rows[column].to_numpy(dtype=float, na_value=np.nan)
        enrolled = rows[s.ENROLLED].to_numpy(dtype=float, na_value=np.nan)
        valid = ~np.isnan(count) & ~np.isnan(enrolled)
        return valid, np.nan_to_num(count), _ratio(count, enrolled)

    return need


def _computer_need(rows: pd.DataFrame, norm: int) -> tuple:
    """The computers a site lacks to have at most ``norm`` students per computer."""
    enrolled = rows[s.ENROLLED].to_numpy(dtype=float, na_value=np.nan)
    computers = rows[s.COMPUTERS].to_numpy(dtype=float, na_value=np.nan)
    valid = ~np.isnan(enrolled) & ~np.isnan(computers)
    lacking = np.maximum(0, np.ceil(np.nan_to_num(enrolled) / norm) - np.nan_to_num(computers))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_computer = np.where(computers > 0, enrolled / np.where(computers > 0, computers, 1), 0)
    per_computer = np.where((computers == 0) & (enrolled > 0), np.inf, per_computer)
    return valid, lacking, per_computer


def _broadband_need(rows: pd.DataFrame, _norm: int) -> tuple:
    without = rows[s.NO_BROADBAND].to_numpy(dtype=float, na_value=np.nan)
    reporting = rows[s.SITES_REPORTING].to_numpy(dtype=float, na_value=np.nan)
    valid = ~np.isnan(without) & ~np.isnan(reporting)
    return valid, np.nan_to_num(without), np.nan_to_num(without)


def _dropout_site_need(rows: pd.DataFrame, norm: int) -> tuple:
    """A site needs support when it is in the high band of the dropout-risk index
    (``geo.analysis.risk``); where the data has no index, when it had dropouts."""
    valid, dropouts, rate = _count_need(s.DROPOUTS)(rows, norm)
    if s.ENROLLED_HIGH_RISK in rows and rows[s.ENROLLED_HIGH_RISK].notna().any():
        high = rows[s.ENROLLED_HIGH_RISK].to_numpy(dtype=float, na_value=np.nan)
        return valid & ~np.isnan(high), (np.nan_to_num(high) > 0).astype(float), rate
    return valid, (dropouts > 0).astype(float), rate


# Intervention id -> (the columns it reads, how a site's need and rate are computed).
_NEEDS: Final = {
    "computers": ((s.NO_COMPUTER, s.ENROLLED), _count_need(s.NO_COMPUTER)),
    "connectivity": ((s.NO_INTERNET, s.ENROLLED), _count_need(s.NO_INTERNET)),
    "school_computers": ((s.ENROLLED, s.COMPUTERS), _computer_need),
    "broadband": ((s.NO_BROADBAND, s.SITES_REPORTING), _broadband_need),
    # Students at risk: the site's dropouts in the year of the diagnosis. Sites: those in the
    # high band of the dropout-risk index (issue 16) where the data has it.
    "dropout_students": ((s.DROPOUTS, s.ENROLLED), _count_need(s.DROPOUTS)),
    "dropout_sites": ((s.DROPOUTS, s.ENROLLED), _dropout_site_need),
}


def missing_columns(dataset: Dataset, intervention: Intervention) -> tuple[str, ...]:
    """The columns the intervention needs and the dataset lacks (empty: it can be planned)."""
    columns, _ = _NEEDS[intervention.id]
    return tuple(c for c in columns if c not in dataset.facts or not dataset.facts[c].notna().any())


def site_needs(
    dataset: Dataset,
    intervention: Intervention,
    view: View,
    norm: int = DEFAULT_STUDENTS_PER_COMPUTER,
    territories: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """The eligible sites with a need above zero in the view's year, under its filters (and in
    ``territories`` when given): code, name, sector, territory, barrio, núcleo, enrolment,
    dropouts, ``need`` (whole units) and ``rate`` (the site's value of the indicator served).

    A site counts only where the indicator it serves can be computed (its numerator and
    denominator reported), so that "after" subtracts from exactly the sums "before" holds.
    """
    columns, need_of = _NEEDS[intervention.id]
    if missing := missing_columns(dataset, intervention):
        raise ValueError(
            f"The data has no {', '.join(missing)}: {intervention.id} cannot be planned."
        )
    identity = [s.SITE_CODE, s.SITE_NAME, s.SECTOR, s.TERRITORY, s.BARRIO, s.NUCLEO]
    wanted = [*identity, s.ENROLLED, s.DROPOUTS, s.ENROLLED_HIGH_RISK, *columns, *view.filter_dict]
    facts = dataset.facts
    rows = filter_facts(
        facts[[c for c in dict.fromkeys([*wanted, s.YEAR]) if c in facts]],
        view.year,
        view.filter_dict,
    )
    if territories is not None:  # () leaves none eligible
        rows = rows[rows[s.TERRITORY].isin(list(territories)).to_numpy()]
    valid, need, rate = need_of(rows, norm)
    need = np.round(need).astype(np.int64)
    keep = valid & (need > 0)
    # the text columns stay in their arrays (a boolean take), never through Python strings
    frame = rows.loc[keep, [c for c in identity if c in rows]].reset_index(drop=True)
    for column in identity:
        if column not in frame:
            frame[column] = pd.NA
    frame = frame[identity]
    for column in (s.ENROLLED, s.DROPOUTS):
        values = rows[column] if column in rows else pd.Series(np.nan, index=rows.index)
        frame[column] = values.to_numpy(dtype=float, na_value=np.nan)[keep]
    frame[NEED] = need[keep]
    frame[RATE] = rate[keep]
    weight = {"broadband": s.ENROLLED, "dropout_sites": s.DROPOUTS}.get(intervention.id)
    frame[WEIGHT] = np.nan_to_num(frame[weight].to_numpy(dtype=float)) if weight else need[keep]
    return frame


def students_reached(
    intervention: Intervention, sites: pd.DataFrame, units: np.ndarray, norm: int
) -> np.ndarray:
    """Students each site's units reach: one per unit for students' devices, connections and
    support places; ``norm`` per school computer (at most the site's enrolment); a site's
    enrolment for broadband, its students at risk for support per site."""
    enrolled = np.nan_to_num(sites[s.ENROLLED].to_numpy(dtype=float))
    if intervention.id == "school_computers":
        return np.minimum(units * norm, enrolled).astype(np.int64)
    if intervention.id == "broadband":
        return (np.where(units > 0, enrolled, 0)).astype(np.int64)
    if intervention.id == "dropout_sites":
        dropouts = np.nan_to_num(sites[s.DROPOUTS].to_numpy(dtype=float))
        return np.where(units > 0, dropouts, 0).astype(np.int64)
    return units.astype(np.int64)


# --- placing the units ----------------------------------------------------------------------


def equity_shares(territory_need: pd.Series, amount: int) -> pd.Series:
    """Whole units per territory proportional to its need (largest remainder; ties by the
    territory's code), never more than its need, ``min(amount, Σ need)`` in all."""
    need = territory_need.to_numpy(dtype=np.int64)
    total = int(need.sum())
    if total == 0:
        return pd.Series(np.zeros(len(need), dtype=np.int64), index=territory_need.index)
    used = min(int(amount), total)
    exact = used * need  # integer arithmetic: exact shares, no rounding drift
    shares, remainders = exact // total, exact % total
    left = used - int(shares.sum())
    labels = territory_need.index.astype(str).to_numpy()
    order = np.lexsort((labels, -remainders))
    shares[order[:left]] += 1
    return pd.Series(shares, index=territory_need.index)


def _keys(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer sort keys of text values (their rank in sorted order; missing = "") and the
    sorted distinct values: a lexsort on integers, not on 54,000 strings."""
    keys, distinct = pd.factorize(values, sort=True)  # missing: -1, first, as "" would be
    return keys, np.asarray(distinct, dtype=object)


def _order(sites: pd.DataFrame, rule: str, need: np.ndarray) -> np.ndarray:
    """Positions of ``sites`` in the order they receive (``np.lexsort``: last key first);
    "need" is the students it concerns where ``sites`` says (:data:`WEIGHT`)."""
    codes, _ = _keys(sites[s.SITE_CODE])
    if WEIGHT in sites:
        need = sites[WEIGHT].to_numpy(dtype=float)
    if rule == "need":
        return np.lexsort((codes, -need))
    if rule == "rate":
        rate = np.nan_to_num(sites[RATE].to_numpy(dtype=float), nan=-np.inf)
        return np.lexsort((codes, -need, -rate))
    territory, _ = _keys(sites[s.TERRITORY])
    if rule == "priority":
        index = np.nan_to_num(sites[PRIORITY_COLUMN].to_numpy(dtype=float), nan=-np.inf)
        return np.lexsort((codes, -need, territory, -index))
    return np.lexsort((codes, -need, territory))


def allocate(sites: pd.DataFrame, amount: int, rule: str, cap: int = 0) -> np.ndarray:
    """Whole units per site (aligned with ``sites``), under ``rule``.

    ``sites`` has ``codigo_dane``, ``codigo_territorio``, ``need`` and, for their rules,
    ``rate`` and ``priority``. Each site in turn gets its need (at most ``cap`` when
    ``cap`` > 0) until the amount runs out: the units used are ``min(amount, Σ capped need)``.
    """
    return _allocate(sites, amount, rule, cap)[0]


def _allocate(
    sites: pd.DataFrame, amount: int, rule: str, cap: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`allocate`'s units, and the positions of ``sites`` in the order served."""
    check_rule(rule)
    need = sites[NEED].to_numpy(dtype=np.int64)
    capped = np.minimum(need, cap) if cap > 0 else need
    order = _order(sites, rule, need)
    ordered = capped[order]
    before = np.cumsum(ordered) - ordered  # units given to the sites served earlier
    if rule == "equity" and len(order):
        keys, distinct = _keys(sites[s.TERRITORY])
        territory = keys[order]  # sorted by territory: each one's sites are contiguous
        first = np.r_[True, territory[1:] != territory[:-1]]
        starts, group = np.flatnonzero(first), np.cumsum(first) - 1
        labels = np.append(distinct, "")[territory[starts]]  # -1 (no territory) -> ""
        need_by_territory = pd.Series(np.add.reduceat(ordered, starts), index=labels)
        budget = equity_shares(need_by_territory, amount).to_numpy()[group]
        before = before - before[starts][group]  # within the territory
    else:
        budget = np.full(len(ordered), int(amount), dtype=np.int64)
    units = np.zeros(len(need), dtype=np.int64)
    units[order] = np.clip(budget - before, 0, ordered)
    return units, order


def _territory_priority(dataset: Dataset, view: View) -> pd.Series:
    """Each territory's priority index (default weights, min-max) for the view's year and
    filters; empty when no indicator can enter it."""
    from geo.analysis.priority import priority, weights_from_query

    territory_view = View(year=view.year, filters=view.filters, min_n=view.min_n)

    def make() -> pd.Series:
        weights = weights_from_query({}, "territorio", dataset)
        if not any(weights.values()):
            return pd.Series(dtype=float)
        areas = priority(dataset, territory_view, weights, "minmax").areas
        return pd.Series(areas["value"].to_numpy(dtype=float), index=areas[s.CODE].astype(str))

    return dataset.remember(("plan_priority", territory_view), make)


# --- the plan -------------------------------------------------------------------------------


PLANS_KEPT = 8


def make_plan(dataset: Dataset, view: View, inputs: PlanInputs) -> Plan:
    """The plan for ``inputs`` on the sites the view's filters leave, in the view's year.

    The last ``PLANS_KEPT`` plans of a dataset are kept and shared by every session: the
    page, its rule comparison and a rerun that changes nothing in the plan read the same one
    (a plan holds every eligible site: a few, not ``Dataset.remember``'s hundreds). Read-only.
    """
    kept: OrderedDict = dataset.remember(("plans_kept",), OrderedDict)
    key = (view, inputs)
    plan = kept.get(key)
    if plan is None:
        plan = _make_plan(dataset, view, inputs)
        kept[key] = plan
        while len(kept) > PLANS_KEPT:
            kept.pop(next(iter(kept)), None)
    return plan


def _make_plan(dataset: Dataset, view: View, inputs: PlanInputs) -> Plan:
    intervention = get_intervention(inputs.intervention)
    eligible = _eligible_territories(view, inputs)
    sites = site_needs(dataset, intervention, view, inputs.norm, eligible)
    if inputs.rule == "priority":
        index = _territory_priority(dataset, view)
        keys, distinct = pd.factorize(sites[s.TERRITORY])
        found = index.reindex(np.asarray(distinct, dtype=object).astype(str)).to_numpy(float)
        sites[PRIORITY_COLUMN] = np.where(keys >= 0, found[keys], np.nan)
    units, order = _allocate(sites, inputs.units, inputs.rule, inputs.cap)
    sites[UNITS] = units
    sites[REACHED] = students_reached(intervention, sites, units, inputs.norm)
    # The sites that receive first, in the order they were served (with equity, territory by
    # territory), then the others: the list a meeting reads from the top.
    served_first = np.argsort(units[order] == 0, kind="stable")
    sites = sites.iloc[order[served_first]].reset_index(drop=True)
    sites.insert(0, "rank", np.arange(1, len(sites) + 1))
    sites = _with_names(dataset, sites)
    territories, city = _before_after(dataset, view, intervention, sites)
    totals = _totals(sites, territories, inputs)
    return Plan(inputs, intervention, view, sites, territories, city, totals)


def _eligible_territories(view: View, inputs: PlanInputs) -> tuple[str, ...] | None:
    """The territories whose sites may receive (None: all): those chosen, and with the
    view's zone (issue 15: comunas or corregimientos) only that zone's, as its map shows."""
    chosen = inputs.territories or None
    if not view.zone:
        return chosen
    kind = ZONE_KIND[view.zone]
    in_zone = tuple(code for code, territory in BY_CODE.items() if territory.kind == kind)
    return in_zone if chosen is None else tuple(c for c in chosen if c in in_zone)


def _with_names(dataset: Dataset, sites: pd.DataFrame) -> pd.DataFrame:
    """Each site's territory and barrio names, looked up once per distinct code."""
    for column, areas, name in (
        (s.TERRITORY, dataset.territories, "territory_name"),
        (s.BARRIO, dataset.barrios, "barrio_name"),
    ):
        if areas is None:
            sites[name] = pd.NA
            continue
        names = pd.Series(areas[s.NAME].to_numpy(), index=areas[s.CODE].astype(str))
        names = names[~names.index.duplicated()]
        keys, distinct = pd.factorize(sites[column])
        found = names.reindex(np.asarray(distinct, dtype=object)).to_numpy(dtype=object)
        sites[name] = pd.array(np.where(keys >= 0, found[keys], None), dtype="string")
    return sites


def _before_after(
    dataset: Dataset, view: View, intervention: Intervention, sites: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    indicator = get_indicator(intervention.shows)
    filters = view.filter_dict
    before = aggregated(dataset, indicator, view.year, "territorio", filters)
    codes = dataset.territories[s.CODE].astype(str)
    frame = pd.DataFrame({s.CODE: codes.to_numpy(), s.NAME: dataset.territories[s.NAME]})
    before = before.reindex(codes)
    keys, distinct = pd.factorize(sites[s.TERRITORY])
    placed = keys >= 0
    by_territory = pd.DataFrame(
        {
            column: np.bincount(
                keys[placed], weights=sites[column].to_numpy()[placed], minlength=len(distinct)
            )
            for column in (UNITS, REACHED)
        },
        index=np.asarray(distinct, dtype=object).astype(str),
    )
    given = by_territory.reindex(codes).fillna(0).astype(np.int64)
    frame["before_numerator"] = before["numerator"].to_numpy()
    frame["before_denominator"] = before["denominator"].to_numpy()
    frame["n_sites"] = before["n_sites"].fillna(0).astype(int).to_numpy()
    frame[UNITS] = given[UNITS].to_numpy()
    frame[REACHED] = given[REACHED].to_numpy()
    city_before = aggregated(dataset, indicator, view.year, CITY, filters).reindex([CITY]).iloc[0]
    total_units = int(sites[UNITS].sum())
    after_num, after_den = _after(
        intervention, frame["before_numerator"], frame["before_denominator"], frame[UNITS]
    )
    frame["after_numerator"], frame["after_denominator"] = after_num, after_den
    frame["before"] = _value(frame["before_numerator"], frame["before_denominator"], indicator)
    frame["after"] = _value(after_num, after_den, indicator)
    small = (frame["before_denominator"] < view.min_n).fillna(False).to_numpy()
    if indicator.denominator is None:
        small[:] = False
    frame["status"] = np.where(
        frame["before"].isna(), Status.NO_DATA, np.where(small, Status.SMALL, Status.OK)
    )
    if view.zone:  # issue 15: the other zone's territories are neither ranked nor in the gap
        kinds = frame[s.CODE].map({code: territory.kind for code, territory in BY_CODE.items()})
        frame["status"] = np.where(kinds != ZONE_KIND[view.zone], Status.OUTSIDE, frame["status"])
    city_num, city_den = _after(
        intervention,
        pd.Series([city_before["numerator"]]),
        pd.Series([city_before["denominator"]]),
        pd.Series([total_units]),
    )
    city = {
        "before_numerator": float(city_before["numerator"]),
        "before_denominator": float(city_before["denominator"]),
        "after_numerator": float(city_num.iloc[0]),
        "after_denominator": float(city_den.iloc[0]),
        "n_sites": int(np.nan_to_num(city_before["n_sites"])),
    }
    city["before"] = _value(
        pd.Series([city["before_numerator"]]), pd.Series([city["before_denominator"]]), indicator
    ).iloc[0]
    city["after"] = _value(
        pd.Series([city["after_numerator"]]), pd.Series([city["after_denominator"]]), indicator
    ).iloc[0]
    return frame, city


def _after(
    intervention: Intervention, numerator: pd.Series, denominator: pd.Series, units: pd.Series
) -> tuple[pd.Series, pd.Series]:
    units = units.astype(float)
    if intervention.effect == "numerator":
        return numerator - units.where(numerator.notna()), denominator.copy()
    if intervention.effect == "denominator":
        return numerator.copy(), denominator + units.where(denominator.notna())
    return numerator.copy(), denominator.copy()


def _value(numerator: pd.Series, denominator: pd.Series, indicator) -> pd.Series:
    if indicator.denominator is None:
        return numerator.astype(float)
    return numerator.astype(float) / denominator.astype(float).where(denominator > 0)


def _gap(values: pd.Series) -> float:
    present = values.dropna()
    return float(present.max() - present.min()) if len(present) else float("nan")


def _totals(sites: pd.DataFrame, territories: pd.DataFrame, inputs: PlanInputs) -> dict:
    ok = territories["status"] == Status.OK
    used = int(sites[UNITS].sum())
    need = int(sites[NEED].sum())
    return {
        "amount": inputs.units,
        "units_used": used,
        "units_left": inputs.units - used,
        "students_reached": int(sites[REACHED].sum()),
        "cost": used * inputs.cost_per_unit,
        "unit_cost": inputs.cost_per_unit,
        "need": need,
        "share_met": used / need if need else float("nan"),
        "sites_eligible": len(sites),
        "sites_reached": int((sites[UNITS] > 0).sum()),
        "territories_reached": int((territories[UNITS] > 0).sum()),
        "gap_before": _gap(territories["before"].where(ok)),
        "gap_after": _gap(territories["after"].where(ok)),
    }


def worst_after(plan: Plan, n: int = WORST_SHOWN) -> pd.DataFrame:
    """The ``n`` territories still worst after the plan (classified ones, worst first)."""
    indicator = get_indicator(plan.intervention.shows)
    rows = plan.territories[plan.territories["status"] == Status.OK]
    ascending = indicator.direction == "lower_worse"
    return rows.sort_values(["after", s.CODE], ascending=[ascending, True]).head(n)


def compare_rules(dataset: Dataset, view: View, inputs: PlanInputs, other: str) -> pd.DataFrame:
    """The plan under ``inputs.rule`` and under ``other`` for the same amount, one row each:
    units used, students, sites and territories reached, the gap before and after."""
    rows = []
    for rule in dict.fromkeys([inputs.rule, check_rule(other)]):
        totals = make_plan(dataset, view, replace(inputs, rule=rule)).totals
        keys = ("units_used", "students_reached", "sites_reached", "territories_reached")
        rows.append(
            {"rule": rule}
            | {key: totals[key] for key in keys}
            | {"gap_before": totals["gap_before"], "gap_after": totals["gap_after"]}
        )
    return pd.DataFrame(rows)


# --- maps: before and after with the same classes, and the change ---------------------------


def map_view(view: View, plan: Plan) -> View:
    """The view the plan's maps show: the indicator served, per territory, the view's
    classification (user-defined breaks belong to another indicator: quantiles instead)."""
    scheme = view.scheme if view.scheme != "user_defined" else "quantiles"
    return replace(
        view,
        indicator=plan.intervention.shows,
        education_level="",  # a plan counts every education level
        level="territorio",
        scheme=scheme,
        breaks=(),
        fixed=False,
        selected="",
        site="",
    )


def before_after_maps(dataset: Dataset, view: View, plan: Plan) -> tuple[Choropleth, Choropleth]:
    """The indicator before (as the Mapa page computes it) and after the plan, classified with
    the same breaks, so a territory that changes colour has crossed a class boundary."""
    before = compute(dataset, map_view(view, plan))
    moved = plan.territories.set_index(s.CODE).reindex(before.areas[s.CODE].astype(str))
    areas = before.areas.copy()
    areas["numerator"] = moved["after_numerator"].to_numpy()
    areas["denominator"] = moved["after_denominator"].to_numpy()
    areas["value"] = moved["after"].to_numpy()
    classified = areas["value"].where(areas["status"] == Status.OK).to_numpy()
    old = before.classification
    if old.k:
        classification = classify(
            classified, "user_defined", old.k, bins=old.upper, lower=old.lower
        )
        classification = replace(classification, scheme=old.scheme)
    else:
        classification = old
    city = before.city.copy()
    city["numerator"], city["denominator"] = (
        plan.city["after_numerator"],
        plan.city["after_denominator"],
    )
    city["value"] = plan.city["after"]
    return before, replace(before, areas=areas, classification=classification, city=city)


def plan_change(before: Choropleth, after: Choropleth) -> ChangeMap:
    """The change each territory's value makes under the plan (after − before)."""
    year = before.view.year
    return change_between(
        before.indicator, before.areas, after.areas, year, year, data_classes=True
    )


# --- the plan in a link: ``focalizar?intervention=computers&units=5000&rule=need&cap=20`` ----

PLAN_KEYS: Final = {
    "intervention": "intervention",
    "amount": "units",
    "budget": "budget",
    "unit_cost": "cost",
    "rule": "rule",
    "cap": "cap",
    "norm": "spc",  # students per computer, for school computers
    "territories": "terr",  # repeatable: only these territories are eligible
}
MAX_UNITS: Final = 10**9  # a bound for links and forms: more than any programme delivers


def plan_query(inputs: PlanInputs) -> dict[str, str | list[str]]:
    """The link keys of ``inputs`` (defaults left out, except the intervention and the rule)."""
    query: dict[str, str | list[str]] = {
        PLAN_KEYS["intervention"]: inputs.intervention,
        PLAN_KEYS["rule"]: inputs.rule,
    }
    if inputs.budget is not None:
        query[PLAN_KEYS["budget"]] = f"{inputs.budget:.15g}"
    else:
        query[PLAN_KEYS["amount"]] = str(inputs.units)
    if inputs.unit_cost is not None:
        query[PLAN_KEYS["unit_cost"]] = f"{inputs.unit_cost:.15g}"
    if inputs.cap:
        query[PLAN_KEYS["cap"]] = str(inputs.cap)
    if inputs.norm != DEFAULT_STUDENTS_PER_COMPUTER:
        query[PLAN_KEYS["norm"]] = str(inputs.norm)
    if inputs.territories:
        query[PLAN_KEYS["territories"]] = list(inputs.territories)
    return query


def inputs_from_query(
    params: dict[str, str | list[str]], territory_codes: tuple[str, ...] = ()
) -> tuple[PlanInputs, list[Fallback]]:
    """The plan a link describes, and the values it could not use (each replaced by its
    default, as the view does): an unknown intervention or rule, a number that is not a whole
    number in range, a territory not in the data."""
    from geo.model.interventions import INTERVENTIONS, RULES

    fallbacks: list[Fallback] = []

    def single(name: str) -> str | None:
        value = params.get(PLAN_KEYS[name])
        return value[-1] if isinstance(value, list) and value else value or None

    def choice(name: str, valid, default: str) -> str:
        given = single(name)
        if given is None or given in valid:
            return given or default
        fallbacks.append(Fallback(PLAN_KEYS[name], given, default))
        return default

    def number(
        name: str, low: float, high: float, whole: bool = True, default: str = ""
    ) -> float | None:
        given = single(name)
        if given is None:
            return None
        try:
            value = float(given)
        except ValueError:
            value = float("nan")
        if not low <= value <= high or (whole and not value.is_integer()):
            fallbacks.append(Fallback(PLAN_KEYS[name], given, default))
            return None
        return int(value) if whole else value

    intervention = choice("intervention", INTERVENTIONS, "computers")
    rule = choice("rule", RULES, "need")
    default = get_intervention(intervention).default_amount
    amount = number("amount", 0, MAX_UNITS, default=str(default))
    budget = number("budget", 0, 1e15, whole=False)
    unit_cost = number("unit_cost", 1, 1e12, whole=False)
    cap = number("cap", 0, MAX_UNITS, default="0")
    norm = number("norm", 1, 100, default=str(DEFAULT_STUDENTS_PER_COMPUTER))
    given = params.get(PLAN_KEYS["territories"]) or []
    given = [given] if isinstance(given, str) else list(given)
    territories = tuple(code for code in given if code in territory_codes)
    for code in given:
        if code not in territory_codes:
            fallbacks.append(Fallback(PLAN_KEYS["territories"], code, ""))
    inputs = PlanInputs(
        intervention,
        amount=default if amount is None else amount,
        rule=rule,
        cap=cap or 0,
        norm=DEFAULT_STUDENTS_PER_COMPUTER if norm is None else norm,
        unit_cost=unit_cost,
        budget=budget,
        territories=territories,
    )
    return inputs, fallbacks
