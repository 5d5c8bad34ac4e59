"""A territory's profile (*ficha territorial*, issue 25): everything the data says of one area.

A pure function of the dataset, the view and the area's code, built from the stages the maps
use: each indicator's value, n and city value come from :func:`geo.analysis.choropleth.compute`
(the same sums as the map), its rank from :func:`~geo.analysis.choropleth.ranked_areas` among
the territories of the area's own zone (a comuna among the 16 comunas, a corregimiento among
the 5 corregimientos, as the Mapa page ranks with a zone chosen), its trend and change from
the sums :func:`geo.analysis.drilldown.trend` draws (for every area at once, so that a booklet
adds them once) and ``change_since_first``, its sites from
:func:`~geo.analysis.drilldown.site_values` and the five with the highest dropout risk from
:func:`geo.analysis.risk.risk_sites`.

The profile holds numbers and their text in the view's language; the renderers
(``geo.render.ficha``) only lay it out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from geo.analysis.aggregate import CITY, LEVEL_COLUMNS, aggregated, aggregated_by_year
from geo.analysis.choropleth import (
    Status,
    compute,
    filters_sentence,
    ranked_areas,
    with_estimate,
)
from geo.analysis.drilldown import change_since_first, site_values
from geo.analysis.levels import shapes
from geo.analysis.risk import risk_sites
from geo.analysis.zones import area_kinds
from geo.model import schema as s
from geo.model.catalogue import EDUCATION_LEVEL_NAMES, INDICATORS, Indicator, get_indicator
from geo.model.dataset import Dataset
from geo.model.formatting import format_base, format_in_unit, format_number, format_value
from geo.model.i18n import DEFAULT_LANGUAGE, t
from geo.model.view import ZONE_KIND, View

RISK_SITES = 5  # the sites listed with the highest dropout risk
WORST_SHARE = 0.25  # "among the worst": the first quarter of the ranked areas
WORST_NAMED = 4  # indicators named in that sentence, the worst ranked first; then "and N more"
_KINDS_ZONE = {kind: zone for zone, kind in ZONE_KIND.items()}


@dataclass(frozen=True)
class Line:
    """One indicator of the profile: numbers, then their text in the profile's language."""

    indicator: Indicator
    value: float
    numerator: float
    denominator: float
    n_sites: int
    status: Status
    city: float
    city_numerator: float
    city_denominator: float
    rank: int | None  # 1 = worst (largest for neutral indicators); None: small sample, no data
    ranked: int  # how many areas of the group have a rank
    first_year: int | None  # the first year with a value, when the change can be told
    change: float | None  # last year minus first year
    city_change: float | None
    years: tuple[int, ...]
    series: tuple[float, ...]  # the area's value per year (NaN without data)
    city_series: tuple[float, ...]
    text: dict[str, str] = field(default_factory=dict)  # value, n, city, rank, change


@dataclass(frozen=True)
class LevelRow:
    """An indicator by education level: the area's and the city's value at each level."""

    indicator: Indicator
    cells: tuple[tuple[str, float, float], ...]  # (education level, area value, city value)
    text: tuple[tuple[str, str], ...]  # (area value, city value) as text, per level


@dataclass(frozen=True)
class Profile:
    """One territory's ficha. ``lines`` follow the catalogue's order."""

    code: str
    name: str
    level: str
    kind: str  # comuna, corregimiento, barrio, vereda, nucleo, or "" when unknown
    parent: str  # a barrio's or vereda's territory (its name), else ""
    group: str  # the rank group's key (``comunas``, ``barrios_corregimientos``...)
    view: View
    lines: tuple[Line, ...]
    levels: tuple[LevelRow, ...]
    education_levels: tuple[str, ...]
    sectors: tuple[tuple[str, int], ...]  # (sector, sites), largest first
    site_total: int
    risk: pd.DataFrame  # the five sites with the highest risk index (name, sector, index...)
    sentences: tuple[str, ...]
    source: str
    licence: str
    is_demo: bool
    filters: str  # the view's filters in words, "" without filters

    @property
    def lang(self) -> str:
        return self.view.lang


