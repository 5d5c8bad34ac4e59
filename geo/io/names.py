"""Matching territories by code or by name, the way sources actually write them.

Codes '1' and '01' are the same territory; names match regardless of case, accents, hyphens
and prefixes such as "Comuna 9 - ": Laureles-Estadio = LAURELES ESTADIO = Laureles Estadio.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from geo.model.territories import TERRITORIES

# Short names that official layers use for the long official ones.
_NAME_ALIASES: Final = {
    "laureles": "laureles estadio",
    "palmitas": "san sebastian de palmitas",
    "san sebastian palmitas": "san sebastian de palmitas",
    "poblado": "el poblado",
    "america": "la america",
    "candelaria": "la candelaria",
    "prado": "san antonio de prado",
}
_NUMBERED: Final = re.compile(r"(?:comuna|corregimiento)\s*(\d{1,2})")
# "Comuna 9 - ", "Corregimiento de ", "C9 "; the prefix must end there ("Castilla" keeps its C).
_PREFIX: Final = re.compile(
    r"^(comuna|corregimiento|corr|com|c)(?![a-z])\.?\s*\d*\s*[-:.]?\s*(de\s+)?",
    flags=re.IGNORECASE,
)


def normalise_name(name: object) -> str:
    """``'Comuna 11 - Laureles-Estadio'`` -> ``'laureles estadio'``."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    stripped = _PREFIX.sub("", text).strip()
    text = stripped if stripped and not stripped.isdigit() else text
    return _NAME_ALIASES.get(text, text)


def normalise_code(code: object, width: int = 2) -> str | None:
    """``1``, ``'1'``, ``'01'``, ``1.0`` -> ``'01'``; non-numeric codes are kept as text."""
    if code is None:
        return None
    text = str(code).strip()
    if not text or text.lower() in {"nan", "none", "<na>"}:
        return None
    if re.fullmatch(r"\d+(\.0+)?", text):
        return str(int(float(text))).zfill(width)
    return text


def territory_lookup(
    codes: Iterable[str], names: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Lookup tables (normalised code -> code, normalised name -> code) for a boundary layer.

    The official names of the 21 territories are added, so a layer that writes "LAURELES"
    still matches a table that writes "Laureles-Estadio".
    """
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for code, name in zip(codes, names, strict=True):
        by_code[normalise_code(code) or code] = code
        by_name[normalise_name(name)] = code
    for territory in TERRITORIES:
        if territory.code in by_code:
            by_name.setdefault(normalise_name(territory.name), territory.code)
    return by_code, by_name


def match_territory(value: object, by_code: dict[str, str], by_name: dict[str, str]) -> str | None:
    """The territory code ``value`` refers to (as a code or as a name), or ``None``."""
    code = normalise_code(value)
    if code is not None and code in by_code:
        return by_code[code]
    if value is None:
        return None
    name = normalise_name(value)
    numbered = _NUMBERED.fullmatch(name)
    if numbered and normalise_code(numbered.group(1)) in by_code:
        return by_code[normalise_code(numbered.group(1)) or ""]
    return by_name.get(name)
