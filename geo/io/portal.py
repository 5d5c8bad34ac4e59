"""Fetch the registry's portal sources into the cache, per source and year, with provenance.

Each source's year is one plain table (``tables/<source>_<year>.csv``, per sede and year) with
its metadata beside it (``.json``: URL, queries, date, sha256 of the answers, licence, what each
period held). A refresh asks only for years not yet cached; a source that fails keeps its last
good copy (files are written only after a whole year arrived) and never stops the others.
:func:`official_tables` joins what the cache holds into the tables the ingest reads: one of
counts per sede and year (``--indicators``) and the MEN's statistics (``--benchmark``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from geo.errors import DataError
from geo.io import soda
from geo.io.sources import (
    DEFAULT_ARCGIS_URL,
    DEFAULT_CKAN_URL,
    MEDELLIN,
    PortalSource,
    Settings,
)
from geo.model import schema as s
from geo.model.messages import Msg, msg

if TYPE_CHECKING:
    import pandas as pd

TABLES: Final = "tables"
INDICATORS_FILE: Final = "indicadores_oficiales.csv"
BENCHMARK_FILE: Final = "men_medellin.csv"

# MEN grades -> education level ('0' transición, 1-5 primaria, 6-9 secundaria, 10-11 media).
_GRADE_LEVELS: Final = {
    "0": "transicion",
    **{str(g): "primaria" for g in range(1, 6)},
    **{str(g): "secundaria" for g in range(6, 10)},
    **{str(g): "media" for g in range(10, 12)},
}


@dataclass
class SourceResult:
    """What one source gave (or why it failed), for the page and the command line."""

    key: str
    title: str
    licence: str
    fetched: list[int] = field(default_factory=list)  # years asked for now
    cached: list[int] = field(default_factory=list)  # years already in the cache
    rows: int = 0
    seconds: float = 0.0
    requests: int = 0
    bytes: int = 0
    notes: list[str] = field(default_factory=list)  # in Spanish, as the metadata keeps them
    error: DataError | None = None
    traffic: dict[str, list[int]] = field(default_factory=dict)  # label -> [requests, bytes]
    messages: list[Msg] = field(default_factory=list)  # the notes, to render in any language

    @property
    def ok(self) -> bool:
        return self.error is None


Progress = Callable[[str, int, int], None]  # source key, years done, years in all


def fetch_sources(
    keys: list[str],
    years: range,
    settings: Settings,
    cache_dir: Path,
    base: str,
    *,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    bases: Mapping[str, str] | None = None,
) -> list[SourceResult]:
    """Fetch ``keys`` for ``years`` into ``cache_dir``; one result per source, in order.

    ``base`` is the Socrata portal's URL; ``bases`` may give the ArcGIS and CKAN portals'
    (keys ``arcgis``, ``ckan``), else ``$ATLAS_ARCGIS_URL`` / ``$ATLAS_CKAN_URL`` or the
    publishers' own addresses.
    """
    results = []
    for key in keys:
        source = settings.sources[key]
        client = _client(source, base, bases or {}, settings, sleep)
        result = SourceResult(key, source.title, source.licence)
        started = time.perf_counter()
        try:
            _fetch_one(source, client, years, Path(cache_dir), result, progress)
        except DataError as error:
            result.error = error
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # an answer of odd shape
            result.error = DataError(
                msg("portal_unexpected", detail=f"{type(exc).__name__}: {exc}"[:200]),
                source.url(client.base),
                msg("soda_try_later"),
            )
        result.seconds = time.perf_counter() - started
        result.requests = sum(client.traffic.requests.values())
        result.bytes = sum(client.traffic.bytes.values())
        result.traffic = {
            label: [count, client.traffic.bytes.get(label, 0)]
            for label, count in client.traffic.requests.items()
        }
        results.append(result)
    return results


def portal_base(kind: str, bases: Mapping[str, str]) -> str:
    """The base URL of a portal kind: as given, else its environment variable, else the
    publisher's."""
    defaults = {"arcgis": DEFAULT_ARCGIS_URL, "ckan": DEFAULT_CKAN_URL}
    variable = {"arcgis": "ATLAS_ARCGIS_URL", "ckan": "ATLAS_CKAN_URL"}[kind]
    return bases.get(kind) or os.environ.get(variable) or defaults[kind]