def areas_of(dataset: Dataset, level: str) -> pd.DataFrame:
    """The codes and names of the areas of ``level``, in map order (``codigo``, ``nombre``)."""
    return pd.DataFrame(shapes(dataset, level)[[s.CODE, s.NAME]]).reset_index(drop=True)


def build_profile(dataset: Dataset, view: View, code: str) -> Profile:
    """The ficha of area ``code`` of ``view.level`` for ``view.year``, in ``view.lang``.

    Parameters
    ----------
    dataset : Dataset
    view : View
        Its level, year, filters, education level, minimum n and language are used; its
        indicator is the one the first sentence speaks of.
    code : str
        An area of ``view.level``; ``ValueError`` names the valid ones otherwise.

    Returns
    -------
    Profile
        Remembered per dataset, view and code (treat it as read-only).
    """
    view = replace(view, selected="", site="", zone="", ficha=code)
    return dataset.remember(("ficha", view, code), lambda: _build(dataset, view, code))


def _build(dataset: Dataset, view: View, code: str) -> Profile:
    areas = areas_of(dataset, view.level)
    names = dict(zip(areas[s.CODE].astype(str), areas[s.NAME].astype(str), strict=True))
    if code not in names:
        shown = ", ".join(list(names)[:30])
        raise ValueError(f"No area {code!r} at level {view.level!r}; valid codes: {shown}.")
    kind = _kind(dataset, view.level, code)
    zone = _KINDS_ZONE.get(kind, "") if kind else ""
    group = _group(view.level, zone, kind is not None)
    lang = view.lang
    lines = tuple(
        line
        for indicator_id in dataset.available_indicators()
        if view.level in INDICATORS[indicator_id].levels
        and (line := _line(dataset, view, indicator_id, code, zone, group)) is not None
    )
    sites = site_values(dataset, view, code)
    counts = sites[s.SECTOR].fillna("—").astype(str).value_counts()
    sectors = tuple(
        sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    )
    risk = _risk(dataset, view, code)
    levels, education_levels = _level_rows(dataset, view, code)
    profile = Profile(
        code=code,
        name=names[code],
        level=view.level,
        kind=_kind_word(view.level, kind),
        parent=_parent(dataset, view.level, code),
        group=group,
        view=view,
        lines=lines,
        levels=levels,
        education_levels=education_levels,
        sectors=sectors,
        site_total=len(sites),
        risk=risk,
        sentences=(),
        source=with_estimate(dataset.source_text(lang), _on_estimate(dataset, view, lines), lang),
        licence=dataset.licence_text(lang),
        is_demo=dataset.is_demo,
        filters=filters_sentence(view, lang).rpartition(", ")[0],
    )
    return replace(profile, sentences=sentences(profile))


def _on_estimate(dataset: Dataset, view: View, lines: tuple[Line, ...]) -> bool:
    """Whether a coverage the ficha shows rests on a population estimated from totals."""
    return dataset.population_estimated(view.year) and any(
        line.indicator.denominator_source == "population" and pd.notna(line.value) for line in lines
    )


def _kind(dataset: Dataset, level: str, code: str) -> str | None:
    """``comuna`` or ``corregimiento`` for an area of a level with zones, else None."""
    kinds = area_kinds(dataset, pd.DataFrame({s.CODE: [code]}), level)
    return None if kinds is None else kinds.iloc[0]


def _parent(dataset: Dataset, level: str, code: str) -> str:
    if level != "barrio" or dataset.barrios is None or s.TERRITORY not in dataset.barrios:
        return ""
    barrios = dataset.barrios.set_index(dataset.barrios[s.CODE].astype(str))
    territories = dataset.territories.set_index(dataset.territories[s.CODE].astype(str))
    territory = str(barrios[s.TERRITORY].get(code, ""))
    return str(territories[s.NAME].get(territory, territory))


