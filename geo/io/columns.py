"""Column names people actually use, mapped to the canonical ones in ``geo.model.schema``.

Headers are compared after :func:`normalise_header` (lower case, no accents, ``_`` for spaces
and hyphens), so ``Matrícula``, ``MATRICULA`` and ``matricula`` are the same column. A user
mapping (``--map canonical=theirs`` or the Datos page) always wins over the aliases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from geo.io.names import match_territory, normalise_code, territory_lookup
from geo.model import schema as s
from geo.model.messages import Msg, msg
from geo.model.schema import normalise_header
from geo.model.territories import TERRITORIES

# Canonical column -> spellings seen in the field, most specific first.
SITE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.SITE_CODE: (
        "codigo_dane",
        "codigo_dane_sede",
        "cod_dane_sede",
        "cole_cod_dane_sede",  # ICFES Saber 11 (datos.gov.co kgxf-xxbe)
        "dane_sede_codigo",
        "cod_dane",
        "codigo_sede",
        "dane",
        "school_code",
        "site_code",
    ),
    s.SITE_NAME: (
        "nombre_sede",
        "sede_educativa",
        "sede",
        "nombre",
        "nombre_establecimiento",
        "name",
        "school_name",
    ),
    s.SECTOR: ("sector", "naturaleza", "sector_educativo"),
    s.ZONE: ("zona", "zone", "area", "zona_sede"),
    s.NUCLEO: ("nucleo", "nucleo_educativo", "cod_nucleo"),
    s.DECLARED_TERRITORY: (
        "codigo_comuna",
        "cod_comuna",
        "comuna",
        "comuna_corregimiento",
        "id_comuna",
        "nombre_comuna",
    ),
    s.LATITUDE: ("latitud", "lat", "latitude", "y_wgs84"),
    s.LONGITUDE: ("longitud", "lon", "lng", "long", "longitude", "x_wgs84"),
    "x": ("x", "x_origen_nacional", "este", "coord_x", "easting"),
    "y": ("y", "y_origen_nacional", "norte", "coord_y", "northing"),
    # Issue 23: the institution a site belongs to; GeoMedellín's ``dane_sede`` holds the
    # institution's code despite its name (its principal sede has the same code).
    s.INSTITUTION: (
        "codigo_establecimiento",
        "cole_cod_dane_establecimiento",
        "cod_dane_establecimiento",
        "codigo_dane_establecimiento",
        "dane_establecimiento",
        "codigo_institucion",
        "cod_institucion",
        "codigo_dane_institucion",
        "dane_sede",
    ),
    s.SITE_CONSECUTIVE: ("consecutivo_sede", "cons_sede", "consecutivo", "codigo_consecutivo"),
}
YEAR_ALIASES: Final = ("anio", "ano", "year", "vigencia", "periodo")
COUNT_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.ENROLLED: (
        "matricula",
        "matricula_total",
        "total_matricula",
        "enrolment",
        "enrollment",
        "matriculados",
        "total",
    ),
    s.ENROLLED_OFFICIAL_AGE: (
        "matricula_5_16",
        "matricula_edad_oficial",
        "matricula_en_edad",
        "matricula_neta",
    ),
    s.DROPOUTS: ("desertores", "desercion_absoluta", "dropouts", "retirados"),
    s.NO_INTERNET: ("sin_internet", "estudiantes_sin_internet", "no_internet", "sin_conectividad"),
    s.NO_COMPUTER: (
        "sin_computador",
        "estudiantes_sin_computador",
        "no_computer",
        "sin_computadora",
    ),
    s.COMPUTERS: ("computadores", "computadores_sede", "equipos", "computers"),
    s.BROADBAND: ("banda_ancha", "tiene_banda_ancha", "broadband", "conexion_banda_ancha"),
    s.POPULATION: ("poblacion_total", "poblacion", "total_poblacion", "population"),
    s.POPULATION_5_16: ("poblacion_5_16", "poblacion_5_a_16", "pob_5_16", "population_5_16"),
}
COUNT_ALIASES.update(
    {
        s.APPROVED: ("aprobados", "estudiantes_aprobados", "approved", "passed"),
        s.FAILED: ("reprobados", "estudiantes_reprobados", "no_aprobados", "failed"),
        s.REPEATING: ("repitentes", "estudiantes_repitentes", "repeaters", "repeating"),
        s.OVERAGE: (
            "extraedad",
            "extra_edad",
            "estudiantes_extraedad",
            "en_extraedad",
            "overage",
            "over_age",
        ),
        s.SABER_CANDIDATES: (
            "saber11_evaluados",
            "saber_11_evaluados",
            "evaluados_saber_11",
            "evaluados",
            "estudiantes_evaluados",
            "candidates",
        ),
        s.SABER_SCORE_SUM: ("saber11_puntaje_total", "suma_puntaje_global"),
        s.SABER_SCORE_MEAN: (
            "saber11_puntaje_promedio",
            "saber_11_puntaje_promedio",
            "punt_global",
            "puntaje_global",
            "puntaje_global_promedio",
            "promedio_puntaje_global",
            "promedio_global",
            "avg_punt_global",
            "mean_global_score",
        ),
        s.SABER_LOW_MATH: (
            "saber11_bajo_matematicas",
            "nivel_1_matematicas",
            "evaluados_nivel_1_matematicas",
            "matematicas_nivel_1",
        ),
        s.SABER_LOW_READING: (
            "saber11_bajo_lectura",
            "nivel_1_lectura_critica",
            "evaluados_nivel_1_lectura_critica",
            "lectura_critica_nivel_1",
        ),
        s.CAPACITY: ("cupos", "capacidad", "capacidad_instalada", "seats", "capacity"),
        # Issue 23: the household questionnaire of Saber 11 per site ('No' answers, answers).
        s.SABER_NO_INTERNET: ("saber11_sin_internet", "evaluados_sin_internet"),
        s.SABER_ANSWERED_INTERNET: ("saber11_responden_internet", "responden_internet"),
        s.SABER_NO_COMPUTER: ("saber11_sin_computador", "evaluados_sin_computador"),
        s.SABER_ANSWERED_COMPUTER: ("saber11_responden_computador", "responden_computador"),
    }
)
# Saber 11 by subject: the site's mean score as ICFES and its re-publishers spell it.
_SUBJECT_SPELLINGS: Final = {
    "matematicas": ("matematicas", "punt_matematicas", "math"),
    "lectura_critica": ("lectura_critica", "punt_lectura_critica", "lectura", "reading"),
    "ciencias_naturales": ("ciencias_naturales", "punt_c_naturales", "naturales", "science"),
    "sociales_ciudadanas": ("sociales_ciudadanas", "punt_sociales_ciudadanas", "sociales"),
    "ingles": ("ingles", "punt_ingles", "english"),
}
COUNT_ALIASES.update(
    {
        s.saber_subject_mean(subject): (
            s.saber_subject_mean(subject),
            *spellings,
            *(f"{prefix}_{spellings[0]}" for prefix in ("promedio", "puntaje", "avg_punt")),
        )
        for subject, spellings in _SUBJECT_SPELLINGS.items()
    }
)
COUNT_ALIASES.update(  # as a download gives them (issue 23): Σ score and candidates scored
    {
        column(subject): (column(subject),)
        for subject in _SUBJECT_SPELLINGS
        for column in (s.saber_subject_sum, s.saber_subject_candidates)
    }
)
# How files name the education levels (after ``normalise_header``), the canonical one first.
LEVEL_SPELLINGS: Final = {
    "transicion": ("transicion", "preescolar", "grado_0", "transition", "preschool"),
    "primaria": ("primaria", "basica_primaria", "primary"),
    "secundaria": ("secundaria", "basica_secundaria", "lower_secondary"),
    "media": ("media", "educacion_media", "upper_secondary"),
}
# Counts a school table may give per level: ``matricula_primaria``, ``primaria_matricula``,
# ``desercion_absoluta_secundaria``... and official-age enrolment as ``matricula_6_10``.
LEVEL_COUNTS: Final = (
    s.ENROLLED,
    s.ENROLLED_OFFICIAL_AGE,
    s.DROPOUTS,
    s.APPROVED,
    s.FAILED,
    s.REPEATING,
    s.OVERAGE,
    s.CAPACITY,
)


def _level_aliases(canonical: str, level: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    own = s.at_level(canonical, level)
    whole = "_" + s.ages_suffix(s.SCHOOL_AGES)
    stems = [a for a in aliases if not a.endswith(whole)]  # matricula_5_16: its own name
    spelled = [f"{a}_{w}" for w in LEVEL_SPELLINGS[level] for a in stems]
    spelled += [f"{w}_{a}" for w in LEVEL_SPELLINGS[level] for a in stems]
    return tuple(dict.fromkeys([own, *spelled]))


COUNT_ALIASES.update(
    {
        s.at_level(c, level): _level_aliases(c, level, COUNT_ALIASES[c])
        for c in LEVEL_COUNTS
        for level in s.EDUCATION_LEVELS
    }
)
# In a population table 'total' is the population, not the enrolment.
POPULATION_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    s.POPULATION: (*COUNT_ALIASES[s.POPULATION], "total"),
    s.POPULATION_5_16: COUNT_ALIASES[s.POPULATION_5_16],
    # Issue 16: the population of each level's official ages (``poblacion_6_10``, also
    # ``poblacion_primaria``, ``poblacion_6_a_10``).
    **{
        s.at_level(s.POPULATION_5_16, level): tuple(
            dict.fromkeys(
                [
                    s.at_level(s.POPULATION_5_16, level),
                    f"poblacion_{'_a_'.join(map(str, sorted(set(s.LEVEL_AGES[level]))))}",
                    f"pob_{s.ages_suffix(s.LEVEL_AGES[level])}",
                    f"population_{s.ages_suffix(s.LEVEL_AGES[level])}",
                    *(f"poblacion_{w}" for w in LEVEL_SPELLINGS[level]),
                    *(f"poblacion_edad_{w}" for w in LEVEL_SPELLINGS[level]),
                ]
            )
        )
        for level in s.EDUCATION_LEVELS
    },
}
# Publishers' schemas, besides GeoMedellín's own: DANE's MGN (sections, sectors, municipalities,
# departments; the finest level first, since a section layer also carries its municipality),
# OpenStreetMap (``ref``, ``name``, ``official_name``), ArcGIS exports (``NOMBRE_COM``) and KML
# (``Name``).
MGN_CODE_ALIASES: Final = (
    "secu_ccnct",
    "secr_ccnct",
    "setu_ccnct",
    "setr_ccnct",
    "mpio_cdpmp",
    "mpio_ccnct",
    "dpto_ccdgo",
)
MGN_NAME_ALIASES: Final = ("mpio_cnmbr", "dpto_cnmbr")
TERRITORY_CODE_ALIASES: Final = (
    "codigo",
    "comuna",
    "codigo_comuna",
    "cod_comuna",
    "id_comuna",
    "codigo_territorio",
    "cod_territorio",
    *MGN_CODE_ALIASES,
    "ref",
)
TERRITORY_NAME_ALIASES: Final = (
    "nombre",
    "nombre_comuna",
    "comuna_nombre",
    "nombre_com",
    "nombre_territorio",
    "territorio",
    *MGN_NAME_ALIASES,
    "name",
    "official_name",
)
BARRIO_CODE_ALIASES: Final = ("codigo", "codigo_barrio", "cod_barrio", "cbml_barrio", "ref")
BARRIO_NAME_ALIASES: Final = ("nombre_barrio", "nombre", "barrio", "name", "official_name")


def find_column(columns: Iterable[object], aliases: Iterable[str]) -> str | None:
    """The first of ``columns`` whose normalised header is one of ``aliases`` (in alias order)."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise_header(column), str(column))
    for alias in aliases:
        if alias in by_norm:
            return by_norm[alias]
    return None


