"""Find a school site by its name or its DANE code, as a person types it.

Names are compared without accents, case or punctuation, word by word, in any order:
``"jose maria cordoba"`` finds ``"I.E. José María Córdoba - Sede Principal"``. A query of
digits only is also read as a DANE code: the whole code (12 digits) or its first digits (at
least 6). Matches are ranked: the exact code, then codes that start with the digits, then names
in which every word of the query starts a word, then names that merely contain every word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo.model import schema as s
from geo.model.dataset import Dataset

MIN_CODE_PREFIX: Final = 6
DEFAULT_LIMIT: Final = 10
# Rank of each kind of match, best first.
EXACT_CODE, CODE_PREFIX, WORD_STARTS, SUBSTRINGS = range(4)
# What a match carries about its site, besides its rank.
SITE_COLUMNS: Final = (s.SITE_CODE, s.SITE_NAME, s.TERRITORY, s.BARRIO, s.NUCLEO, s.SECTOR)


def normalise(text: object) -> str:
    """``'I.E. José María Córdoba - Sede'`` -> ``'i e jose maria cordoba sede'``: lower case,
    no accents, every run of other characters one space."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9]+", plain.lower())).strip()


def _natural(text: str) -> tuple:
    """A sort key that puts ``demo 2`` before ``demo 10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


@dataclass(frozen=True)
class SiteIndex:
    """The sites' codes and normalised names, built once per dataset (``site_index``)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]  # normalised
    words: tuple[tuple[str, ...], ...]
    order: tuple[tuple, ...]  # natural sort key of each name, for ties

    @classmethod
    def of(cls, sites: pd.DataFrame) -> SiteIndex:
        rows = sites[sites[s.SITE_CODE].notna()]
        codes = tuple(str(code).strip() for code in rows[s.SITE_CODE])
        names = tuple(normalise(name) for name in rows[s.SITE_NAME].fillna(""))
        return cls(
            codes=codes,
            names=names,
            words=tuple(tuple(name.split()) for name in names),
            order=tuple(_natural(name) for name in names),
        )

    def find(self, query: str, limit: int | None = DEFAULT_LIMIT) -> list[tuple[str, int]]:
        """``(code, rank)`` of the sites matching ``query``, best first (``limit`` at most)."""
        wanted = normalise(query).split()
        if not wanted:
            return []
        digits = "".join(wanted) if all(word.isdigit() for word in wanted) else ""
        found: list[tuple[tuple, str, int]] = []
        for position, code in enumerate(self.codes):
            rank = self._rank(position, wanted, digits)
            if rank is None:
                continue
            if rank <= CODE_PREFIX:
                key: tuple = (rank, code)
            else:  # whole-word matches first, then shorter names, then by name
                words = self.words[position]
                whole = -sum(word in words for word in wanted)
                key = (rank, whole, len(words), self.order[position], code)
            found.append((key, code, rank))
        found.sort()
        matches = [(code, rank) for _, code, rank in found]
        return matches if limit is None else matches[:limit]

    def _rank(self, position: int, wanted: list[str], digits: str) -> int | None:
        code = self.codes[position]
        if digits and len(digits) >= MIN_CODE_PREFIX:
            if code == digits:
                return EXACT_CODE
            if code.startswith(digits):
                return CODE_PREFIX
        words = self.words[position]
        if all(any(word.startswith(part) for word in words) for part in wanted):
            return WORD_STARTS
        name = self.names[position]
        if all(part in name for part in wanted):
            return SUBSTRINGS
        return None


def site_index(dataset: Dataset) -> SiteIndex:
    """The dataset's search index, built by the first caller and shared by every session."""
    return dataset.once(("site_search_index",), lambda: SiteIndex.of(dataset.sites))


def search_sites(dataset: Dataset, query: str, limit: int | None = DEFAULT_LIMIT) -> pd.DataFrame:
    """The sites matching ``query``, best first: code, name, territory, barrio, núcleo and
    sector (those the dataset has) and ``rank`` (``EXACT_CODE``... ``SUBSTRINGS``)."""
    matches = site_index(dataset).find(query, limit)
    sites = site_table(dataset)
    table = sites.loc[[code for code, _ in matches]].reset_index()
    table["rank"] = [rank for _, rank in matches]
    return table


def site_table(dataset: Dataset) -> pd.DataFrame:
    """The sites' attributes (``SITE_COLUMNS`` the dataset has), indexed by DANE code."""

    def make() -> pd.DataFrame:
        sites = dataset.sites[dataset.sites[s.SITE_CODE].notna()]
        table = pd.DataFrame(
            {column: sites[column] for column in SITE_COLUMNS if column in sites}
        ).reset_index(drop=True)
        for column in SITE_COLUMNS:
            if column not in table:
                table[column] = pd.NA
        table[s.SITE_CODE] = table[s.SITE_CODE].astype(str).str.strip()
        table = table.drop_duplicates(s.SITE_CODE)
        return table.set_index(s.SITE_CODE)[list(SITE_COLUMNS[1:])]

    return dataset.once(("site_search_table",), make)


def find_site(dataset: Dataset, code: str) -> pd.Series | None:
    """The site with DANE code ``code`` (its ``SITE_COLUMNS``), or None when it is not in the
    data (a stale link)."""
    table = site_table(dataset)
    code = str(code).strip()
    if not code or code not in table.index:
        return None
    row = table.loc[code].copy()
    row[s.SITE_CODE] = code
    return row