def _kind_word(level: str, kind: str | None) -> str:
    if level == "nucleo":
        return "nucleo"
    if level == "barrio":
        return {"comuna": "barrio", "corregimiento": "vereda"}.get(kind or "", "barrio")
    return kind or ""


def _group(level: str, zone: str, has_zone: bool) -> str:
    if level == "nucleo":
        return "nucleos"
    if level == "barrio":
        return f"barrios_{zone}" if has_zone and zone else "barrios"
    return zone if has_zone and zone else "territorios"


def _line(
    dataset: Dataset, view: View, indicator_id: str, code: str, zone: str, group: str
) -> Line | None:
    """The indicator's line, or None when neither the area nor the city has it this year."""
    # The numbers do not depend on the language: the ficha in English reuses the Spanish one's.
    shown = replace(
        view.with_indicator(indicator_id), zone=zone, ficha="", lang=DEFAULT_LANGUAGE
    ).compatible()
    if shown.level != view.level:
        return None
    choropleth = compute(dataset, shown)
    if pd.isna(choropleth.city["value"]):
        return None
    indicator = choropleth.indicator
    # Once per view for every area of the group (a booklet asks 21 times).
    ordered = dataset.remember(
        ("ficha_ranked", shown), lambda: ranked_areas(choropleth).set_index(s.CODE)
    )
    area = ordered.loc[code]
    years, per_area, per_city = _series(dataset, shown)
    year_at = years.index(view.year)
    area_series = per_area.loc[code].iloc[: year_at + 1].reset_index(drop=True)
    city_series = per_city.iloc[: year_at + 1].reset_index(drop=True)
    change = change_since_first(area_series)
    first_year = years[change[0]] if change else None
    city_change = (
        float(city_series.iloc[-1] - city_series.iloc[change[0]])
        if change and pd.notna(city_series.iloc[change[0]])
        else None
    )
    line = Line(
        indicator=indicator,
        value=float(area["value"]),
        numerator=float(area["numerator"]),
        denominator=float(area["denominator"]),
        n_sites=int(area["n_sites"]),
        status=Status(area["status"]),
        city=float(choropleth.city["value"]),
        city_numerator=float(choropleth.city["numerator"]),
        city_denominator=float(choropleth.city["denominator"]),
        rank=None if area["rank"] is None or pd.isna(area["rank"]) else int(area["rank"]),
        ranked=int(ordered["rank"].notna().sum()),
        first_year=first_year,
        change=change[1] if change else None,
        city_change=city_change,
        years=years[: year_at + 1],
        series=tuple(float(v) for v in area_series),
        city_series=tuple(float(v) for v in city_series),
    )
    return replace(line, text=_line_text(line, group, view.lang))


def _series(dataset: Dataset, view: View) -> tuple[tuple[int, ...], pd.DataFrame, pd.Series]:
    """Every area's value per year (areas x years) and the city's, under the view's filters:
    the sums :func:`geo.analysis.drilldown.trend` draws, for all areas and years in one pass
    (:func:`~geo.analysis.aggregate.aggregate_by_year`), remembered per view."""

    def make() -> tuple[tuple[int, ...], pd.DataFrame, pd.Series]:
        indicator = get_indicator(view.indicator, view.education_level)
        years = tuple(int(y) for y in dataset.years)
        codes = shapes(dataset, view.level)[s.CODE].astype(str).to_numpy()
        areas = aggregated_by_year(dataset, indicator, view.level, view.filter_dict)["value"]
        city = aggregated_by_year(dataset, indicator, CITY, view.filter_dict)["value"]
        per_area = areas.unstack(s.YEAR).reindex(index=codes, columns=list(years))
        per_area.columns = list(years)
        per_city = city.xs(CITY, level=s.CODE).reindex(list(years)).astype(float)
        per_city.index = list(years)
        return years, per_area, per_city

    return dataset.remember(("ficha_series", view), make)