def detect_columns(
    columns: Iterable[object],
    aliases: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Canonical name -> the file's column, from ``mapping`` first, then the aliases.

    A file column is used for one canonical name only.
    """
    columns = [str(c) for c in columns]
    chosen: dict[str, str] = {}
    for canonical, theirs in (mapping or {}).items():
        if theirs in columns:
            chosen[canonical] = theirs
    used = set(chosen.values())
    for canonical, names in aliases.items():
        if canonical in chosen:
            continue
        found = find_column([c for c in columns if c not in used], names)
        if found is not None:
            chosen[canonical] = found
            used.add(found)
    return chosen


# Columns that are unique digits in every export but never a territory's code.
_ID_COLUMNS: Final = frozenset(
    {"objectid", "object_id", "fid", "ogc_fid", "gid", "id", "oid", "fid_1", "objectid_1"}
)
# Digits of a code -> what such codes are, per role, with the score of that kind.
_CODE_KINDS: Final = {
    "boundaries": {"comuna": 4, "municipality": 3, "barrio": 2, "site": 1, "digits": 1},
    "barrios": {"barrio": 4, "comuna": 2, "municipality": 1, "site": 1, "digits": 1},
}
_OFFICIAL_CODES: Final = frozenset(t.code for t in TERRITORIES)
_MIN_FILLED: Final = 0.9  # share of rows with a value for a column to be a candidate


@dataclass(frozen=True)
class Chosen:
    """One column chosen for a boundary layer, and why.

    ``how`` is ``mapping``, ``alias`` or ``content`` when ``column`` is the file's; ``name``
    (a code derived from the name), ``official`` (names from the official list) or ``code``
    (the code stands for the name) when ``column`` is None.
    """

    column: str | None
    how: str
    why: Msg
    kind: str = ""  # for a code by content: comuna, barrio, municipality, site or digits


@dataclass(frozen=True)
class AreaColumns:
    """The code and name columns of a boundary layer; ``code`` is None when nothing fits."""

    code: Chosen | None
    name: Chosen | None


def choose_area_columns(
    frame: pd.DataFrame, role: str = "boundaries", mapping: Mapping[str, str] | None = None
) -> AreaColumns:
    """The code and name columns of a boundary layer: the user's mapping, then the aliases of
    every publisher, then what the values look like.

    Parameters
    ----------
    frame : DataFrame
        The layer's attributes (a geometry column is ignored).
    role : {"boundaries", "barrios"}
        Comunas/corregimientos (or any territories) or barrios/veredas.
    mapping : dict, optional
        ``territorio_codigo``/``territorio_nombre`` (``barrio_*`` for barrios) -> the column.

    Returns
    -------
    AreaColumns
        A code is short unique digits (a 2-digit comuna, a 4-digit barrio ``CCBB``, a 5-digit
        DANE municipality, a 12-digit DANE site); a name is unique text, preferably one of the
        official territory names. Without a code column the code is derived from names that
        match the official list; without a name column the name comes from the official list
        (or is the code itself). ``code`` is None when none of this is possible.
    """
    prefix = "territorio" if role == "boundaries" else "barrio"
    columns = [str(c) for c in frame.columns if str(c) != "geometry"]
    code_aliases = TERRITORY_CODE_ALIASES if role == "boundaries" else BARRIO_CODE_ALIASES
    name_aliases = TERRITORY_NAME_ALIASES if role == "boundaries" else BARRIO_NAME_ALIASES
    mapping = mapping or {}
    code = _by_mapping(mapping.get(f"{prefix}_codigo"), columns, "what_code")
    code = code or _by_alias(frame, columns, code_aliases, "what_code")
    name_pool = [c for c in columns if code is None or c != code.column]
    name = _by_mapping(mapping.get(f"{prefix}_nombre"), columns, "what_name")
    name = name or _by_alias(frame, name_pool, name_aliases, "what_name")
    if code is None or (code.how == "alias" and _values(frame[code.column]).duplicated().any()):
        pool = [c for c in columns if name is None or c != name.column]
        code = _code_by_content(frame, pool, role) or code
    if name is None:
        taken = code.column if code is not None else None
        name = _name_by_content(frame, [c for c in columns if c != taken])
    # Digits of a pattern unusual for the role (a population, an area in m²) are a weaker
    # code than official names.
    weak = code is None or (code.how == "content" and _CODE_KINDS[role][code.kind] < 3)
    if weak and role == "boundaries" and name is not None and name.column is not None:
        code = _code_from_name(frame[name.column], name.column) or code
    if code is not None and name is None:
        name = _name_from_code(frame[code.column] if code.column else None)
    return AreaColumns(code, name)


def _by_mapping(column: str | None, columns: list[str], what: str) -> Chosen | None:
    if not column:
        return None
    # A column the file does not have is kept: the caller refuses it, naming those there are.
    return Chosen(column, "mapping", msg("column_by_mapping", what=msg(what), column=column))


def _by_alias(
    frame: pd.DataFrame, columns: list[str], aliases: Iterable[str], what: str
) -> Chosen | None:
    """The first alias whose column has values, preferring one whose values are unique (a
    national layer's ``DPTO_CCDGO`` repeats, its ``MPIO_CDPMP`` does not)."""
    remaining = list(columns)
    found: list[str] = []
    while (column := find_column(remaining, aliases)) is not None:
        remaining.remove(column)
        if len(_values(frame[column])):
            found.append(column)
    if not found:
        return None
    unique = [c for c in found if not _values(frame[c]).duplicated().any()]
    column = (unique or found)[0]
    return Chosen(column, "alias", msg("column_by_alias", what=msg(what), column=column))


def _values(column: pd.Series) -> pd.Series:
    """The column's values as stripped text, empty ones dropped."""
    text = column.dropna().astype(str).str.strip()
    return text[~text.str.lower().isin({"", "nan", "none", "<na>"})]


def _filled(column: pd.Series, values: pd.Series) -> bool:
    return len(column) > 0 and len(values) >= _MIN_FILLED * len(column)


def _digits(values: pd.Series) -> pd.Series | None:
    """``'05001'``, ``5001``, ``5001.0`` -> their digits as text; None when any is not a code."""
    digits = values.str.replace(r"\.0+$", "", regex=True)
    return digits if digits.str.fullmatch(r"\d{1,12}").all() else None


def _code_kind(digits: pd.Series) -> str:
    lengths = set(digits.str.len())
    as_two = {normalise_code(d) for d in digits}
    if lengths <= {1, 2} and as_two <= _OFFICIAL_CODES:
        return "comuna"
    if lengths <= {3, 4} and {d.zfill(4)[:2] for d in digits} <= _OFFICIAL_CODES:
        return "barrio"
    if lengths <= {4, 5} and 5 in lengths:
        return "municipality"
    if lengths <= {11, 12} and 12 in lengths:
        return "site"
    return "digits"


def _code_by_content(frame: pd.DataFrame, columns: list[str], role: str) -> Chosen | None:
    best: tuple[int, int, str, str, pd.Series] | None = None
    for position, column in enumerate(columns):
        if normalise_header(column) in _ID_COLUMNS or normalise_header(column).startswith("shape"):
            continue
        values = _values(frame[column])
        digits = _digits(values) if _filled(frame[column], values) else None
        if digits is None or digits.duplicated().any():
            continue
        kind = _code_kind(digits)
        score = (_CODE_KINDS[role][kind], -position)
        if best is None or score > best[:2]:
            best = (*score, column, kind, digits)
    if best is None:
        return None
    _, _, column, kind, digits = best
    lengths = sorted(set(digits.str.len()))
    width = str(lengths[0]) if len(lengths) == 1 else f"{lengths[0]}-{lengths[-1]}"
    why = msg(
        "column_by_content_code",
        what=msg("what_code"),
        column=column,
        n=len(digits),
        digits=width,
        kind=msg(f"code_kind_{kind}"),
    )
    return Chosen(column, "content", why, kind)


def _official_lookup() -> tuple[dict[str, str], dict[str, str]]:
    return territory_lookup([t.code for t in TERRITORIES], [t.name for t in TERRITORIES])


def _name_by_content(frame: pd.DataFrame, columns: list[str]) -> Chosen | None:
    by_code, by_name = _official_lookup()
    best: tuple[int, int, str, int, int] | None = None
    for position, column in enumerate(columns):
        values = _values(frame[column])
        if not _filled(frame[column], values) or values.duplicated().any():
            continue
        if not values.str.contains(r"[^\W\d_]", regex=True).all():  # a name has letters
            continue
        matched = sum(match_territory(v, by_code, by_name) is not None for v in values)
        score = (matched, -position)
        if best is None or score > best[:2]:
            best = (*score, column, len(values), matched)
    if best is None:
        return None
    _, _, column, n, matched = best
    why = msg("column_by_content_name", what=msg("what_name"), column=column, n=n, matched=matched)
    return Chosen(column, "content", why)


def _code_from_name(names: pd.Series, column: str) -> Chosen | None:
    """A code for names that are official territories ("Comuna 9 - Buenos Aires" -> 09), when
    most of them are."""
    values = _values(names)
    matched = sum(territory_code(v) is not None for v in values)
    if not values.size or matched < 0.5 * len(values):
        return None
    return Chosen(
        None, "name", msg("code_from_name", column=column, matched=matched, n=len(values))
    )


def territory_code(name: object) -> str | None:
    """The official code of a territory written by name, or None."""
    return match_territory(name, *_official_lookup())


def _name_from_code(codes: pd.Series | None) -> Chosen:
    values = _values(codes) if codes is not None else pd.Series(dtype=str)
    digits = _digits(values) if len(values) else None
    if digits is not None and {normalise_code(d) for d in digits} <= _OFFICIAL_CODES:
        return Chosen(None, "official", msg("name_from_official"))
    return Chosen(None, "code", msg("name_from_code"))


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["matricula=MAT_TOTAL", ...]`` from the command line -> ``{"matricula": "MAT_TOTAL"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, sep, theirs = pair.partition("=")
        if not sep or not canonical.strip() or not theirs.strip():
            raise ValueError(f"--map expects canonical=their_column, got {pair!r}.")
        mapping[canonical.strip()] = theirs.strip()
    return mapping
