"""The view: everything that decides what the map shows, in one immutable object.

Its home is the URL query string (``to_query`` / ``from_query``), so any view can be shared by
copying the address. Invalid or stale values fall back to defaults and are reported, never
raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from geo.catalogue import DEFAULT_INDICATOR, INDICATORS
from geo.classify import DEFAULT_K, DEFAULT_SCHEME, K_RANGE, SCHEMES
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES

LEVELS: Final = ("territorio", "barrio")
LEVEL_NAMES: Final = {
    "territorio": {"es": "Comunas y corregimientos", "en": "Comunas and corregimientos"},
    "barrio": {"es": "Barrios y veredas", "en": "Barrios and veredas"},
}

# Query-string name of each field (documented in the README).
QUERY_KEYS: Final = {
    "indicator": "ind",
    "year": "year",
    "level": "level",
    "scheme": "scheme",
    "k": "k",
    "lang": "lang",
}


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
    lang: str = DEFAULT_LANGUAGE

    def to_query(self) -> dict[str, str]:
        return {QUERY_KEYS[name]: str(getattr(self, name)) for name in QUERY_KEYS}

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, str | Sequence[str]],
        years: Sequence[int],
        levels: Sequence[str] = LEVELS,
        indicators: Sequence[str] = tuple(INDICATORS),
    ) -> tuple[View, list[Fallback]]:
        """The view a query string describes, for a dataset with these years, levels and
        indicators (the first available indicator is the default when dropout is missing)."""
        default_indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicators else indicators[0]
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
        view = cls(
            indicator=pick("indicator", list(indicators)),
            year=int(pick("year", [str(y) for y in years])),
            level=pick("level", [lv for lv in LEVELS if lv in levels]),
            scheme=pick("scheme", list(SCHEMES)),
            k=int(pick("k", k_values)),
            lang=pick("lang", list(LANGUAGES)),
        )
        return view.compatible(), fallbacks

    def compatible(self) -> View:
        """This view with the level changed if the indicator is not computed at it."""
        levels = INDICATORS[self.indicator].levels
        return self if self.level in levels else replace(self, level=levels[0])


def _single(value: str | Sequence[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[-1] if value else None
