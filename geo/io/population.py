"""The DAP's population projections per comuna and corregimiento, from the Alcaldía's ArcGIS
layer (``mapas_nacionales/VC_Distribucion_Poblacional/MapServer/1``), as a table per
territory and year that the population reader takes (issue 23).

The layer is asked for its attributes only (``returnGeometry=false``, ``f=json``), page by
page. Each feature is a territory, named (``nombre``; a ``comuna`` code when the layer has
one) with a total per year (``total_2018`` ... ``total_2030``). Where the publisher also has
age groups (``poblacion_5_16_2024``, ``poblacion_6_10_2024``...: the pattern is the
``ages`` setting) they become the denominators of coverage; without them the table holds
totals only and gross and net coverage stay uncomputed: an age share is never assumed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from geo.errors import DataError
from geo.io.jsonapi import JsonClient, setting_fix
from geo.io.sources import PortalSource
from geo.model import schema as s
from geo.model.messages import msg

if TYPE_CHECKING:
    import pandas as pd

PAGE_SIZE: Final = 1000
MAX_PAGES: Final = 50
AGE_GROUPS: Final = {
    s.POPULATION_5_16: s.SCHOOL_AGES,
    **{s.at_level(s.POPULATION_5_16, level): ages for level, ages in s.LEVEL_AGES.items()},
}


def query_params(offset: int) -> dict[str, str]:
    return {
        "where": "1=1",
        "outFields": "*",
        "returnGeometry": "false",
        "f": "json",
        "resultOffset": str(offset),
        "resultRecordCount": str(PAGE_SIZE),
    }


def fetch_population(
    client: JsonClient, source: PortalSource
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """One row per territory and year: name (and code), total and any age groups."""
    import pandas as pd

    url = source.url(client.base)
    features: list[dict[str, Any]] = []
    queries = []
    for _ in range(MAX_PAGES):
        params = query_params(len(features))
        page = client.get(source, url, params, source.key)
        queries.append({"params": params})
        if isinstance(page, dict) and isinstance(page.get("error"), dict):
            message = str(page["error"].get("message") or msg("no_message").render("es"))
            raise DataError(msg("arcgis_error", message=message), url, setting_fix(source))
        got = page.get("features") if isinstance(page, dict) else None
        if not isinstance(got, list):
            raise DataError(msg("fetch_not_collection"), url, setting_fix(source))
        features.extend(f.get("attributes") or {} for f in got if isinstance(f, dict))
        if not got or not (page.get("exceededTransferLimit") or len(got) >= PAGE_SIZE):
            break
    rows = pd.DataFrame(features)
    return _long(rows, source, url), queries


def _long(rows: pd.DataFrame, source: PortalSource, url: str) -> pd.DataFrame:
    """The layer's wide attributes as one row per territory and year."""
    import pandas as pd

    by_lower = {str(c).lower(): c for c in rows.columns}
    name = by_lower.get(source.field("name").lower())
    code = by_lower.get(source.field("code").lower())
    totals = _years(by_lower, source.field("total"))
    if (name is None and code is None) or not totals:
        expected = f"{source.field('name')}, {source.field('total').format(year='AAAA')}"
        raise DataError(
            msg(
                "arcgis_no_population",
                expected=expected,
                found=", ".join(list(map(str, rows.columns))[:12]) or "-",
            ),
            url,
            setting_fix(source, "fields"),
        )
    ages = {
        column: _years(by_lower, _age_pattern(source.field("ages"), group))
        for column, group in AGE_GROUPS.items()
    }
    parts = []
    for year, total in sorted(totals.items()):
        part = pd.DataFrame(index=rows.index)
        if code is not None:
            part[s.CODE] = rows[code].astype("string")
        if name is not None:
            part[s.NAME] = rows[name].astype("string")
        part[s.YEAR] = year
        part[s.POPULATION] = pd.to_numeric(rows[total], errors="coerce")
        for column, found in ages.items():
            if year in found:
                part[column] = pd.to_numeric(rows[found[year]], errors="coerce")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _age_pattern(pattern: str, ages: tuple[int, int]) -> str:
    return pattern.replace("{ages}", s.ages_suffix(ages))


def _years(by_lower: dict[str, Any], pattern: str) -> dict[int, Any]:
    """The columns matching ``pattern`` (``{year}`` a 4-digit year), by year."""
    regex = re.escape(pattern.lower()).replace(re.escape("{year}"), r"((?:19|20)\d\d)")
    found = {}
    for lower, column in by_lower.items():
        if m := re.fullmatch(regex, lower):
            found[int(m.group(1))] = column
    return found


def age_groups(frame: pd.DataFrame) -> list[str]:
    """The age groups a fetched table holds (none: coverage cannot be computed from it)."""
    return [c for c in AGE_GROUPS if c in frame and frame[c].notna().any()]
