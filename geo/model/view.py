"""The view: everything that decides what the map shows, in one immutable object.

Its home is the URL query string (``to_query`` / ``from_query``), so any view can be shared by
copying the address. Invalid or stale values fall back to defaults and are reported, never
raised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import parse_qs, urlencode

from geo.errors import DataError
from geo.model.catalogue import (
    DEFAULT_INDICATOR,
    DEFAULT_K,
    DEFAULT_SCHEME,
    INDICATORS,
    K_RANGE,
    PALETTES,
    SCHEME_NAMES,
    parse_breaks,
)
from geo.model.i18n import DEFAULT_LANGUAGE, LANGUAGES
from geo.model.messages import msg
from geo.model.schema import normalise_header

LEVELS: Final = ("territorio", "barrio", "nucleo")
LEVEL_NAMES: Final = {
    "territorio": {"es": "Comunas y corregimientos", "en": "Comunas and corregimientos"},
    "barrio": {"es": "Barrios y veredas", "en": "Barrios and veredas"},
    "nucleo": {"es": "Núcleos educativos", "en": "Núcleos educativos"},
}
DEFAULT_MIN_N: Final = 30
# Issue 15: which territories a view ranks and classifies ("" = all). A barrio belongs to the
# zone of its territory; núcleos cross territories, so they are shown whole (all only).
ZONES: Final = ("comunas", "corregimientos")
ZONE_KIND: Final = {"comunas": "comuna", "corregimientos": "corregimiento"}
ZONE_LEVELS: Final = ("territorio", "barrio")
ZONE_NAMES: Final = {
    "": {"es": "Todos", "en": "All"},
    "comunas": {"es": "Comunas (urbano)", "en": "Comunas (urban)"},
    "corregimientos": {"es": "Corregimientos (rural)", "en": "Corregimientos (rural)"},
}
FILTER_PREFIX: Final = "f."  # ?f.sector=Oficial&f.zona=Rural

# Query-string name of each scalar field (documented in the README).
QUERY_KEYS: Final = {
    "indicator": "ind",
    "year": "year",
    "level": "level",
    "scheme": "scheme",
    "k": "k",
    "breaks": "breaks",
    "fixed": "fixed",
    "min_n": "min_n",
    "palette": "pal",
    "selected": "sel",
    "lang": "lang",
    # Issue 15: comunas apart from corregimientos.
    "zone": "zone",
    # names on the map: written only when off (labels=0)
    "labels": "labels",
    "site": "site",  # a searched school site (DANE code), validated by the Mapa page
    "education_level": "nivel",  # issue 16: transicion, primaria, secundaria, media; absent = all
}
# The basemap under the map (geo.render.basemap): absent = none, nothing fetched from outside.
QUERY_KEYS["basemap"] = "base"
# Issue 25: the territory whose ficha the Fichas page shows (validated by that page).
QUERY_KEYS["ficha"] = "ficha"
BASEMAP_IDS: Final = ("osm", "positron", "imagery")

Filters = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Fallback:
    """A query value that could not be used, and what was used instead."""

    key: str
    given: str
    used: str


@dataclass(frozen=True)
class View:
    indicator: str = DEFAULT_INDICATOR
    year: int = 0  # 0 until resolved against a dataset: the latest year
    level: str = "territorio"
    scheme: str = DEFAULT_SCHEME
    k: int = DEFAULT_K
    breaks: tuple[float, ...] = ()  # upper bounds, for the user_defined scheme
    fixed: bool = False  # same breaks for every year, so colours compare over time
    min_n: int = DEFAULT_MIN_N  # below this denominator a rate is a small sample
    lang: str = DEFAULT_LANGUAGE
    filters: Filters = ()  # (column, allowed values), sorted by column
    selected: str = ""  # the area whose panel is open (validated by the page against its areas)
    palette: str = ""  # a ColorBrewer scheme from PALETTES; "" = the indicator's own
    basemap: str = ""  # one of BASEMAP_IDS, drawn under the areas; "" = none (the default)
    zone: str = ""  # one of ZONES: only its areas are classified and ranked; "" = all
    labels: bool = True  # the areas' names drawn on the map (geo.render.labels)
    site: str = ""  # a school site's DANE code, found by search (validated by the Mapa page)
    education_level: str = ""  # one of the indicator's education levels; "" = all levels
    ficha: str = ""  # the area whose ficha (profile) the Fichas page shows; "" = the first

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {
            QUERY_KEYS["indicator"]: self.indicator,
            QUERY_KEYS["year"]: str(self.year),
            QUERY_KEYS["level"]: self.level,
            QUERY_KEYS["scheme"]: self.scheme,
            QUERY_KEYS["k"]: str(self.k),
        }
        if self.breaks:
            query[QUERY_KEYS["breaks"]] = ";".join(f"{b:.15g}" for b in self.breaks)
        if self.fixed:
            query[QUERY_KEYS["fixed"]] = "1"
        if self.min_n != DEFAULT_MIN_N:
            query[QUERY_KEYS["min_n"]] = str(self.min_n)
        if self.palette:
            query[QUERY_KEYS["palette"]] = self.palette
        if self.selected:
            query[QUERY_KEYS["selected"]] = self.selected
        if self.basemap:
            query[QUERY_KEYS["basemap"]] = self.basemap
        if self.zone:
            query[QUERY_KEYS["zone"]] = self.zone
        if not self.labels:
            query[QUERY_KEYS["labels"]] = "0"
        if self.site:
            query[QUERY_KEYS["site"]] = self.site
        if self.education_level:
            query[QUERY_KEYS["education_level"]] = self.education_level
        if self.ficha:
            query[QUERY_KEYS["ficha"]] = self.ficha
        query[QUERY_KEYS["lang"]] = self.lang
        for column, values in self.filters:
            query[FILTER_PREFIX + column] = list(values)
        return query

    @property
    def filter_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, str | Sequence[str]],
        years: Sequence[int],
        levels: Sequence[str] = LEVELS,
        indicators: Sequence[str] = tuple(INDICATORS),
        filter_values: Mapping[str, Sequence[str]] | None = None,
        zones: Sequence[str] = (),
        education_levels: Callable[[str], Sequence[str]] | None = None,
        indicator_years: Callable[[str], Sequence[int]] | None = None,
    ) -> tuple[View, list[Fallback]]:
        """The view a query string describes, for a dataset with these years, levels,
        indicators, filterable columns and ``zones`` (``ZONES`` when its territories are
        Medellín's, whose kind is known; none for other boundaries), the first available
        indicator that reads as a need (not a count) being the default when dropout is
        missing. ``education_levels(indicator)`` gives the education levels the data has for
        an indicator (default: the catalogue's);
        ``indicator_years(indicator)`` the years it has figures for, the latest of which is the
        default year (default: the latest of ``years``: official data date their sites layer by
        its download, a year with no rates yet)."""
        default_indicator = _default_indicator(indicators)
        default = cls(indicator=default_indicator, year=max(years))
        fallbacks: list[Fallback] = []

        def pick(name: str, valid: Sequence[str]) -> str:
            given = _single(params.get(QUERY_KEYS[name]))
            fallback = str(getattr(default, name))
            if given is None:
                return fallback
            if given in valid:
                return given
            fallbacks.append(Fallback(QUERY_KEYS[name], given, fallback))
            return fallback

        k_values = [str(k) for k in range(K_RANGE[0], K_RANGE[1] + 1)]
        scheme = pick("scheme", list(SCHEME_NAMES))
        breaks: tuple[float, ...] = ()
        given_breaks = _single(params.get(QUERY_KEYS["breaks"]))
        if given_breaks:
            try:
                breaks = parse_breaks(given_breaks)
            except ValueError:
                fallbacks.append(Fallback(QUERY_KEYS["breaks"], given_breaks, ""))
        if scheme == "user_defined" and not breaks:
            fallbacks.append(Fallback(QUERY_KEYS["scheme"], scheme, DEFAULT_SCHEME))
            scheme = DEFAULT_SCHEME
        min_n = _single(params.get(QUERY_KEYS["min_n"]))
        if min_n is not None and not (min_n.isdigit() and int(min_n) <= 100_000):
            fallbacks.append(Fallback(QUERY_KEYS["min_n"], min_n, str(DEFAULT_MIN_N)))
            min_n = None
        indicator = pick("indicator", list(indicators))
        with_figures = [y for y in (indicator_years or (lambda _: years))(indicator) if y in years]
        default = replace(default, year=max(with_figures or years))
        view = cls(
            indicator=indicator,
            year=int(pick("year", [str(y) for y in years])),
            level=pick("level", [lv for lv in LEVELS if lv in levels]),
            scheme=scheme,
            k=int(pick("k", k_values)),
            breaks=breaks,
            fixed=_single(params.get(QUERY_KEYS["fixed"])) in ("1", "true", "si", "sí"),
            min_n=int(min_n) if min_n is not None else DEFAULT_MIN_N,
            lang=pick("lang", list(LANGUAGES)),
            filters=_filters(params, filter_values or {}, fallbacks),
            selected=_single(params.get(QUERY_KEYS["selected"])) or "",
            palette=_palette(params, fallbacks),
            basemap=_basemap(params, fallbacks),
            labels=_single(params.get(QUERY_KEYS["labels"])) not in ("0", "false", "no"),
            site=(_single(params.get(QUERY_KEYS["site"])) or "").strip(),
            ficha=(_single(params.get(QUERY_KEYS["ficha"])) or "").strip(),
        )
        view = replace(view, zone=_zone(params, zones, view.compatible().level, fallbacks))
        levels_of = education_levels or (lambda i: INDICATORS[i].education_levels)
        view = replace(
            view, education_level=_education_level(params, levels_of(view.indicator), fallbacks)
        )
        return view.compatible(), fallbacks

    def with_indicator(self, indicator_id: str) -> View:
        """This view showing ``indicator_id`` instead, at the same education level if that
        indicator has it, else for all levels (for indices and pairs of indicators)."""
        levels = INDICATORS[indicator_id].education_levels
        level = self.education_level if self.education_level in levels else ""
        return replace(self, indicator=indicator_id, education_level=level)

    def compatible(self) -> View:
        """This view with the level changed if the indicator is not computed at it, without
        a zone at a level that has none (núcleos), and for all education levels if the
        indicator has no figures per level."""
        indicator = INDICATORS[self.indicator]
        view = self if self.level in indicator.levels else replace(self, level=indicator.levels[0])
        if view.education_level not in ("", *indicator.education_levels):
            view = replace(view, education_level="")
        return view if not view.zone or view.level in ZONE_LEVELS else replace(view, zone="")


def _education_level(
    params: Mapping[str, str | Sequence[str]], valid: Sequence[str], fallbacks: list[Fallback]
) -> str:
    given = _single(params.get(QUERY_KEYS["education_level"]))
    if not given or given in valid:
        return given or ""
    fallbacks.append(Fallback(QUERY_KEYS["education_level"], given, ""))
    return ""


def _palette(params: Mapping[str, str | Sequence[str]], fallbacks: list[Fallback]) -> str:
    given = _single(params.get(QUERY_KEYS["palette"])) or ""
    if given and given not in PALETTES:
        fallbacks.append(Fallback(QUERY_KEYS["palette"], given, ""))
        return ""
    return given


def _basemap(params: Mapping[str, str | Sequence[str]], fallbacks: list[Fallback]) -> str:
    given = _single(params.get(QUERY_KEYS["basemap"])) or ""
    if given and given not in BASEMAP_IDS:
        fallbacks.append(Fallback(QUERY_KEYS["basemap"], given, ""))
        return ""
    return given


def _zone(
    params: Mapping[str, str | Sequence[str]],
    zones: Sequence[str],
    level: str,
    fallbacks: list[Fallback],
) -> str:
    given = _single(params.get(QUERY_KEYS["zone"])) or ""
    if given and (given not in zones or level not in ZONE_LEVELS):
        fallbacks.append(Fallback(QUERY_KEYS["zone"], given, ""))
        return ""
    return given


def make_filters(chosen: Mapping[str, Sequence[str]]) -> Filters:
    """A canonical, hashable filter tuple; empty selections mean "all" and are dropped."""
    return tuple(
        (column, tuple(sorted(values))) for column, values in sorted(chosen.items()) if values
    )


def _filters(
    params: Mapping[str, str | Sequence[str]],
    filter_values: Mapping[str, Sequence[str]],
    fallbacks: list[Fallback],
) -> Filters:
    chosen: dict[str, list[str]] = {}
    for key, raw in params.items():
        if not key.startswith(FILTER_PREFIX):
            continue
        column = key[len(FILTER_PREFIX) :]
        values = [raw] if isinstance(raw, str) else list(raw)
        if column not in filter_values:
            fallbacks.append(Fallback(key, ", ".join(values), ""))
            continue
        known = [v for v in values if v in filter_values[column]]
        for value in values:
            if value not in filter_values[column]:
                fallbacks.append(Fallback(key, value, ""))
        chosen[column] = known
    return make_filters(chosen)


def _default_indicator(indicators: Sequence[str]) -> str:
    """Dropout when the data have it, else the first indicator that reads as a need (a rate
    or a score, not a count of sites), else the first: official data without dropout open on
    a rate, not on *Sedes educativas*."""
    if DEFAULT_INDICATOR in indicators:
        return DEFAULT_INDICATOR
    needs = [i for i in indicators if i in INDICATORS and INDICATORS[i].direction != "neutral"]
    return (needs or list(indicators))[0]


def _single(value: str | Sequence[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None


def match_filters(
    pairs: Sequence[str], filter_values: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """``["sector=oficial", ...]`` -> ``{"sector": ["Oficial"]}``: exact values, regardless of
    case and accents, so ``sector=oficial`` selects 'Oficial' and not 'No oficial'."""
    chosen: dict[str, list[str]] = {}
    for pair in pairs:
        field, sep, wanted = pair.partition("=")
        if not sep:
            raise ValueError(f"--where expects FIELD=VALUE, got {pair!r}.")
        column = next(
            (c for c in filter_values if normalise_header(c) == normalise_header(field)), None
        )
        if column is None:
            raise ValueError(
                f"Cannot filter on {field!r}; filterable fields: {', '.join(filter_values)}."
            )
        value = next(
            (v for v in filter_values[column] if normalise_header(v) == normalise_header(wanted)),
            None,
        )
        if value is None:
            raise ValueError(
                f"{field}={wanted!r} matches no value; values: {', '.join(filter_values[column])}."
            )
        chosen.setdefault(column, []).append(value)
    return chosen


# Saved views for presenting: a list of view links, shareable as one link or a JSON file.

VIEWS_KEY = "v"  # ?v=<view query>&v=<view query>&i=1&present=1
STEP_KEY = "i"


def link_params(
    view: View, keep: Mapping[str, str | Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """The query of a link to ``view``, each key with its list of values: the keys of
    ``keep`` that are not the view's own (page settings such as the comparison mode, the
    dataset), in their order, then the view's.

    The app's one URL writer: the address bar takes this mapping (Streamlit encodes it), and
    every link written as text (the share link, the saved views a presentation steps through,
    the Exportar page's command line) is this mapping encoded by :func:`view_query`.
    """
    view_keys = set(QUERY_KEYS.values())
    params = {
        key: [values] if isinstance(values, str) else list(values)
        for key, values in (keep or {}).items()
        if key not in view_keys and not key.startswith(FILTER_PREFIX)
    }
    for key, value in view.to_query().items():
        params[key] = [value] if isinstance(value, str) else list(value)
    return params


def view_query(view: View, keep: Mapping[str, str | Sequence[str]] | None = None) -> str:
    """A link's query string, URL-encoded (``ind=dropout&year=2024&f.sector=No+oficial``):
    :func:`link_params` as text, so a value with spaces, ``&`` or accents comes back whole
    through :func:`query_params`."""
    pairs = [(key, value) for key, values in link_params(view, keep).items() for value in values]
    return urlencode(pairs)


def query_params(query: str) -> dict[str, str | list[str]]:
    """A view query string back into the mapping ``View.from_query`` takes."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return {key: values if len(values) > 1 else values[0] for key, values in parsed.items()}


def to_json(queries: Sequence[str], title: str = "") -> bytes:
    """The list of saved views as a small JSON file."""
    document = {"atlas": "atlas-educativo-medellin", "title": title, "views": list(queries)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def from_json(data: bytes, name: str = "vistas.json") -> list[str]:
    """Saved views from the JSON file ``name``; ``DataError`` says what is wrong with it."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(msg("views_not_json", detail=exc), name, msg("views_fix")) from None
    views = document.get("views") if isinstance(document, dict) else None
    if not isinstance(views, list) or not all(isinstance(v, str) for v in views) or not views:
        raise DataError(msg("views_no_list"), name, msg("views_fix"))
    return views