def _client(source: PortalSource, base: str, bases: Mapping[str, str], settings, sleep):
    if source.kind == "socrata":
        return soda.Client(base, token=settings.app_token, sleep=sleep)
    from geo.io.jsonapi import JsonClient

    return JsonClient(portal_base(source.kind, bases), sleep=sleep)


def _fetch_one(
    source: PortalSource,
    client: soda.Client,
    years: range,
    cache_dir: Path,
    result: SourceResult,
    progress: Progress | None,
) -> None:
    folder = cache_dir / TABLES
    if not source.by_period:  # one query for every year (the MEN's per municipality)
        if (folder / f"{source.key}.csv").exists():
            result.cached = list(years)
        else:
            frame, queries = _FETCHERS[source.key](client, source, None)
            _take_notes(result, queries)
            _store(folder / f"{source.key}.csv", frame, source, client, queries)
            result.fetched, result.rows = list(years), len(frame)
        if progress:
            progress(source.key, 1, 1)
        return
    if source.key in _MANY_YEARS:  # one reading gives every year (MEData's tables)
        paths = {year: folder / f"{source.key}_{year}.csv" for year in years}
        missing = [
            y for y, p in paths.items() if not (p.exists() and p.with_suffix(".json").exists())
        ]
        result.cached = [y for y in years if y not in missing]
        if missing:
            frames, queries = _MANY_YEARS[source.key](client, source, missing)
            _take_notes(result, queries)
            for done, year in enumerate(missing, start=1):
                _store(paths[year], frames[year], source, client, queries)
                result.fetched.append(year)
                result.rows += len(frames[year])
                if frames[year].empty:
                    _note(result, msg("fetch_note_no_rows", year=year, title=source.title))
                if progress:
                    progress(source.key, len(result.cached) + done, len(years))
        elif progress:
            progress(source.key, len(years), len(years))
        return
    for done, year in enumerate(years, start=1):
        path = folder / f"{source.key}_{year}.csv"
        if path.exists() and path.with_suffix(".json").exists():
            result.cached.append(year)
        else:
            frame, queries = _FETCHERS[source.key](client, source, year)
            _take_notes(result, queries)
            _store(path, frame, source, client, queries)
            result.fetched.append(year)
            result.rows += len(frame)
        if progress:
            progress(source.key, done, len(years))


def _note(result: SourceResult, note: Msg) -> None:
    result.messages.append(note)
    result.notes.append(note.render("es"))


def _take_notes(result: SourceResult, queries: list[dict]) -> None:
    """The queries' notes into the result; the metadata keeps them as Spanish text."""
    for query in queries:
        if isinstance(query.get("note"), Msg):
            _note(result, query["note"])
            query["note"] = query["note"].render("es")


def _saber11(
    client: soda.Client, source: PortalSource, year: int | None
) -> tuple[pd.DataFrame, list[dict]]:
    assert year is not None
    got = soda.fetch_saber11(client, source, range(year, year + 1))
    queries = [
        {
            "period": period,
            "params": soda.saber11_params(source, period),
            "candidates": count,
            "repeated": got.repeated.get(period, 0),
            "note": (
                msg("fetch_note_repeated", period=period, n=got.repeated[period])
                if got.repeated.get(period)
                else ""
            ),
        }
        for period, count in got.periods.items()
    ]
    return got.frame, queries


