"""The Ministry's own figures for the city: a benchmark line beside the atlas's sums.

The MEN publishes education statistics per municipality and year (datos.gov.co ``nudc-7mev``):
rates in percent, named ``DESERCIÓN``, ``APROBACIÓN``, ``REPROBACIÓN``, ``REPITENCIA``,
``COBERTURA_NETA``, ``COBERTURA_BRUTA``, each with ``_TRANSICIÓN``, ``_PRIMARIA``,
``_SECUNDARIA`` and ``_MEDIA`` splits. The site's CSV export keeps the accents; its API
replaces each accented letter by ``_`` (``deserci_n_primaria``, ``a_o``). Both are read.

Only the rows of one municipality (Medellín, 05001, unless told otherwise) are kept, as one
row per year, indicator and education level with the rate as a fraction.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from geo.errors import DataError
from geo.io.readers import read_table, to_numbers
from geo.io.report import FileRead, Report
from geo.model import schema as s
from geo.model.messages import msg
from geo.model.schema import normalise_header

MEDELLIN: Final = "05001"
# The MEN's name of a rate -> the catalogue's id.
MEN_RATES: Final = {
    "desercion": "dropout",
    "aprobacion": "approval",
    "reprobacion": "failure",
    "repitencia": "repetition",
    "cobertura_neta": "coverage_net",
    "cobertura_bruta": "coverage_gross",
}
_YEAR: Final = ("ano", "anio", "a_o", "year", "vigencia")
_MUNICIPALITY: Final = (
    "codigo_municipio",
    "c_digo_municipio",
    "cod_municipio",
    "codigo_dane_municipio",
    "cod_dane_municipio",
    "divipola",
)
BENCHMARK_COLUMNS: Final = ("anio", "indicator", "education_level", "value")
_SCHOOL_AGE: Final = "poblacion_5_16"  # the MEN's POBLACIÓN_5_16 (API: poblaci_n_5_16)


def _header(column: object) -> str:
    """``'DESERCIÓN_PRIMARIA'`` and ``'deserci_n_primaria'`` -> ``'desercion_primaria'``."""
    text = normalise_header(column)
    return re.sub(r"ci_n", "cion", text)


def read_men_statistics(path: Path, report: Report, municipality: str = MEDELLIN) -> pd.DataFrame:
    """The municipality's published rates (``BENCHMARK_COLUMNS``). ``DataError`` when the
    file has no such rates or no row for the municipality: a file given for this one purpose
    that cannot serve it is refused, and the data in use stays."""
    table = read_table(path)
    frame = table.frame.rename(columns=_header)
    rates = {}
    for column in frame.columns:
        stem, level = column, ""
        for candidate in s.EDUCATION_LEVELS:
            if column.endswith("_" + candidate):
                stem, level = column[: -len(candidate) - 1], candidate
        if stem in MEN_RATES:
            rates[column] = (MEN_RATES[stem], level)
    read = FileRead("benchmark", path.name, table.format, len(frame), columns={})
    report.files.append(read)
    year = next((c for c in _YEAR if c in frame.columns), None)
    if not rates or year is None:
        raise DataError(msg("benchmark_unusable"), path.name, msg("detail_benchmark_shape"))
    frame = _of_municipality(frame, municipality)
    if frame.empty:
        fix = msg("detail_benchmark_municipality", code=municipality)
        raise DataError(msg("benchmark_unusable"), path.name, fix)
    years, _ = to_numbers(frame[year], table.decimal)
    records = []
    for column, (indicator, level) in rates.items():
        values, _ = to_numbers(frame[column], table.decimal)
        for when, value in zip(years, values, strict=True):
            if pd.notna(when) and pd.notna(value):
                records.append((int(when), indicator, level, float(value) / 100))
    read.notes.append(msg("note_benchmark", n=len(rates), code=municipality))
    out = pd.DataFrame(records, columns=list(BENCHMARK_COLUMNS))
    return out.drop_duplicates(["anio", "indicator", "education_level"], keep="first")


def read_men_school_age(path: Path, municipality: str = MEDELLIN) -> dict[int, float]:
    """The municipality's population aged 5-16 per year as the MEN publishes it
    (``POBLACIÓN_5_16``, ``poblaci_n_5_16`` in the API): the city total that an estimate of
    each territory's school-age population must add up to. Empty when the file has none."""
    table = read_table(path)
    frame = table.frame.rename(columns=_header)
    year = next((c for c in _YEAR if c in frame.columns), None)
    if year is None or _SCHOOL_AGE not in frame.columns:
        return {}
    frame = _of_municipality(frame, municipality)
    years, _ = to_numbers(frame[year], table.decimal)
    people, _ = to_numbers(frame[_SCHOOL_AGE], table.decimal, count=True)
    found = {}
    for when, value in zip(years, people, strict=True):
        if pd.notna(when) and pd.notna(value) and value > 0:
            found.setdefault(int(when), float(value))  # the first row of a year, as the rates
    return found


def _of_municipality(frame: pd.DataFrame, municipality: str) -> pd.DataFrame:
    """The rows of ``municipality`` (all rows of a file without a municipality column)."""
    code = next((c for c in _MUNICIPALITY if c in frame.columns), None)
    if code is None:
        return frame
    codes = frame[code].astype("string").str.strip().str.split(".").str[0].str.zfill(5)
    return frame[(codes == municipality).to_numpy()]
