"""Stage 2 of reading a table: recognise the shape a JSON file holds its rows in.

Real files come as a list of records (``[{...}, ...]``), as an object keyed by code
(``{"105001020028": {...}}``) or as an object holding several tables
(``{"comunas": {...}, "instituciones": {...}}``, each a list or keyed by code). The table of
sites or institutions is chosen over a table of territories (it joins finer), then a table of
territories over any other, then the longest; the note says which table was read and which
were left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from geo.model import schema as s
from geo.model.messages import Msg, msg

# A DANE code of a site or institution: 12 digits, 11 when the leading digit was lost as a
# number, 14 with a site's consecutive.
_SCHOOL_CODE: Final = re.compile(r"\d{11,14}")
_SCHOOL_KEYS: Final = frozenset(
    {
        "codigo_dane",
        "codigo_dane_sede",
        "cole_cod_dane_sede",
        "cole_cod_dane_establecimiento",
        "codigo_establecimiento",
    }
)
_TERRITORY_KEYS: Final = frozenset({"comuna", "codigo", "codigo_comuna", "nombre"})


@dataclass
class JsonTable:
    """The records chosen from a JSON document, and what the choice was."""

    frame: pd.DataFrame
    key: str  # where in the document ("" for the document itself)
    shape: str  # "records" or "keyed"
    left: list[str] = field(default_factory=list)  # other tables, "name (n)"

    @property
    def notes(self) -> list[str | Msg]:
        if not self.key and self.shape == "records" and not self.left:
            return ["JSON"]
        where = self.key or "-"
        shape = msg(f"real_shape_{self.shape}")
        notes: list[str | Msg] = [
            msg("real_json_table", key=where, shape=shape, rows=len(self.frame))
        ]
        if self.left:
            notes.append(msg("real_json_others", others=", ".join(self.left)))
        return notes


@dataclass
class _Candidate:
    key: str
    shape: str
    records: list[dict]

    def rank(self) -> tuple[int, int, int]:
        return (_is_school_table(self), _territory_keys(self.records), len(self.records))


def recognise_json(data: object) -> JsonTable | None:
    """The table of ``data`` worth reading, or None when it holds no table of records."""
    candidates = _candidates("", data)
    if isinstance(data, dict) and not candidates:
        candidates += [c for k, v in data.items() for c in _candidates(str(k), v)]
    if not candidates:
        return None
    best = max(candidates, key=_Candidate.rank)
    left = [f"{c.key} ({len(c.records)})" for c in candidates if c is not best and c.key]
    frame = pd.json_normalize(best.records, sep="_")
    return JsonTable(frame, best.key, best.shape, left)


def _candidates(key: str, value: object) -> list[_Candidate]:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [_Candidate(key, "records", value)]
    if _keyed_by_code(value):
        assert isinstance(value, dict)
        return [_Candidate(key, "keyed", _with_key(value))]
    return []


def _keyed_by_code(value: object) -> bool:
    """An object whose keys are codes (digits) and whose values are all objects."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(v, dict) for v in value.values())
        and all(re.fullmatch(r"\d{1,14}", str(k).strip()) for k in value)
    )


def _with_key(value: dict) -> list[dict]:
    """Each entry's record with its key as a column: ``codigo_dane`` for school codes (11 to
    14 digits), ``codigo`` for others; a record that already names its code keeps its own."""
    school = all(_SCHOOL_CODE.fullmatch(str(k).strip()) for k in value)
    column = s.SITE_CODE if school else s.CODE
    records = []
    for code, record in value.items():
        has_own = any(s.normalise_header(k) == column for k in record)
        records.append(record if has_own else {column: str(code).strip(), **record})
    return records


def _is_school_table(candidate: _Candidate) -> int:
    first = {s.normalise_header(k): v for k, v in candidate.records[0].items()}
    named = _SCHOOL_KEYS & first.keys()
    return int(any(_SCHOOL_CODE.fullmatch(str(first[k]).strip()) for k in named))


def _territory_keys(records: list[dict]) -> int:
    keys = {s.normalise_header(k) for k in records[0]}
    return len(keys & _TERRITORY_KEYS)
