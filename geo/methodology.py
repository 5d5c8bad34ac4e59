"""Human-readable formulas for the Metodología page and the exports."""

from __future__ import annotations

from geo.catalogue import Indicator


def formula(indicator: Indicator, lang: str) -> str:
    """``Σ desertores / Σ matricula`` and similar, from the catalogue's own column names."""
    if indicator.denominator is None:
        return f"Σ {indicator.numerator}"
    scope = {"es": "del territorio", "en": "of the territory"}[lang]
    denominator = (
        f"{indicator.denominator} {scope}"
        if indicator.denominator_source == "population"
        else f"Σ {indicator.denominator}"
    )
    scale = " × 100" if indicator.unit == "percent" else ""
    return f"Σ {indicator.numerator} / {denominator}{scale}"
