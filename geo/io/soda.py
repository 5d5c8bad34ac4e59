"""A small client of Socrata's SODA 2 API (datos.gov.co), and the Saber 11 query per sede.

Stdlib only: a GET with the SoQL parameters, retried with back-off on HTTP 429 and 503
(honouring ``Retry-After``), paged with ``$order`` and ``$offset``, an optional app token in
``X-App-Token``. Errors name what to change: a 404 is a moved dataset (the ``dataset``
setting of ``sources.json``), a 400 a field the dataset does not have (its ``fields``
setting), a web page instead of JSON a portal answering something else.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from geo.errors import DataError
from geo.io.sources import MEDELLIN, PortalSource
from geo.model import schema as s
from geo.model.messages import msg

if TYPE_CHECKING:
    import pandas as pd

PAGE_ROWS: Final = 50_000  # SODA's largest page; $limit defaults to 1,000
RETRIES: Final = 5
USER_AGENT: Final = "atlas-educativo-medellin"


@dataclass
class Traffic:
    """What a fetch cost: requests and bytes, per label (a source and period)."""

    requests: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, size: int) -> None:
        self.requests[label] = self.requests.get(label, 0) + 1
        self.bytes[label] = self.bytes.get(label, 0) + size


@dataclass
class Client:
    """GETs against one portal."""

    base: str
    token: str | None = None
    timeout: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    traffic: Traffic = field(default_factory=Traffic)

    def rows(
        self, source: PortalSource, params: dict[str, str], label: str = ""
    ) -> list[dict[str, Any]]:
        """Every row of a SoQL query, page by page (``$order`` must make the pages stable)."""
        rows: list[dict[str, Any]] = []
        while True:
            page = self.get(
                source, {**params, "$limit": str(PAGE_ROWS), "$offset": str(len(rows))}, label
            )
            rows.extend(page)
            if len(page) < PAGE_ROWS:
                return rows

    def get(
        self, source: PortalSource, params: dict[str, str], label: str = ""
    ) -> list[dict[str, Any]]:
        url = source.url(self.base) + "?" + urllib.parse.urlencode(params)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.token:
            headers["X-App-Token"] = self.token
        answer = get_retrying(
            url, headers, self.timeout, self.sleep, self.traffic, label or source.key
        )
        if answer.status >= 400:
            raise _http_error(answer.status, url, source)
        data = parse_json(answer, url)
        if not isinstance(data, list):
            raise DataError(
                msg("soda_bad_field", dataset=source.dataset),
                url,
                msg("soda_setting_fix", setting=f"sources.json: {source.key}.fields"),
            )
        return data


@dataclass(frozen=True)
class Answer:
    """A portal's answer: its HTTP status (an error's too), body and content type."""

    status: int
    body: bytes
    kind: str


def get_retrying(
    url: str,
    headers: dict[str, str],
    timeout: float,
    sleep: Callable[[float], None],
    traffic: Traffic,
    label: str,
) -> Answer:
    """GET ``url``, waiting and asking again on HTTP 429 and 503 (``Retry-After``, else
    2^attempt seconds; up to ``RETRIES`` times); every request and its bytes counted under
    ``label``. Any other HTTP error is returned for the caller to name; a network failure
    raises."""
    for attempt in range(RETRIES + 1):
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
                status = response.status
            traffic.add(label, len(body))
            return Answer(status, body, kind)
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp is not None else b""
            traffic.add(label, len(body))
            wait = _retry_after(exc, attempt)
            status = exc.code
            exc.close()
            if status in (429, 503) and attempt < RETRIES:
                sleep(wait)
                continue
            return Answer(status, body, "")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DataError(
                msg("soda_network", detail=str(reason)), url, msg("soda_try_later")
            ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def parse_json(answer: Answer, url: str) -> Any:
    """The answer's JSON; a web page (an error or a portal's front page) instead is refused."""
    text = answer.body.decode("utf-8", errors="replace")
    if "html" in answer.kind.lower() or text.lstrip()[:1] == "<":
        raise DataError(msg("soda_web_page"), url, msg("soda_try_later"))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise DataError(msg("soda_web_page"), url, msg("soda_try_later")) from None


def _retry_after(exc: urllib.error.HTTPError, attempt: int) -> float:
    given = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(given)) if given is not None else 2.0**attempt
    except ValueError:
        return 2.0**attempt


def _http_error(status: int, url: str, source: PortalSource) -> DataError:
    if status == 404:
        return DataError(
            msg("soda_moved", dataset=source.dataset),
            url,
            msg("soda_setting_fix", setting=f"sources.json: {source.key}.dataset"),
        )
    if status == 400:
        return DataError(
            msg("soda_bad_field", dataset=source.dataset),
            url,
            msg("soda_setting_fix", setting=f"sources.json: {source.key}.fields"),
        )
    return DataError(msg("soda_status", status=status), url, msg("soda_try_later"))


def _answered(column: str) -> str:
    return f"sum(case({column}='Si',1,{column}='No',1,true,0))"


# Saber 11's tests: the catalogue's subject (``schema.SABER_SUBJECTS``) -> the registry's field.
SUBJECT_FIELDS: Final = {
    "matematicas": "math",
    "lectura_critica": "reading",
    "ciencias_naturales": "science",
    "sociales_ciudadanas": "social",
    "ingles": "english",
}


def saber11_params(source: PortalSource, period: str) -> dict[str, str]:
    """The per-sede aggregation of one period's candidates in Medellín (one query per period:
    whole-department groupings have answered HTTP 500)."""
    f = source.field
    places = ",".join(f"'{code}'" for code in MEDELLIN)
    select = ", ".join(
        [
            f"{f('site')}",
            "count(*) as saber11_evaluados",
            f"avg({f('global')}::number) as saber11_puntaje_promedio",
            f"sum(case({f('internet')}='No',1,true,0)) as saber11_sin_internet",
            f"{_answered(f('internet'))} as saber11_responden_internet",
            f"sum(case({f('computer')}='No',1,true,0)) as saber11_sin_computador",
            f"{_answered(f('computer'))} as saber11_responden_computador",
            *(
                f"sum({f(name)}::number) as {s.saber_subject_sum(subject)}, "
                f"count({f(name)}) as {s.saber_subject_candidates(subject)}"
                for subject, name in SUBJECT_FIELDS.items()
                if name in source.fields
            ),
        ]
    )
    return {
        "$select": select,
        "$where": f"{f('period')}='{period}' AND {f('municipality')} in ({places})",
        "$group": f("site"),
        "$order": f("site"),
    }


def saber11_repeated(client: Client, source: PortalSource, period: str) -> int:
    """How many candidates appear more than once in the period (some periods are published
    doubled): ``count(*)`` against distinct ``estu_consecutivo``."""
    f = source.field
    places = ",".join(f"'{code}'" for code in MEDELLIN)
    params = {
        "$select": f"{f('student')}, count(*) as veces",
        "$where": f"{f('period')}='{period}' AND {f('municipality')} in ({places})",
        "$group": f("student"),
        "$having": "veces > 1",
        "$order": f("student"),
    }
    return len(client.rows(source, params, f"{source.key} {period} check"))


def saber11_periods(client: Client, source: PortalSource, year: int) -> list[str]:
    """The periods of ``year`` with Medellín candidates (calendar B sits in the first semester,
    calendar A in the second; ICFES writes '20191', '20194'...), asked in one small query."""
    f = source.field
    places = ",".join(f"'{code}'" for code in MEDELLIN)
    params = {
        "$select": f"{f('period')}, count(*) as filas",
        "$where": f"starts_with({f('period')},'{year}') AND {f('municipality')} in ({places})",
        "$group": f("period"),
        "$order": f("period"),
    }
    rows = client.get(source, params, f"{source.key} {year}")
    return [str(row[f("period")]) for row in rows]


@dataclass
class Saber11:
    """Saber 11 per sede and year, and what each period said."""

    frame: pd.DataFrame
    periods: dict[str, int]  # period -> candidates (rows counted)
    repeated: dict[str, int]  # period -> candidates appearing more than once


def fetch_saber11(client: Client, source: PortalSource, years: range) -> Saber11:
    """Per sede and year: candidates, the global mean (Σ over a year's periods, weighted by
    candidates), and the 'No' and answered counts of internet and computer at home."""
    import pandas as pd  # only when fetching

    frames, periods, repeated = [], {}, {}
    for year in years:
        for period in saber11_periods(client, source, year):
            rows = client.rows(source, saber11_params(source, period), f"{source.key} {period}")
            frame = pd.DataFrame(rows)
            if frame.empty:
                continue
            frame = frame.rename(columns={source.field("site"): "codigo_dane"})
            numbers = frame.columns.drop("codigo_dane")
            frame[numbers] = frame[numbers].apply(pd.to_numeric, errors="coerce")
            frame["anio"] = year
            for mean in _means(frame):  # a year's mean: Σ(mean × candidates) over its periods
                frame[f"_total_{mean}"] = frame[mean] * frame["saber11_evaluados"]
                frame[f"_n_{mean}"] = frame["saber11_evaluados"].where(frame[mean].notna())
            frames.append(frame)
            periods[period] = int(frame["saber11_evaluados"].sum())
            repeated[period] = saber11_repeated(client, source, period)
    if not frames:
        return Saber11(pd.DataFrame(columns=["codigo_dane", "anio"]), periods, repeated)
    both = pd.concat(frames, ignore_index=True)
    summed = both.groupby(["codigo_dane", "anio"], as_index=False).sum(
        numeric_only=True, min_count=1
    )
    totals = [c for c in summed.columns if c.startswith("_total_")]
    for total in totals:
        mean = total.removeprefix("_total_")
        summed[mean] = summed[total] / summed[f"_n_{mean}"]
    counts = [c for c in summed.columns if c.startswith("_n_")]
    return Saber11(summed.drop(columns=totals + counts), periods, repeated)


def _means(frame: pd.DataFrame) -> list[str]:
    """The mean scores of a period's answer (the global one; each test comes as Σ and n)."""
    return [column for column in (s.SABER_SCORE_MEAN,) if column in frame]
