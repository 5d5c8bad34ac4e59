"""The join report: what was read, and every problem with the rows it concerns.

Problems never stop the rest: good rows are used, bad rows are listed here. The same report is
shown on the Datos page, printed by ``python -m geo report`` and downloadable as CSV.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Final

import pandas as pd

from geo.model.messages import Msg

# Problem kind -> (Spanish, English) label; one place for every kind the engine reports.
KINDS: Final[dict[str, tuple[str, str]]] = {
    "geometry_repaired": ("Geometría inválida reparada", "Invalid geometry repaired"),
    "geometry_empty": (
        "Geometría vacía o no poligonal, descartada",
        "Empty or non-polygon geometry dropped",
    ),
    "geometry_not_finite": (
        "Coordenadas no numéricas (NaN o infinito), descartada",
        "Coordinates not numbers (NaN or infinite), dropped",
    ),
    "crs_contradiction": (
        "El CRS declarado no corresponde a las coordenadas",
        "Declared CRS contradicts the coordinates",
    ),
    "crs_assumed": (
        "CRS no declarado; se dedujo de las coordenadas",
        "No CRS declared; deduced from the coordinates",
    ),
    "duplicate_code": ("Código repetido", "Duplicate code"),
    "duplicate_location": ("Varias sedes en el mismo punto", "Several sites at the same point"),
    "missing_code": ("Fila sin código", "Row without a code"),
    "missing_coordinates": ("Sin coordenadas", "Missing coordinates"),
    "swapped_coordinates": (
        "Latitud y longitud intercambiadas; corregido",
        "Latitude and longitude swapped; fixed",
    ),
    "outside": ("Fuera de todos los territorios", "Outside every territory"),
    "assigned_by_tolerance": (
        "Asignada al territorio más cercano (tolerancia)",
        "Assigned to the nearest territory (tolerance)",
    ),
    "located_by_attribute": (
        "Ubicada por su código o nombre de comuna",
        "Located by its comuna code or name",
    ),
    "declared_mismatch": (
        "La comuna declarada no coincide con la ubicación",
        "Declared comuna disagrees with the location",
    ),
    "unmatched_territory": ("Territorio no reconocido", "Territory not recognised"),
    "unmatched_site": ("Código DANE sin sede", "DANE code without a site"),
    "negative_count": ("Conteo negativo", "Negative count"),
    "dropouts_above_enrolment": ("Desertores mayores que la matrícula", "Dropouts above enrolment"),
    "count_above_enrolment": ("Conteo mayor que la matrícula", "Count above enrolment"),
    "invalid_number": ("Valor no numérico", "Value is not a number"),
    "unreadable_row": ("Fila ilegible, no se usa", "Unreadable row, not used"),
    "missing_year": ("Sin año", "No year"),
    # A problem, not a note: each left-out row is listed with its row number, so the person
    # can check that no school was among them (a note would only say how many).
    "left_out_row": ("Fila de totales o notas, no se usa", "Totals or notes row, not used"),
    "ambiguous_numbers": (
        "Números con separador ambiguo",
        "Numbers with an ambiguous separator",
    ),
}

# File role -> (Spanish, English) label.
ROLES: Final[dict[str, tuple[str, str]]] = {
    "boundaries": ("Límites (comunas)", "Boundaries (comunas)"),
    "barrios": ("Barrios y veredas", "Barrios and veredas"),
    "schools": ("Sedes", "Schools"),
    "indicators": ("Indicadores", "Indicators"),
    "territory table": ("Indicadores por territorio", "Indicators per territory"),
    "population": ("Población", "Population"),
    "benchmark": ("Estadísticas del MEN", "MEN statistics"),  # issue 16: a reference line
}

# Column of the problems table -> (Spanish, English) header; ``key`` is the kind's stable id.
COLUMNS: Final[dict[str, tuple[str, str]]] = {
    "key": ("clave", "key"),
    "problem": ("Problema", "Problem"),
    "file": ("Archivo", "File"),
    "row": ("Fila", "Row"),
    "code": ("Código", "Code"),
    "name": ("Nombre", "Name"),
    "detail": ("Detalle", "Detail"),
}

# The few words of the plain-text report, (Spanish, English).
_WORDS: Final[dict[str, tuple[str, str]]] = {
    "rows": ("filas", "rows"),
    "columns": ("columnas", "columns"),
    "note": ("nota", "note"),
    "problems": ("problema(s)", "problem(s)"),
    "row": ("fila", "row"),
    "file": ("archivo", "file"),
    "more": ("más", "more"),
}


def _in(labels: tuple[str, str], lang: str) -> str:
    return labels[0] if lang == "es" else labels[1]


def _text(text: str | Msg, lang: str) -> str:
    """A detail or note: our words (a Msg) in ``lang``; a bare fact (a value) as it is."""
    return text.render(lang) if isinstance(text, Msg) else text


@dataclass(frozen=True)
class Problem:
    """One problem with one row (or with a whole file when ``row`` is None)."""

    kind: str
    file: str
    row: int | None = None  # 1-based data row or feature number in the file
    code: str = ""
    name: str = ""
    detail: str | Msg = ""

    def label(self, lang: str) -> str:
        return _in(KINDS[self.kind], lang)

    def detail_in(self, lang: str) -> str:
        return _text(self.detail, lang)


@dataclass
class FileRead:
    """What was read from one file and how it was interpreted."""

    role: str  # boundaries, barrios, schools, indicators, population
    file: str
    format: str
    rows: int
    declared_crs: str | None = None
    used_crs: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> the file's column
    notes: list[str | Msg] = field(default_factory=list)

    def role_label(self, lang: str) -> str:
        return _in(ROLES[self.role], lang)

    def notes_in(self, lang: str) -> list[str]:
        return [_text(note, lang) for note in self.notes]


@dataclass
class Report:
    files: list[FileRead] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, other: Report) -> None:
        self.files.extend(other.files)
        self.problems.extend(other.problems)

    def counts(self) -> dict[str, int]:
        """Problems per kind, in the order of :data:`KINDS`."""
        found = pd.Series([p.kind for p in self.problems], dtype="object").value_counts()
        return {kind: int(found[kind]) for kind in KINDS if kind in found}

    def problems_frame(self, lang: str = "es", *, with_key: bool = True) -> pd.DataFrame:
        """One row per problem, headed in ``lang``; ``with_key`` adds the kind's stable id."""
        rows = [
            [p.kind, p.label(lang), p.file, p.row, p.code, p.name, p.detail_in(lang)]
            for p in self.problems
        ]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["row"] = frame["row"].astype("Int64")
        if not with_key:
            frame = frame.drop(columns="key")
        return frame.rename(columns={c: _in(COLUMNS[c], lang) for c in COLUMNS})

    def to_csv(self, lang: str = "es") -> bytes:
        """The problems as CSV (UTF-8 with BOM, so Excel opens the accents right)."""
        return self.problems_frame(lang).to_csv(index=False).encode("utf-8-sig")

    def to_dict(self, lang: str = "es") -> dict:
        """The report as plain data, its details and notes written in ``lang``."""
        return {
            "files": [{**asdict(f), "notes": f.notes_in(lang)} for f in self.files],
            "counts": self.counts(),
            "problems": [{**asdict(p), "detail": p.detail_in(lang)} for p in self.problems],
        }

    def to_json(self, lang: str = "es") -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2)

    def to_text(self, lang: str = "es") -> str:
        """A plain-text summary for the terminal."""

        def word(key: str) -> str:
            return _in(_WORDS[key], lang)

        lines = []
        for f in self.files:
            crs = f" CRS {f.declared_crs or '—'} -> {f.used_crs}" if f.used_crs else ""
            lines.append(
                f"[{f.role_label(lang)}] {f.file}: {f.format}, {f.rows} {word('rows')}{crs}"
            )
            if f.columns:
                chosen = ", ".join(f"{k}={v}" for k, v in f.columns.items())
                lines.append(f"    {word('columns')}: {chosen}")
            lines.extend(f"    {word('note')}: {n}" for n in f.notes_in(lang))
        counts = self.counts()
        lines.append(f"{len(self.problems)} {word('problems')}" + (":" if counts else "."))
        for kind, count in counts.items():
            lines.append(f"  {count:5d}  {_in(KINDS[kind], lang)}")
            for p in [p for p in self.problems if p.kind == kind][:10]:
                where = f"{word('row')} {p.row}" if p.row is not None else word("file")
                line = f"         {p.file} {where} {p.code} {p.name} {p.detail_in(lang)}"
                lines.append(line.rstrip())
            if count > 10:
                lines.append(f"         ... {count - 10} {word('more')}")
        return "\n".join(lines)