def matricula_params(source: PortalSource, year: int) -> dict[str, str]:
    """Enrolment per sede, grade and age of one year in Medellín, summed on the server."""
    f = source.field
    places = ",".join(f"'{code}'" for code in MEDELLIN)
    group = f"{f('site')}, {f('grade')}, {f('age')}"
    return {
        "$select": f"{group}, sum({f('enrolled')}::number) as matricula",
        "$where": f"{f('period')}='{year}' AND {f('municipality')} in ({places})",
        "$group": group,
        "$order": group,
    }


def _matricula(
    client: soda.Client, source: PortalSource, year: int | None
) -> tuple[pd.DataFrame, list[dict]]:
    """Per sede: enrolment, of official age (5-16), and per level with its official ages."""
    import pandas as pd

    assert year is not None
    params = matricula_params(source, year)
    rows = pd.DataFrame(client.rows(source, params, f"{source.key} {year}"))
    if rows.empty:
        return pd.DataFrame(columns=[s.SITE_CODE, s.YEAR]), [{"params": params}]
    f = source.field
    rows["matricula"] = pd.to_numeric(rows["matricula"], errors="coerce")
    age = pd.to_numeric(rows[f("age")], errors="coerce")
    level = rows[f("grade")].astype(str).str.strip().map(_GRADE_LEVELS)
    low, high = s.SCHOOL_AGES
    parts = {s.ENROLLED: rows["matricula"]}
    parts[s.ENROLLED_OFFICIAL_AGE] = rows["matricula"].where(age.between(low, high), 0)
    for name, (first, last) in s.LEVEL_AGES.items():
        mine = rows["matricula"].where(level == name, 0)
        parts[s.at_level(s.ENROLLED, name)] = mine
        official = s.at_level(s.ENROLLED_OFFICIAL_AGE, name)
        parts[official] = mine.where(age.between(first, last), 0)
    frame = pd.DataFrame(parts).assign(**{s.SITE_CODE: rows[f("site")]})
    frame = frame.groupby(s.SITE_CODE, as_index=False).sum()
    frame.insert(1, s.YEAR, year)
    return frame, [{"params": params}]


def _men(
    client: soda.Client, source: PortalSource, _year: int | None
) -> tuple[pd.DataFrame, list[dict]]:
    import pandas as pd

    places = ",".join(f"'{code}'" for code in MEDELLIN)
    params = {
        "$where": f"{source.field('municipality')} in ({places})",
        "$order": source.field("period"),
    }
    return pd.DataFrame(client.rows(source, params, source.key)), [{"params": params}]


def _poblacion(client, source: PortalSource, _year: int | None) -> tuple[pd.DataFrame, list]:
    from geo.io.population import age_groups, fetch_population

    frame, queries = fetch_population(client, source)
    if not age_groups(frame):
        queries[-1]["note"] = msg("fetch_note_no_ages")
    return frame, queries


def _eficiencia(client, source: PortalSource, years: list[int]) -> tuple[dict, list]:
    from geo.io.ckan import fetch_efficiency

    return fetch_efficiency(client, source, years)


_FETCHERS: Final = {
    "saber11": _saber11,
    "matricula": _matricula,
    "men": _men,
    "poblacion": _poblacion,
}
_MANY_YEARS: Final = {"eficiencia": _eficiencia}


def _store(
    path: Path, frame: pd.DataFrame, source: PortalSource, client: soda.Client, queries: list
) -> None:
    """The table and its metadata, each written whole and then moved into place."""
    body = frame.to_csv(index=False).encode("utf-8")
    meta = {
        "source": source.key,
        "title": source.title,
        "dataset": source.dataset,
        "url": source.url(client.base),
        "landing": source.landing,
        "licence": source.licence,
        "retrieved": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(body).hexdigest(),
        "rows": len(frame),
        "queries": queries,
        "feeds": list(source.feeds),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, body)
    _replace(path.with_suffix(".json"), json.dumps(meta, ensure_ascii=False, indent=1).encode())


