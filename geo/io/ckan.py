"""Dropout, approval and failure per establishment and year from MEData, Medellín's CKAN
portal (issue 23).

The datasets are found through the API, never pinned: ``package_search?q=<words>`` (the
source's ``dataset`` setting, ``desercion``), then each resource with a datastore is read with
``datastore_search``: its fields and one record first (``limit=1``), then, when they hold an
establishment's code and counts of dropouts and enrolment, its rows of the years not cached
yet (``filters``), page by page (``limit``/``offset``). A count is a column (``desercion``,
``desercion_total``) or the sum of its per-grade columns (``desercion_grado_6``...), which also
give the counts per education level. Rows per sex are summed (or only the 'Total' rows kept
when the table has them). A setting ``dataset`` that is a resource id skips the search.

Nothing is invented: a portal with no such dataset raises a ``DataError`` saying which
indicators stay without official data and why.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from geo.errors import DataError
from geo.io.jsonapi import JsonClient
from geo.io.sources import PortalSource
from geo.model import schema as s
from geo.model.messages import msg

if TYPE_CHECKING:
    import pandas as pd

PAGE_ROWS: Final = 5000
MAX_PAGES: Final = 400
SEARCH_ROWS: Final = 50
_RESOURCE_ID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_YEAR_IN_TEXT: Final = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_YEAR_FIELDS: Final = ("anio", "ano", "a_o", "vigencia", "year")
_SEX_FIELDS: Final = ("sexo", "genero", "sex")
_TOTAL_SEX: Final = {"total", "ambos", "ambos_sexos", "todos"}
_NOT_COUNTS: Final = ("tasa", "porcentaje", "pct", "indice")
# The counts a dataset may hold: the registry's field -> the atlas's column.
MEASURES: Final = {
    "dropouts": s.DROPOUTS,
    "enrolled": s.ENROLLED,
    "approved": s.APPROVED,
    "failed": s.FAILED,
}
REQUIRED: Final = ("dropouts", "enrolled")
_GRADE_LEVEL: Final = {
    **{str(g): "primaria" for g in range(1, 6)},
    **{str(g): "secundaria" for g in range(6, 10)},
    **{str(g): "media" for g in range(10, 12)},
    "0": "transicion",
    "transicion": "transicion",
}


def _action(client: JsonClient, source: PortalSource, name: str, params: dict, label: str) -> Any:
    url = source.url(client.base) + name
    answer = client.get(source, url, params, label)
    if not isinstance(answer, dict) or "success" not in answer:
        raise DataError(msg("soda_web_page"), url, msg("soda_try_later"))
    if answer["success"] is not True:
        error = answer.get("error") or {}
        detail = error.get("message") if isinstance(error, dict) else str(error)
        raise DataError(
            msg("ckan_error", message=str(detail or error or "success: false")),
            url,
            _none_fix(),
        )
    return answer.get("result")


def _none_fix():
    return msg("ckan_none_fix")


def find_resources(client: JsonClient, source: PortalSource) -> list[tuple[str, str]]:
    """(resource id, the name a year may be read from) of the datasets the search finds."""
    if _RESOURCE_ID.fullmatch(source.dataset.strip()):
        return [(source.dataset.strip(), "")]
    params = {"q": source.dataset, "rows": str(SEARCH_ROWS)}
    result = _action(client, source, "package_search", params, f"{source.key} search")
    found = []
    for package in (result or {}).get("results") or []:
        title = f"{package.get('title') or ''} {package.get('name') or ''}"
        for resource in package.get("resources") or []:
            if resource.get("datastore_active") is False or not resource.get("id"):
                continue
            found.append((str(resource["id"]), f"{title} {resource.get('name') or ''}"))
    return found


def _records(
    client: JsonClient, source: PortalSource, resource: str, years: list[int]
) -> tuple[list, list, dict[str, Any] | None]:
    """A datastore resource's records (of ``years`` only, when it has a year column), field
    names and chosen columns. Its fields and one record are asked first (``limit=1``): a
    resource that is not the table sought is not read further."""
    probe = {"resource_id": resource, "limit": "1"}
    label = f"{source.key} {resource}"
    result = _action(client, source, "datastore_search", probe, label)
    fields = [str(f.get("id")) for f in (result or {}).get("fields") or []]
    columns = _columns(fields, source)
    if columns is None:
        return [], fields, None
    sample = ((result or {}).get("records") or [{}])[0].get(columns["year"] or "")
    filters = None
    if columns["year"] is not None and re.fullmatch(r"\d{4}(\.0)?", str(sample).strip()):
        # years written as years: only those not cached yet (a date, '2021-12-31', reads all)
        filters = json.dumps({columns["year"]: [str(year) for year in years]})
    return _pages(client, source, resource, filters, label), fields, columns


def _pages(
    client: JsonClient, source: PortalSource, resource: str, filters: str | None, label: str
) -> list[dict]:
    records: list[dict] = []
    for _ in range(MAX_PAGES):
        params = {"resource_id": resource, "limit": str(PAGE_ROWS), "offset": str(len(records))}
        if filters is not None:
            params["filters"] = filters
        result = _action(client, source, "datastore_search", params, label)
        page = (result or {}).get("records") or []
        records.extend(page)
        total = (result or {}).get("total")
        if not page or len(page) < PAGE_ROWS or (total is not None and len(records) >= total):
            break
    return records


def fetch_efficiency(
    client: JsonClient, source: PortalSource, years: list[int]
) -> tuple[dict[int, pd.DataFrame], list[dict[str, Any]]]:
    """Per establishment and year: dropouts, enrolment, approved and failed (and per level);
    one table per year asked (empty when MEData has none for it). When two resources hold
    the same establishment and year (a table published as CSV and as a workbook), the first
    one's figures are kept, never their sum."""
    import pandas as pd

    frames, queries = [], []
    pinned = bool(_RESOURCE_ID.fullmatch(source.dataset.strip()))
    for resource, name in find_resources(client, source):
        try:
            records, fields, columns = _records(client, source, resource, years)
        except DataError:
            if pinned:
                raise
            continue  # a resource the search found without a readable datastore
        if columns is None:
            continue
        frame = _counts(pd.DataFrame(records, columns=fields or None), columns, name, source)
        if frame is None:
            continue
        frames.append(frame.groupby([s.SITE_CODE, s.YEAR], as_index=False).sum(min_count=1))
        queries.append({"resource_id": resource, "rows": len(records), "name": name.strip()})
    if not frames:
        measures = ", ".join(source.field(m) for m in REQUIRED)
        raise DataError(
            msg(
                "ckan_none",
                query=source.dataset,
                fields=f"{source.field('institution')}, {measures}",
                indicators=msg("ckan_efficiency_names"),
            ),
            source.url(client.base) + "package_search",
            _none_fix(),
        )
    both = pd.concat(frames, ignore_index=True)
    first = both.drop_duplicates([s.SITE_CODE, s.YEAR], keep="first")
    if len(first) < len(both):
        queries[-1]["note"] = msg("fetch_note_duplicates", n=len(both) - len(first))
    by_year = {year: first[first[s.YEAR] == year].reset_index(drop=True) for year in years}
    return by_year, queries


