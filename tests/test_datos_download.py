"""The Datos page's official download without a browser (issues 22 and 23): every layer and
every source of the registry in order, a bar's line for each step, what each gave as pandas
counts it from the rows served, and a failure that names its fix and the copy it kept."""

from __future__ import annotations

import socket
from pathlib import Path

import pandas as pd
import pytest

from geo.io.official import DEFAULT_YEARS, download_official
from geo.io.sources import SOURCES
from geo.render.datos import failure_lines, outcomes_frame, progress_line
from tests.socrata_imitation import Portal, serve
from tests.test_portal import _enrolment
from tests.test_soda import _students

MEDELLIN = ("05001", "5001")


@pytest.fixture(scope="module")
def portal():
    students, enrolment = _students(), _enrolment()
    server, url = serve(Portal({"kgxf-xxbe": students, "ngw5-c5nw": enrolment}))
    yield url, students, enrolment
    server.shutdown()


def _closed() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


def _sedes_per_year(frame: pd.DataFrame, period: str, site: str, place: str) -> int:
    mine = frame[
        frame[place].isin(MEDELLIN) & frame[period].str[:4].astype(int).isin(DEFAULT_YEARS)
    ]
    return int(mine.groupby(mine[period].str[:4])[site].nunique().sum())


def test_every_layer_and_registered_source_is_reported_as_it_goes(
    portal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, students, enrolment = portal
    seen: list[tuple[str, int, bool]] = []
    # GeoMedellín (the layers and the population) and MEData do not answer: they fail, the
    # Socrata sources go on
    base = _closed()
    monkeypatch.setenv("ATLAS_CKAN_URL", base)
    outcomes = download_official(
        tmp_path,
        open_data_base=base,
        arcgis_base=base,
        socrata_base=url,
        progress=lambda o: seen.append((o.key, o.done, o.finished)),
        timeout=2,
    )

    assert [o.key for o in outcomes] == ["comunas", "barrios", "sedes", *SOURCES]
    by_key = {o.key: o for o in outcomes}
    assert [by_key[k].ok for k in ("comunas", "barrios", "sedes")] == [False] * 3
    saber, enrolled, men = by_key["saber11"], by_key["matricula"], by_key["men"]
    assert saber.rows == _sedes_per_year(
        students, "periodo", "cole_cod_dane_sede", "cole_cod_mcpio_ubicacion"
    )
    assert enrolled.rows == _sedes_per_year(
        enrolment, "anno_inf", "codigo_dane_sede", "cod_dane_municipio"
    )
    assert saber.fetched == list(DEFAULT_YEARS) and saber.retrieved
    assert not men.ok and "sources.json" in men.error.message("en")
    steps = [done for key, done, finished in seen if key == "saber11" and not finished]
    assert steps == [0, 1, 2, 3, 4]  # announced, then one step per year
    assert all(o.finished for o in outcomes)

    lines = failure_lines(outcomes, "en")
    failed = ["comunas", "barrios", "sedes", "men", "poblacion", "eficiencia"]
    assert [o.key for o in outcomes if not o.ok] == [k for k in by_key if k in failed]
    assert len(lines) == 6 and all("there is no previous copy" in line for line in lines)
    rows, seconds = f"{saber.rows:,}".replace(",", "."), f"{saber.seconds:.1f}".replace(".", ",")
    assert (
        progress_line(saber, "es") == f"ICFES, Saber 11 por estudiante: {rows} filas · {seconds} s"
    )
    table = outcomes_frame(outcomes, "en").set_index("Source")
    assert table.loc["ICFES, Saber 11 por estudiante", "Years downloaded"] == "2019–2022"
    assert table.loc["MEN, estadísticas por municipio", "Status"] == "Failed"
    assert table.loc["Comunas y corregimientos", "Rows"] == "—"

    again = download_official(
        tmp_path, open_data_base=base, arcgis_base=base, socrata_base=url, timeout=2
    )
    spanish = outcomes_frame(again, "es").set_index("Fuente")
    assert spanish.loc["ICFES, Saber 11 por estudiante", "Estado"] == "Ya al día"
    assert spanish.loc["ICFES, Saber 11 por estudiante", "Ya en caché"] == "2019–2022"
