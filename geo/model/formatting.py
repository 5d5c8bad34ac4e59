"""Numbers as people read them: Colombian Spanish (4,9 %; 425.404) or English (4.9 %; 425,404)."""

from __future__ import annotations

import math

from geo.model.catalogue import Indicator, Unit

NO_DATA = {"es": "Sin datos", "en": "No data"}
UNIT_LABELS: dict[Unit, dict[str, str]] = {
    "percent": {"es": "%", "en": "%"},
    "ratio": {"es": "estudiantes por computador", "en": "students per computer"},
    "count": {"es": "número", "en": "number"},
    "index": {"es": "índice", "en": "index"},
    "score": {"es": "puntos de 0 a 500", "en": "points out of 500"},
}


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` with thousands and decimal separators of ``lang`` ("es" or "en")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA[lang]
    text = f"{value:,.{decimals}f}"
    if lang == "es":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_value(value: float, indicator: Indicator, lang: str) -> str:
    """An indicator value in its unit: ``4,9 %``, ``17,1``, ``425.404``."""
    return format_in_unit(value, indicator.unit, lang)


def format_in_unit(value: float, unit: Unit, lang: str) -> str:
    """A number written as ``unit`` asks: ``percent`` a fraction as ``4,9 %``; ``ratio`` with
    one decimal (``17,1``), and so does ``score`` (``251,3``); ``index`` with two (``0,42``);
    ``count`` whole (``425.404``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA[lang]
    if unit == "percent":
        return f"{format_number(100 * value, 1, lang)} %"
    if unit in ("ratio", "score"):
        return format_number(value, 1, lang)
    if unit == "index":
        return format_number(value, 2, lang)
    if unit == "count":
        return format_number(value, 0, lang)
    raise ValueError(f"Unknown unit {unit!r}; valid: {', '.join(UNIT_LABELS)}.")


def format_difference(value: float, indicator: Indicator, lang: str) -> str:
    """The distance between two values of ``indicator``, unsigned: between two rates in
    percentage points (``41,5 pp``, never ``41,5 %``), else in the indicator's unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA[lang]
    if indicator.unit == "percent":
        return f"{format_number(100 * value, 1, lang)} pp"
    return format_value(value, indicator, lang)


def format_fraction(numerator: float, denominator: float, lang: str) -> str:
    """``1.024 de 27.832`` (``1,024 of 27,832`` in English)."""
    word = {"es": "de", "en": "of"}[lang]
    return f"{format_number(numerator, 0, lang)} {word} {format_number(denominator, 0, lang)}"


_CANDIDATES = {"es": "evaluados", "en": "candidates"}


def format_base(numerator: float, denominator: float, indicator: Indicator, lang: str) -> str:
    """What a value stands on: ``1.024 de 27.832`` for a rate; for a mean score, its
    candidates (``1.400 evaluados``): a sum of scores "of" candidates means nothing."""
    if indicator.unit == "score":
        return f"{format_number(denominator, 0, lang)} {_CANDIDATES[lang]}"
    return format_fraction(numerator, denominator, lang)


def unit_label(indicator: Indicator, lang: str) -> str:
    if indicator.unit == "score" and indicator.score_max != 500:  # Saber 11's tests, 0-100
        scale = {"es": "puntos de 0 a {n}", "en": "points out of {n}"}[lang]
        return scale.format(n=indicator.score_max)
    return UNIT_LABELS[indicator.unit][lang]


def titled_with_unit(indicator: Indicator, lang: str) -> str:
    """``Deserción intra-anual (%)``; a ratio's name already is its unit."""
    name = indicator.label(lang)
    return (
        name if indicator.unit in ("ratio", "index") else f"{name} ({unit_label(indicator, lang)})"
    )


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Data-derived text made inert for Streamlit markdown (no links, images, HTML or math)."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))


def class_label(low: float, high: float, indicator: Indicator, lang: str) -> str:
    """``3,6 % – 3,9 %``, or one value when a class holds a single value."""
    first, last = format_value(low, indicator, lang), format_value(high, indicator, lang)
    return first if first == last else f"{first} – {last}"
