"""Evaluation of an intervention (issue 26): did it change the outcome?

A **difference in differences** on the site panel: the outcome of each site and year (a
site's own rate, numerator over denominator, or its count) on a treatment indicator, with site
and year fixed effects, weighted by the denominator (enrolment) for rates, standard errors
clustered by site (``linearmodels.PanelOLS``). The comparison group is the sites never treated
in the panel's years. An **event study** replaces the one indicator by one per year relative
to treatment (the year before treatment, −1, is the reference), and the **pre-trend test** is
the joint Wald test that the coefficients before treatment are all zero.

Staggered adoption (treated sites starting in different years) is not pooled: with effects that
differ by cohort, the two-way fixed-effects estimate mixes comparisons of late with early
treated sites and can have the wrong sign. One cohort is evaluated at a time against the
never-treated sites (the other cohorts left out), which is valid; asked for all cohorts at once
the estimate is refused.

What the estimate does not prove is said with it: it stands on parallel trends (without the
programme the treated sites would have moved like the comparison sites), on the treated sites
not having been chosen for a change already under way, and on nothing else happening to them
alone at the same time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from geo.analysis.aggregate import Filters, filter_facts
from geo.errors import DataError
from geo.model import schema as s
from geo.model.catalogue import Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.messages import MESSAGES, msg

TREATMENT_YEAR: Final = "anio_tratamiento"
REFERENCE: Final = -1  # the event study's reference year relative to treatment
LEVEL: Final = 0.95
# Outcomes every site has, offered by the page (the CLI takes any site-level indicator).
OUTCOMES: Final = ("dropout", "failure", "approval", "repetition", "overage")

_MESSAGES: Final = {
    "evaluate_no_treated": {
        "es": "ninguna de las {given} sedes tratadas está en los datos con el resultado.",
        "en": "none of the {given} treated sites is in the data with the outcome.",
    },
    "evaluate_no_treated_fix": {
        "es": "Revise los códigos DANE (12 dígitos) o el filtro de la lista.",
        "en": "Check the DANE codes (12 digits) or the list's filter.",
    },
    "evaluate_no_comparison": {
        "es": "no queda ninguna sede de comparación: todas las sedes con datos están tratadas.",
        "en": "no comparison site is left: every site with data is treated.",
    },
    "evaluate_no_comparison_fix": {
        "es": "Trate menos sedes o quite filtros, para que haya sedes sin el programa.",
        "en": "Treat fewer sites or remove filters, so some sites are without the programme.",
    },
    "evaluate_no_pre": {
        "es": "no hay ningún año antes del tratamiento ({year}): los datos empiezan en {first}.",
        "en": "there is no year before treatment ({year}): the data starts in {first}.",
    },
    "evaluate_no_pre_fix": {
        "es": "Una diferencia en diferencias necesita al menos un año antes del programa.",
        "en": "A difference in differences needs at least one year before the programme.",
    },
    "evaluate_no_post": {
        "es": "no hay ningún año desde el tratamiento ({year}): los datos llegan a {last}.",
        "en": "there is no year from treatment on ({year}): the data ends in {last}.",
    },
    "evaluate_no_post_fix": {
        "es": "Espere a tener datos del año del programa o elija otro año de tratamiento.",
        "en": "Wait for data of the programme's year or choose another treatment year.",
    },
    "evaluate_staggered": {
        "es": "las sedes tratadas empiezan en años distintos ({years}); una sola estimación "
        "de efectos fijos mezclaría cohortes y puede dar un signo equivocado.",
        "en": "the treated sites start in different years ({years}); one fixed-effects "
        "estimate would mix cohorts and can get the sign wrong.",
    },
    "evaluate_staggered_fix": {
        "es": "Evalúe una cohorte a la vez (--cohort AÑO): se compara con las sedes nunca "
        "tratadas y las otras cohortes quedan fuera.",
        "en": "Evaluate one cohort at a time (--cohort YEAR): it is compared with the "
        "never-treated sites and the other cohorts are left out.",
    },
    "evaluate_list_columns": {
        "es": "no tiene la columna del código DANE (codigo_dane) ni la del año de tratamiento "
        "(anio_tratamiento); hay: {found}.",
        "en": "lacks the DANE code column (codigo_dane) or the treatment year column "
        "(anio_tratamiento); found: {found}.",
    },
    "evaluate_list_fix": {
        "es": "Use una tabla con codigo_dane y anio_tratamiento, una sede por fila.",
        "en": "Use a table with codigo_dane and anio_tratamiento, one site per row.",
    },
    "evaluate_list_year": {
        "es": "la fila {row} tiene el año «{given}», que no es un año.",
        "en": "row {row} has the year '{given}', which is not a year.",
    },
    "evaluate_no_rate": {
        "es": "el resultado {indicator} se calcula con la población del territorio, no por sede.",
        "en": "the outcome {indicator} is computed from the territory's population, not per site.",
    },
    "evaluate_no_rate_fix": {
        "es": "Elija un resultado que cada sede tenga (deserción, reprobación...).",
        "en": "Choose an outcome every site has (dropout, failure...).",
    },
}
_clash = MESSAGES.keys() & _MESSAGES.keys()
if _clash:  # pragma: no cover - a programming error
    raise KeyError(f"geo.analysis.evaluate redefines message keys: {sorted(_clash)}")
MESSAGES.update(_MESSAGES)


def read_treated(data: bytes, name: str) -> pd.DataFrame:
    """The treated sites from a CSV or XLSX: ``codigo_dane`` and ``anio_tratamiento`` (other
    columns ignored); one row per site, the first year where a site is listed twice."""
    from geo.model.schema import normalise_header

    if name.lower().endswith((".xlsx", ".xlsm")):
        frame = pd.read_excel(io.BytesIO(data), dtype=str)
    else:
        frame = pd.read_csv(
            io.StringIO(data.decode("utf-8-sig")), dtype=str, sep=None, engine="python"
        )
    headers = {normalise_header(c): c for c in frame.columns}
    code = next(
        (headers[h] for h in ("codigo_dane", "dane", "codigo", "sede") if h in headers), None
    )
    year = next(
        (
            headers[h]
            for h in ("anio_tratamiento", "ano_tratamiento", "anio", "year")
            if h in headers
        ),
        None,
    )
    if code is None or year is None:
        raise DataError(
            msg("evaluate_list_columns", found=", ".join(map(str, frame.columns))),
            name,
            msg("evaluate_list_fix"),
        )
    rows = []
    for number, (dane, when) in enumerate(zip(frame[code], frame[year], strict=True), start=2):
        if pd.isna(dane) or not str(dane).strip():
            continue
        try:
            year_value = int(float(str(when).strip()))
        except ValueError:
            raise DataError(
                msg("evaluate_list_year", row=number, given=when), name, msg("evaluate_list_fix")
            ) from None
        rows.append((str(dane).strip(), year_value))
    listing = pd.DataFrame(rows, columns=[s.SITE_CODE, TREATMENT_YEAR])
    return listing.sort_values(TREATMENT_YEAR, kind="stable").drop_duplicates(s.SITE_CODE)


def treated_from_codes(codes: Sequence[str], year: int) -> pd.DataFrame:
    """A list of DANE codes (a Focalizar plan's sites) all treated from ``year``."""
    unique = list(dict.fromkeys(str(c) for c in codes))
    return pd.DataFrame({s.SITE_CODE: unique, TREATMENT_YEAR: int(year)})


def treated_from_switch(facts: pd.DataFrame, column: str, year: int) -> tuple[pd.DataFrame, set]:
    """The sites where ``column`` (a 1/0 such as ``banda_ancha``) turns on in ``year`` and
    stays on (treated from ``year``), and the sites that have it in any earlier year or turn
    it on another year (to be left out of the comparison: they are neither)."""
    panel = facts[[s.SITE_CODE, s.YEAR, column]].dropna()
    on = panel[panel[column].astype(float) > 0]
    first = on.groupby(s.SITE_CODE)[s.YEAR].min()
    treated = first[first == year].index
    # Treated only where it stays on from the year on (a site that switches it off is unclear).
    after = panel[panel[s.SITE_CODE].isin(treated) & (panel[s.YEAR] >= year)]
    steady = after.groupby(s.SITE_CODE)[column].min().astype(float) > 0
    treated = steady[steady].index
    excluded = set(first.index.astype(str)) - set(treated.astype(str))
    return treated_from_codes(treated.astype(str), year), excluded


@dataclass(frozen=True)
class Evaluation:
    outcome: Indicator
    cohort: int
    effect: float  # in the outcome's own units (a fraction for a share)
    std_error: float
    low: float
    high: float
    p_value: float
    events: pd.DataFrame  # relative year, coefficient, std_error, low, high (reference: 0)
    pretrend_stat: float | None  # the Wald statistic; None with one pre-treatment year only
    pretrend_p: float | None
    pretrend_df: int
    n_treated: int
    n_comparison: int
    n_left_out: int  # sites of other cohorts, or neither treated nor comparable
    n_unknown: int  # listed sites not in the data
    years: tuple[int, ...]
    weighted: bool
    n_rows: int
    means: dict = field(default_factory=dict)  # treated/comparison, before/after


def site_panel(
    dataset: Dataset, outcome: Indicator, filters: Filters | None = None
) -> pd.DataFrame:
    """One row per site and year with the outcome: ``y`` (the site's rate, or count) and
    ``w`` (its denominator, for rates; 1 for counts); rows without the outcome left out."""
    if outcome.denominator_source == "population":
        raise DataError(
            msg("evaluate_no_rate", indicator=outcome.label("es")),
            outcome.id,
            msg("evaluate_no_rate_fix"),
        )
    columns = [c for c in (outcome.numerator, outcome.denominator) if c]
    facts = filter_facts(dataset.facts, None, filters)
    rows = facts[[s.SITE_CODE, s.YEAR, *columns]].dropna()
    if outcome.denominator:
        rows = rows[rows[outcome.denominator] > 0]
        y = rows[outcome.numerator].to_numpy(float) / rows[outcome.denominator].to_numpy(float)
        w = rows[outcome.denominator].to_numpy(float)
    else:
        y = rows[outcome.numerator].to_numpy(float)
        w = np.ones(len(rows))
    return pd.DataFrame(
        {
            s.SITE_CODE: rows[s.SITE_CODE].astype(str).to_numpy(),
            s.YEAR: rows[s.YEAR].to_numpy(int),
            "y": y,
            "w": w,
        }
    )


def evaluate(
    panel: pd.DataFrame,
    treated: pd.DataFrame,
    outcome: Indicator,
    *,
    cohort: int | None = None,
    exclude: Sequence[str] = (),
    years: tuple[int, int] | None = None,
) -> Evaluation:
    """The difference in differences and event study of ``treated`` (``codigo_dane``,
    ``anio_tratamiento``) on ``panel`` (:func:`site_panel`).

    ``cohort`` picks the treated sites of one treatment year (needed when they start in
    different years); ``exclude`` names sites to leave out of the comparison group; ``years``
    restricts the panel to a span of years (inclusive)."""
    from linearmodels.panel import PanelOLS

    panel = panel if years is None else panel[panel[s.YEAR].between(*years)]
    listed = treated.assign(**{s.SITE_CODE: treated[s.SITE_CODE].astype(str)})
    known = listed[listed[s.SITE_CODE].isin(set(panel[s.SITE_CODE]))]
    if known.empty:
        raise DataError(
            msg("evaluate_no_treated", given=len(listed)),
            outcome.id,
            msg("evaluate_no_treated_fix"),
        )
    cohorts = sorted(int(y) for y in known[TREATMENT_YEAR].unique())
    if cohort is None and len(cohorts) > 1:
        raise DataError(
            msg("evaluate_staggered", years=", ".join(map(str, cohorts))),
            TREATMENT_YEAR,
            msg("evaluate_staggered_fix"),
        )
    cohort = cohorts[0] if cohort is None else int(cohort)
    mine = set(known.loc[known[TREATMENT_YEAR] == cohort, s.SITE_CODE])
    if not mine:
        raise DataError(
            msg("evaluate_no_treated", given=len(listed)),
            str(cohort),
            msg("evaluate_no_treated_fix"),
        )
    left_out = (set(known[s.SITE_CODE]) - mine) | (set(map(str, exclude)) - mine)
    panel = panel[~panel[s.SITE_CODE].isin(left_out)]
    first, last = int(panel[s.YEAR].min()), int(panel[s.YEAR].max())
    if first >= cohort:
        raise DataError(
            msg("evaluate_no_pre", year=cohort, first=first),
            str(cohort),
            msg("evaluate_no_pre_fix"),
        )
    if last < cohort:
        raise DataError(
            msg("evaluate_no_post", year=cohort, last=last),
            str(cohort),
            msg("evaluate_no_post_fix"),
        )
    is_treated = panel[s.SITE_CODE].isin(mine).to_numpy()
    n_comparison = int(panel.loc[~is_treated, s.SITE_CODE].nunique())
    if n_comparison == 0:
        raise DataError(
            msg("evaluate_no_comparison"), outcome.id, msg("evaluate_no_comparison_fix")
        )
    frame = panel.assign(
        treated=is_treated.astype(float),
        post=(panel[s.YEAR].to_numpy() >= cohort).astype(float),
    )
    frame["d"] = frame["treated"] * frame["post"]
    relative = frame[s.YEAR].to_numpy() - cohort
    events = [k for k in range(first - cohort, last - cohort + 1) if k != REFERENCE]
    names = {k: f"k{'m' if k < 0 else 'p'}{abs(k)}" for k in events}
    for k, name in names.items():
        frame[name] = ((relative == k) & is_treated).astype(float)
    # Sites as integers: linearmodels checks and groups the index many times, and a text
    # index (pandas' Arrow strings) costs several seconds at the nation's size.
    entity = pd.factorize(frame[s.SITE_CODE].to_numpy())[0]
    indexed = frame.drop(columns=s.SITE_CODE).set_index(
        [pd.Index(entity, name="site"), pd.Index(frame[s.YEAR].to_numpy(), name=s.YEAR)]
    )
    weighted = outcome.denominator is not None
    weights = indexed["w"] if weighted else None

    def fit(columns: list[str]):
        model = PanelOLS(
            indexed["y"],
            indexed[columns],
            entity_effects=True,
            time_effects=True,
            weights=weights,
            drop_absorbed=True,
            check_rank=False,
        )
        return model.fit(cov_type="clustered", cluster_entity=True)

    result = fit(["d"])
    interval = result.conf_int(level=LEVEL).loc["d"]
    study = fit(list(names.values()))
    bounds = study.conf_int(level=LEVEL)
    event_rows = [
        {"relative_year": REFERENCE, "coefficient": 0.0, "std_error": 0.0, "low": 0.0, "high": 0.0}
    ]
    for k, name in names.items():
        if name not in study.params:
            continue
        event_rows.append(
            {
                "relative_year": k,
                "coefficient": float(study.params[name]),
                "std_error": float(study.std_errors[name]),
                "low": float(bounds.loc[name, "lower"]),
                "high": float(bounds.loc[name, "upper"]),
            }
        )
    event_frame = pd.DataFrame(event_rows).sort_values("relative_year").reset_index(drop=True)
    pre = [names[k] for k in events if k < REFERENCE and names[k] in study.params]
    stat = p = None
    if pre:
        restriction = np.zeros((len(pre), len(study.params)))
        for i, name in enumerate(pre):
            restriction[i, list(study.params.index).index(name)] = 1.0
        wald = study.wald_test(restriction, np.zeros(len(pre)))
        stat, p = float(wald.stat), float(wald.pval)
    return Evaluation(
        outcome=outcome,
        cohort=cohort,
        effect=float(result.params["d"]),
        std_error=float(result.std_errors["d"]),
        low=float(interval["lower"]),
        high=float(interval["upper"]),
        p_value=float(result.pvalues["d"]),
        events=event_frame,
        pretrend_stat=stat,
        pretrend_p=p,
        pretrend_df=len(pre),
        n_treated=len(mine & set(panel[s.SITE_CODE])),
        n_comparison=n_comparison,
        n_left_out=len(left_out),
        n_unknown=len(listed) - len(known),
        years=tuple(range(first, last + 1)),
        weighted=weighted,
        n_rows=len(frame),
        means=_means(frame),
    )


def _means(frame: pd.DataFrame) -> dict:
    """The weighted mean outcome of treated and comparison sites before and after: the two
    differences the estimate differences, for the reading."""
    out = {}
    for group, treated in (("treated", 1.0), ("comparison", 0.0)):
        for period, post in (("before", 0.0), ("after", 1.0)):
            rows = frame[(frame["treated"] == treated) & (frame["post"] == post)]
            out[f"{group}_{period}"] = float(np.average(rows["y"], weights=rows["w"]))
    return out


def evaluate_dataset(
    dataset: Dataset,
    treated: pd.DataFrame,
    outcome_id: str,
    education_level: str = "",
    filters: Filters | None = None,
    **options,
) -> Evaluation:
    """:func:`evaluate` on ``dataset``'s site panel of the outcome (remembered per dataset)."""
    outcome = get_indicator(outcome_id, education_level)
    filter_key = tuple(sorted((c, tuple(map(str, v))) for c, v in (filters or {}).items()))
    key = ("site_panel", outcome.id, outcome.education_level, filter_key)
    panel = dataset.remember(key, lambda: site_panel(dataset, outcome, filters))
    return evaluate(panel, treated, outcome, **options)
