"""Stage 5 of reading a table: join its DANE codes to the sites of the schools table.

A code is matched, in this order, as

- a site's own code (``sede``);
- a 14-digit consecutive (institution code + 2 digits): through the directory's consecutive
  column when it has one, else ``…01`` is the institution's principal site (``consecutive``);
- a code that lost its leading zero as a number, padded back to 12 digits (``zero``);
- an institution's code, joined to its principal site, the site whose code equals the
  institution's (``institution``).

A table is read *per institution* when its key column is an institution's, or when the
directory names each site's institution and every matched code is an institution's. Then the
institution's figures sit in the principal site's territory, and the report says how many of
its institutions have sites in more than one territory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import pandas as pd

from geo.model import schema as s
from geo.model.messages import Msg, msg

_PRINCIPAL_SUFFIX: Final = "01"


class Joined(StrEnum):
    """How one code found its site."""

    SEDE = "sede"
    INSTITUTION = "institution"
    ZERO = "zero"
    CONSECUTIVE = "consecutive"
    NONE = ""


@dataclass
class CodeJoin:
    """The site each row's code joined (``<NA>`` if none) and how, with the notes to report."""

    site: pd.Series
    how: pd.Series
    per_institution: bool
    notes: list[Msg] = field(default_factory=list)

    @property
    def matched(self) -> pd.Series:
        return self.site.notna()


def join_codes(
    codes: pd.Series, sites: pd.DataFrame, *, institution_key: str | None = None
) -> CodeJoin:
    """The site of each code in ``codes`` (text, one per row of the table).

    Parameters
    ----------
    codes : Series of str
        The table's codes, already cleaned of Excel's '.0'.
    sites : DataFrame
        The schools table: ``codigo_dane`` and, when the directory has them,
        ``codigo_establecimiento``, ``consecutivo_sede`` and the located ``codigo_territorio``.
    institution_key : str, optional
        The table's key column when it is an institution's (``cole_cod_dane_establecimiento``).
    """
    known = set(sites[s.SITE_CODE].dropna())
    institutions = set(sites[s.INSTITUTION].dropna()) if s.INSTITUTION in sites else set[str]()
    consecutives = (
        dict(zip(sites[s.SITE_CONSECUTIVE], sites[s.SITE_CODE], strict=True))
        if s.SITE_CONSECUTIVE in sites
        else {}
    )

    def one(code: object) -> tuple[str | None, Joined]:
        if not isinstance(code, str):
            return None, Joined.NONE
        if code in known:
            return code, Joined.INSTITUTION if code in institutions else Joined.SEDE
        if len(code) == 14 and code.isdigit():
            if code in consecutives:
                return consecutives[code], Joined.CONSECUTIVE
            if code.endswith(_PRINCIPAL_SUFFIX) and code[:12] in known:
                return code[:12], Joined.CONSECUTIVE
        if code.isdigit() and len(code) < s.DANE_CODE_LENGTH:
            padded = code.zfill(s.DANE_CODE_LENGTH)
            if padded in known:
                return padded, Joined.ZERO
        return None, Joined.NONE

    pairs = [one(code) for code in codes]
    site = pd.Series([p[0] for p in pairs], index=codes.index, dtype="string")
    how = pd.Series([p[1].value for p in pairs], index=codes.index, dtype="object")
    matched = site.dropna()
    per_institution = institution_key is not None or (
        bool(institutions) and len(matched) > 0 and matched.isin(institutions).all()
    )
    if per_institution:
        how = how.where(~(how == Joined.SEDE.value), Joined.INSTITUTION.value)
    elif institutions:
        how = how.where(~(how == Joined.INSTITUTION.value), Joined.SEDE.value)
    counts = how.value_counts()
    notes: list[Msg] = []
    if per_institution:
        notes.append(msg("real_by_institution", column=institution_key or s.SITE_CODE))
    notes.append(
        msg(
            "real_join_summary",
            **{j.value: int(counts.get(j.value, 0)) for j in Joined if j is not Joined.NONE},
            unmatched=int(site.isna().sum()),
        )
    )
    if per_institution:
        notes.append(_territories_note(matched, sites))
    return CodeJoin(site, how, per_institution, notes)


def _territories_note(principals: pd.Series, sites: pd.DataFrame) -> Msg:
    """How many of the joined institutions have sites in more than one territory."""
    if s.INSTITUTION not in sites or s.TERRITORY not in sites:
        return msg("real_multi_territory_unknown")
    mine = sites[sites[s.INSTITUTION].isin(set(principals))]
    spread = mine.groupby(s.INSTITUTION)[s.TERRITORY].nunique()
    several = sorted(spread[spread > 1].index)
    if not several:
        return msg("real_multi_territory_none")
    shown = ", ".join(several[:10]) + (", …" if len(several) > 10 else "")
    return msg("real_multi_territory", n=len(several), codes=shown)