def _replace(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def tables_version(cache_dir: Path) -> str:
    """The cached tables' sha256s ('' for none): a new download is a new version."""
    folder = Path(cache_dir) / TABLES
    metas = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return "".join("-" + json.loads(p.read_text(encoding="utf-8"))["sha256"][:10] for p in metas)


@dataclass(frozen=True)
class OfficialTables:
    """What the cache holds, as files the ingest reads, and where each part came from."""

    indicators: Path | None
    benchmark: Path | None
    provenance: tuple[dict, ...]  # the metadata of each cached table
    population: Path | None = None  # the DAP's, per territory and year
    notes: tuple[str, ...] = ()  # how the sources were combined (in Spanish)
    messages: tuple[Msg, ...] = ()  # the same, to render in any language


# A column two sources give in one year comes from the first of these, so that a rate's
# numerator and denominator share their source: MEData's dropouts over MEData's enrolment.
_PRECEDENCE: Final = ("eficiencia", "matricula", "saber11")
_NOT_PER_SEDE: Final = ("men", "poblacion")


def official_tables(cache_dir: Path) -> OfficialTables:
    """Join the cached per-year tables into one table per sede and year (and the MEN's and
    the population's)."""
    import pandas as pd

    folder = Path(cache_dir) / TABLES
    metas = [
        {**json.loads(p.read_text(encoding="utf-8")), "file": p.with_suffix(".csv").name}
        for p in sorted(folder.glob("*.json"))
        if p.with_suffix(".csv").exists()
    ]
    by_year: dict[int, dict[str, pd.DataFrame]] = {}
    for meta in metas:
        if meta["source"] in _NOT_PER_SEDE:
            continue
        frame = pd.read_csv(folder / meta["file"], dtype={s.SITE_CODE: str})
        for year, part in frame.groupby(s.YEAR):
            by_year.setdefault(int(year), {})[meta["source"]] = part
    indicators, notes, joined_years = None, [], []
    for year, parts in sorted(by_year.items()):
        order = sorted(parts, key=lambda k: _PRECEDENCE.index(k) if k in _PRECEDENCE else 99)
        taken: dict[str, str] = {}  # column -> the source it comes from this year
        joined = None
        for key in order:
            part = parts[key]
            given = [c for c in part.columns if c not in (s.SITE_CODE, s.YEAR)]
            shared = [c for c in given if c in taken]
            for first in dict.fromkeys(taken[c] for c in shared):
                columns = ", ".join(c for c in shared if taken[c] == first)
                notes.append(
                    msg(
                        "fetch_note_precedence",
                        year=year,
                        columns=columns,
                        first=_title(metas, first),
                        other=_title(metas, key),
                    )
                )
            part = part.drop(columns=shared)
            taken |= {c: key for c in given if c not in taken}
            joined = (
                part
                if joined is None
                else joined.merge(part, on=[s.SITE_CODE, s.YEAR], how="outer")
            )
        joined_years.append(joined)
    if joined_years:
        indicators = folder / INDICATORS_FILE
        table = pd.concat(joined_years, ignore_index=True)
        _replace(indicators, table.to_csv(index=False).encode("utf-8"))
    men, population = folder / "men.csv", folder / "poblacion.csv"
    return OfficialTables(
        indicators,
        men if men.exists() else None,
        tuple(metas),
        population if population.exists() else None,
        tuple(note.render("es") for note in notes),
        tuple(notes),
    )


def _title(metas: list[dict], key: str) -> str:
    return next((m["title"] for m in metas if m["source"] == key), key)


def sidecar(path: Path, results: list[SourceResult], cache_dir: Path) -> Path:
    """``<file>.metadata.json`` beside a table written with ``-o``: its sources' provenance."""
    tables = official_tables(cache_dir)
    meta = {
        "file": path.name,
        "sources": [m for m in tables.provenance],
        "results": [
            {
                **{k: v for k, v in asdict(r).items() if k not in ("error", "messages")},
                "error": str(r.error or ""),
            }
            for r in results
        ],
    }
    out = path.with_name(path.stem + ".metadata.json")
    out.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