def _norm(name: str) -> str:
    return s.normalise_header(name)


def _columns(fields: list[str], source: PortalSource) -> dict[str, Any] | None:
    """Which of ``fields`` hold the code, the year, the sex and each count (per grade)."""
    by_norm = {_norm(f): f for f in fields}
    code = by_norm.get(_norm(source.field("institution")))
    if code is None:
        return None
    year = by_norm.get(_norm(source.field("year")))
    year = year or next((by_norm[y] for y in _YEAR_FIELDS if y in by_norm), None)
    measures = {}
    for key in MEASURES:
        found = _measure(by_norm, _norm(source.field(key)))
        if found:
            measures[key] = found
    if any(key not in measures for key in REQUIRED):
        return None
    return {
        "code": code,
        "year": year,
        "sex": by_norm.get(_norm(source.field("sex")))
        or next((by_norm[x] for x in _SEX_FIELDS if x in by_norm), None),
        "measures": measures,
    }


def _measure(by_norm: dict[str, str], prefix: str) -> dict[str | None, list[str]] | None:
    """A count's columns: {None: [total]} or {level: [per-grade columns]}."""
    mine = {
        n: f
        for n, f in by_norm.items()
        if (n == prefix or n.startswith(prefix + "_")) and not any(w in n for w in _NOT_COUNTS)
    }
    if prefix + "_total" in mine:
        return {None: [mine[prefix + "_total"]]}
    grades: dict[str | None, list[str]] = {}
    for n, f in mine.items():
        m = re.fullmatch(re.escape(prefix) + r"_(?:grado_)?(\d{1,2}|transicion)", n)
        grade = (m.group(1) if m.group(1) == "transicion" else str(int(m.group(1)))) if m else ""
        if grade in _GRADE_LEVEL:
            grades.setdefault(_GRADE_LEVEL[grade], []).append(f)
    if grades:
        return grades
    if prefix in mine:
        return {None: [mine[prefix]]}
    return None


def _counts(
    frame: pd.DataFrame, columns: dict[str, Any], name: str, source: PortalSource
) -> pd.DataFrame | None:
    import pandas as pd

    if columns["year"] is not None:
        given = frame[columns["year"]].astype("string")
        year = pd.to_numeric(given, errors="coerce")  # '2021', or a date: '2021-12-31'
        year = year.fillna(pd.to_numeric(given.str.extract(_YEAR_IN_TEXT)[0], errors="coerce"))
    else:
        found = _YEAR_IN_TEXT.findall(name)
        if len(set(found)) != 1:
            return None  # no year anywhere: not usable
        year = pd.Series(int(found[0]), index=frame.index)
    if columns["sex"] is not None:
        sex = frame[columns["sex"]].astype("string").map(_norm, na_action="ignore")
        if sex.isin(_TOTAL_SEX).any():
            frame, year = frame[sex.isin(_TOTAL_SEX)], year[sex.isin(_TOTAL_SEX)]
    out = pd.DataFrame(
        {s.SITE_CODE: frame[columns["code"]].astype("string").str.strip(), s.YEAR: year}
    )
    for key, parts in columns["measures"].items():
        column = MEASURES[key]
        total = None
        for level, names in parts.items():
            values = sum(_count(frame[n], n, source) for n in names)
            if level is not None:
                out[s.at_level(column, level)] = values
            total = values if total is None else total + values
        out[column] = total
    out = out[out[s.SITE_CODE].notna() & out[s.YEAR].notna()]
    out[s.YEAR] = out[s.YEAR].astype(int)
    return out


def _count(values: pd.Series, column: str, source: PortalSource) -> pd.Series:
    import pandas as pd

    numbers = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    fractional = numbers[(numbers % 1).abs() > 1e-9]
    if len(fractional):
        raise DataError(
            msg("ckan_rates", column=column, value=fractional.iloc[0]),
            source.landing,
            msg("ckan_rates_fix"),
        )
    return numbers.where(numbers >= 0)
