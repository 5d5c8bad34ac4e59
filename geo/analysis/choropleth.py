"""From a dataset and a view to what a map shows: values per area, classes, ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.aggregate import CITY, aggregated
from geo.analysis.classify import Classification, classify
from geo.analysis.levels import shapes
from geo.analysis.zones import KIND_COLUMN, area_kinds
from geo.model import schema as s
from geo.model.catalogue import Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.formatting import format_base, format_number, format_value
from geo.model.i18n import t
from geo.model.view import ZONE_KIND, ZONE_NAMES, View


class Status(StrEnum):
    """What a map says of an area's value. A ``str`` equal to its value (``"ok"``...), which
    is what the areas' ``status`` column holds and what exports and the map's GeoJSON carry."""

    OK = "ok"  # classified: coloured by its class
    SMALL = "small"  # a rate whose denominator is below the view's minimum n
    NO_DATA = "no_data"  # no site reported (in the priority index: a component missing)
    OUTSIDE = "outside"  # outside the view's zone (issue 15): drawn muted, not classified/ranked


# Columns that count sites: an indicator made of one of them already shows each area's sites.
_SITE_COUNTS = frozenset({s.SITE_COUNT, s.SITES_REPORTING})


@dataclass(frozen=True)
class Choropleth:
    """One view computed: ``areas`` in map order, their classes, and the city total.

    ``areas["status"]`` holds :class:`Status` values: ``ok`` (classified), ``small`` (a rate
    whose denominator is below the view's minimum: shown with its n, not coloured like the
    others) or ``no_data``.
    ``classification.classes`` is ``None`` for every area that is not ``ok``.
    """

    view: View
    indicator: Indicator
    areas: (
        gpd.GeoDataFrame
    )  # codigo, nombre, geometry, numerator, denominator, value, n_sites, status
    classification: Classification
    city: pd.Series  # numerator, denominator, value, n_sites for the whole city
    notes: dict | None = None  # how a derived indicator (the priority index) was made
    # Coverage over a population aged 5-16 estimated from totals (the official download):
    # the map, its legend and the exports say so (``coverage_estimated_note``).
    population_estimated: bool = False

    @property
    def no_data_count(self) -> int:
        return int((self.areas["status"] == Status.NO_DATA).sum())

    @property
    def small_count(self) -> int:
        return int((self.areas["status"] == Status.SMALL).sum())


def compute(
    dataset: Dataset,
    view: View,
    bins: Sequence[float] | None = None,
    lower: float | None = None,
) -> Choropleth:
    """Aggregate, join to the level's shapes and classify, as ``view`` asks (or with given
    ``bins``, so that two maps share their breaks).

    Remembered per dataset and view (``Dataset.remember``): treat the result as read-only.
    """
    key = ("choropleth", view, None if bins is None else tuple(bins), lower)
    return dataset.remember(key, lambda: _compute(dataset, view, bins, lower))


def _compute(
    dataset: Dataset, view: View, bins: Sequence[float] | None, lower: float | None
) -> Choropleth:
    indicator = get_indicator(view.indicator, view.education_level)
    if view.palette:
        indicator = replace(indicator, palette=view.palette)
    areas = shapes(dataset, view.level)[[s.CODE, s.NAME, "geometry"]]
    areas = areas.merge(
        _values(dataset, indicator, view, view.year), left_on=s.CODE, right_index=True, how="left"
    )
    areas["n_sites"] = areas["n_sites"].fillna(0).astype(int)
    areas["status"] = np.where(
        areas["value"].isna(),
        Status.NO_DATA,
        np.where(_is_small(areas, indicator, view), Status.SMALL, Status.OK),
    )
    # Issue 15: each area's zone, and with a zone chosen the others are outside it: they keep
    # their value (their tooltip reads it) but are neither classified nor ranked.
    kinds = area_kinds(dataset, areas, view.level)
    if kinds is not None:
        areas[KIND_COLUMN] = kinds.to_numpy()
        if view.zone:
            outside = (kinds != ZONE_KIND[view.zone]).to_numpy()
            areas["status"] = np.where(outside, Status.OUTSIDE, areas["status"])
    classified = areas["value"].where(areas["status"] == Status.OK).to_numpy()
    if bins is not None:
        classification = classify(classified, "user_defined", view.k, bins=bins, lower=lower)
        classification = replace(classification, scheme=view.scheme)
    elif view.scheme == "user_defined":
        classification = classify(classified, "user_defined", view.k, bins=view.breaks)
    elif view.fixed and (fixed := _breaks_over_years(dataset, indicator, view))[0]:
        breaks, smallest = fixed
        classification = classify(classified, "user_defined", view.k, bins=breaks, lower=smallest)
        classification = replace(classification, scheme=view.scheme)
    else:
        classification = classify(classified, view.scheme, view.k)
    city = (
        aggregated(dataset, indicator, view.year, CITY, view.filter_dict)
        .reindex([CITY])
        .fillna({"n_sites": 0})
        .loc[CITY]
    )
    estimated = indicator.denominator_source == "population" and dataset.population_estimated(
        view.year
    )
    return Choropleth(view, indicator, areas, classification, city, None, estimated)


def _values(dataset: Dataset, indicator: Indicator, view: View, year: int) -> pd.DataFrame:
    return aggregated(dataset, indicator, year, view.level, view.filter_dict)


def _is_small(areas: pd.DataFrame, indicator: Indicator, view: View) -> np.ndarray:
    if indicator.denominator is None:
        return np.zeros(len(areas), dtype=bool)
    return (areas["denominator"] < view.min_n).fillna(False).to_numpy()


def _breaks_over_years(
    dataset: Dataset, indicator: Indicator, view: View
) -> tuple[tuple[float, ...], float]:
    """The scheme's breaks over every year's values at once, so colours compare over time."""
    pooled = []
    for year in dataset.years:
        values = _values(dataset, indicator, view, year)
        small = _is_small(values, indicator, view)
        kinds = area_kinds(dataset, pd.DataFrame({s.CODE: values.index}), view.level)
        if view.zone and kinds is not None:  # the zone's areas only (issue 15)
            small = small | (kinds != ZONE_KIND[view.zone]).to_numpy()
        pooled.append(values["value"].where(~small).dropna().to_numpy())
    everything = np.concatenate(pooled) if pooled else np.array([np.nan])
    classification = classify(everything, view.scheme, view.k)
    return classification.upper, classification.lower


def shared_breaks(dataset: Dataset, first: View, second: View) -> tuple[Choropleth, Choropleth]:
    """Two views of the same indicator classified with one set of breaks over both."""
    a, b = compute(dataset, first), compute(dataset, second)
    pooled = np.concatenate(
        [c.areas["value"].where(c.areas["status"] == Status.OK).dropna().to_numpy() for c in (a, b)]
    )
    both = classify(pooled, first.scheme, first.k, bins=first.breaks or None)
    if both.k == 0:
        return a, b
    return (
        compute(dataset, first, bins=both.upper, lower=both.lower),
        compute(dataset, second, bins=both.upper, lower=both.lower),
    )


def with_estimate(source: str, estimated: bool, lang: str) -> str:
    """A source line that says, when ``estimated``, that the coverage it sources rests on a
    population aged 5-16 estimated from totals (the map's legend, a ficha)."""
    return f"{source} · {t('coverage_estimated_source', lang)}" if estimated else source


def subtitle(choropleth: Choropleth, lang: str = "es") -> str:
    """Filters and year as a sentence: "Oficial, urbana, 2024"."""
    return filters_sentence(choropleth.view, lang)


def filters_sentence(view: View, lang: str) -> str:
    """Active filters and the year in words: "Oficial o Cobertura contratada, rural, 2021"."""
    word = {"es": " o ", "en": " or "}[lang]
    parts = [word.join(values) for _, values in view.filters]
    parts = [parts[0], *(p.lower() for p in parts[1:])] if parts else []
    if view.zone:  # issue 15: "Comunas (urbano), Oficial, 2024"
        parts = [ZONE_NAMES[view.zone][lang], *(p.lower() for p in parts)]
    return ", ".join([*parts, str(view.year)])


def counts_sites(indicator: Indicator) -> bool:
    """Whether the indicator's value or denominator is the number of sites (*Sedes
    educativas*; *Sedes sin banda ancha*, "17 de 40" sedes), so that a column of sites per
    area would repeat it."""
    return bool({indicator.numerator, indicator.denominator} & _SITE_COUNTS)


def _kind_name(kind: str | None, lang: str) -> str:
    return t(f"kind_{kind}", lang) if kind in ("comuna", "corregimiento") else ""


def ranked_areas(choropleth: Choropleth) -> pd.DataFrame:
    """The areas (without geometry) from worst to best, largest first for neutral indicators,
    with their ``rank`` (1 = worst; ``None`` for small samples and no data, which follow the
    ranked areas in that order); ties by name. With a zone, only the zone's areas."""
    areas = pd.DataFrame(choropleth.areas.drop(columns="geometry"))
    areas = areas[areas["status"] != Status.OUTSIDE]  # with a zone, only its areas (issue 15)
    order = areas["status"].map({Status.OK: 0, Status.SMALL: 1, Status.NO_DATA: 2})
    ascending = choropleth.indicator.direction == "lower_worse"
    ordered = areas.assign(_order=order).sort_values(
        ["_order", "value", s.NAME], ascending=[True, ascending, True], na_position="last"
    )
    ranked = (ordered["status"] == Status.OK).to_numpy()
    ordered["rank"] = np.where(ranked, np.cumsum(ranked), None)
    return ordered.drop(columns="_order")


def ranking(choropleth: Choropleth, lang: str) -> pd.DataFrame:
    """Areas from worst to best (largest first for neutral indicators); small samples after
    the ranked areas, then no data. Values are text in ``lang``; the city total comes last.

    The number of sites per area is a column of its own unless the indicator already is
    (or is over) that number (:func:`counts_sites`).
    """
    indicator = choropleth.indicator
    ordered = ranked_areas(choropleth)
    rank = ordered["rank"].to_numpy()
    small = f" ({t('small_sample', lang).lower()})"
    table = pd.DataFrame(
        {
            t("rank", lang): rank,
            t("territory", lang): ordered[s.NAME].to_numpy(),
            indicator.label(lang): [
                format_value(v, indicator, lang) + (small if status == Status.SMALL else "")
                for v, status in zip(ordered["value"], ordered["status"], strict=True)
            ],
        }
    )
    if KIND_COLUMN in ordered:  # issue 15: the zone beside each name
        kinds = [_kind_name(kind, lang) for kind in ordered[KIND_COLUMN]]
        table.insert(2, t("territory_kind", lang), kinds)
    if indicator.denominator is not None:
        table[t("n", lang)] = [
            format_base(n, d, indicator, lang) if pd.notna(v) else "—"
            for n, d, v in zip(
                ordered["numerator"], ordered["denominator"], ordered["value"], strict=True
            )
        ]
    city = choropleth.city
    city_row = {
        t("rank", lang): None,
        t("territory", lang): t("city", lang),
        indicator.label(lang): format_value(city["value"], indicator, lang),
    }
    if indicator.denominator is not None:
        city_row[t("n", lang)] = format_base(
            city["numerator"], city["denominator"], indicator, lang
        )
    if not counts_sites(indicator):
        table[t("sites", lang)] = [format_number(n, 0, lang) for n in ordered["n_sites"]]
        city_row[t("sites", lang)] = format_number(city["n_sites"], 0, lang)
    return pd.concat([table, pd.DataFrame([city_row])], ignore_index=True)