def _line_text(line: Line, group: str, lang: str) -> dict[str, str]:
    indicator = line.indicator
    has_base = indicator.denominator is not None and not math.isnan(line.value)
    text = {
        "value": format_value(line.value, indicator, lang),
        "n": format_base(line.numerator, line.denominator, indicator, lang) if has_base else "",
        "sites": format_number(line.n_sites, 0, lang),
        "city": format_value(line.city, indicator, lang),
        "rank": rank_text(line, group, lang),
        "change": format_change(line.change, indicator, lang),
        "city_change": format_change(line.city_change, indicator, lang),
    }
    return text


def rank_text(line: Line, group: str, lang: str) -> str:
    """``3.º de 16 comunas`` / ``3rd of 16 comunas``, or "sin puesto"."""
    if line.rank is None:
        return t(
            "ficha_not_ranked_small" if line.status == Status.SMALL else "ficha_not_ranked", lang
        )
    rank = str(line.rank) if lang == "es" else ordinal_en(line.rank)
    return t("ficha_rank_of", lang).format(
        rank=rank, n=format_number(line.ranked, 0, lang), group=t(f"ficha_group_{group}", lang)
    )


def ordinal_en(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_change(change: float | None, indicator: Indicator, lang: str) -> str:
    """A signed change in the indicator's unit: percentages in points (``+1,0``,
    ``−0,6``), the rest as their values are written; "—" when it cannot be told."""
    if change is None or math.isnan(change):
        return "—"
    if indicator.unit == "percent":
        text = format_number(abs(100 * change), 1, lang)
        zero = format_number(0, 1, lang)
    else:
        text = format_in_unit(abs(change), indicator.unit, lang)
        zero = format_in_unit(0, indicator.unit, lang)
    if text == zero:
        return text
    return ("+" if change > 0 else "−") + text


def _risk(dataset: Dataset, view: View, code: str) -> pd.DataFrame:
    columns = [s.SITE_CODE, s.SITE_NAME, s.SECTOR, "index", "rank", "band", "dropout"]
    table = risk_sites(dataset, view.year, view.filter_dict)
    column = LEVEL_COLUMNS[view.level]
    if column not in table or "rank" not in table:
        return pd.DataFrame(columns=columns)
    mine = table[(table[column].astype(str) == code) & table["rank"].notna()]
    mine = mine.sort_values(["rank", s.SITE_CODE]).head(RISK_SITES)
    return mine.reindex(columns=columns).reset_index(drop=True)


def _level_rows(
    dataset: Dataset, view: View, code: str
) -> tuple[tuple[LevelRow, ...], tuple[str, ...]]:
    """Each indicator with figures for two or more education levels: the area's and the
    city's value at each (the same sums as the map at that level)."""
    rows = []
    used: list[str] = []
    for indicator_id in dataset.available_indicators():
        levels = dataset.education_levels(indicator_id)
        base = INDICATORS[indicator_id]
        if len(levels) < 2 or view.level not in base.levels:
            continue
        cells, text = [], []
        for level in levels:
            indicator = get_indicator(indicator_id, level)
            area = aggregated(dataset, indicator, view.year, view.level, view.filter_dict)
            city = aggregated(dataset, indicator, view.year, CITY, view.filter_dict)
            value = float(area["value"].get(code, np.nan))
            city_value = float(city["value"].get(CITY, np.nan))
            cells.append((level, value, city_value))
            text.append(
                (
                    format_value(value, indicator, view.lang),
                    format_value(city_value, indicator, view.lang),
                )
            )
        if all(math.isnan(c[2]) for c in cells):
            continue
        used.extend(lv for lv in levels if lv not in used)
        rows.append(LevelRow(base, tuple(cells), tuple(text)))
    order = [lv for lv in EDUCATION_LEVEL_NAMES if lv in used]
    return tuple(rows), tuple(order)


# Sentences -----------------------------------------------------------------------------------


def sentences(profile: Profile) -> tuple[str, ...]:
    """Short sentences from the numbers: the view's indicator against the city and since the
    first year; where the area is among the worst quarter of its group; its sites; its site
    with the highest dropout risk."""
    lang = profile.lang
    said: list[str] = []
    main = next((ln for ln in profile.lines if ln.indicator.id == profile.view.indicator), None)
    if main is None and profile.lines:
        main = profile.lines[0]
    if main is not None and not math.isnan(main.value):
        said.extend(_indicator_sentences(main, profile.name, lang))
    worst = [
        ln
        for ln in profile.lines
        if ln.rank is not None
        and ln.indicator.direction != "neutral"
        and ln.ranked >= 4
        and ln.rank <= _limit(ln.ranked)
    ]
    if worst:
        peers = [ln for ln in worst if ln.ranked == worst[0].ranked]
        names = [
            f"{ln.indicator.short[lang]} ({ln.rank}.º)"
            if lang == "es"
            else f"{ln.indicator.short[lang]} ({ordinal_en(ln.rank)})"
            for ln in sorted(peers, key=lambda ln: ln.rank)
        ]
        listed = ", ".join(names[:WORST_NAMED])
        if len(names) > WORST_NAMED:
            listed = t("ficha_and_more", lang).format(
                names=listed, n=format_number(len(names) - WORST_NAMED, 0, lang)
            )
        limit = _limit(worst[0].ranked)
        said.append(
            t("ficha_sentence_worst_one" if limit == 1 else "ficha_sentence_worst", lang).format(
                n=format_number(worst[0].ranked, 0, lang),
                group=t(f"ficha_group_{profile.group}", lang),
                limit=format_number(limit, 0, lang),
                names=listed,
            )
        )
    if profile.site_total:
        sectors = ", ".join(f"{name}: {format_number(n, 0, lang)}" for name, n in profile.sectors)
        said.append(
            t("ficha_sentence_sites", lang).format(
                total=format_number(profile.site_total, 0, lang),
                year=profile.view.year,
                sectors=sectors,
            )
        )
    if len(profile.risk):
        top = profile.risk.iloc[0]
        said.append(
            t("ficha_sentence_risk", lang).format(
                site=top[s.SITE_NAME],
                index=format_number(top["index"], 0, lang),
                rank=format_number(top["rank"], 0, lang),
            )
        )
    return tuple(said)


def _limit(ranked: int) -> int:
    return max(1, math.floor(ranked * WORST_SHARE))


def _indicator_sentences(line: Line, name: str, lang: str) -> list[str]:
    indicator = line.indicator
    label = indicator.short[lang]
    value, city = line.text["value"], line.text["city"]
    if indicator.unit == "count":
        share = line.value / line.city if line.city else math.nan
        first = t("ficha_sentence_share", lang).format(
            indicator=label, name=name, value=value, share=format_in_unit(share, "percent", lang)
        )
    else:
        diff = format_change(line.value - line.city, indicator, lang).lstrip("+−")
        if indicator.unit == "percent":
            diff = f"{diff} {t('ficha_points', lang)}"
        if diff.split()[0] in (format_number(0, 1, lang), format_in_unit(0, indicator.unit, lang)):
            first = t("ficha_sentence_same", lang).format(
                indicator=label, name=name, value=value, city=city
            )
        else:
            first = t("ficha_sentence_rate", lang).format(
                indicator=label,
                name=name,
                value=value,
                city=city,
                diff=diff,
                above_below=t("ficha_above" if line.value > line.city else "ficha_below", lang),
            )
    said = [first]
    if line.change is not None and line.first_year is not None:
        change = line.text["change"]
        if change.startswith(("+", "−")):
            went = t("ficha_up" if line.change > 0 else "ficha_down", lang)
            points = f" {t('ficha_points', lang)}" if indicator.unit == "percent" else ""
            said.append(
                t("ficha_sentence_trend", lang).format(
                    year=line.first_year,
                    went=went,
                    change=change.lstrip("+−") + points,
                    city_change=line.text["city_change"],
                )
            )
        else:
            said.append(
                t("ficha_sentence_flat", lang).format(
                    year=line.first_year, city_change=line.text["city_change"]
                )
            )
    return said
