"""``python -m geo fetch --source`` against a local imitation of Socrata, its table read back by
``--indicators``, and an indicator the data cannot compute refused by name (issue 23)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.cli.fetch import PORTAL_SOURCES, parse_years
from geo.io.ingest import DEMO_PATHS
from geo.io.sources import SOURCES
from tests.socrata_imitation import Portal, serve
from tests.test_portal import _enrolment, _students


@pytest.fixture(scope="module")
def fetched(tmp_path_factory: pytest.TempPathFactory):
    imitation = Portal({"kgxf-xxbe": _students(), "ngw5-c5nw": _enrolment()})
    server, url = serve(imitation)
    folder = tmp_path_factory.mktemp("fetch")
    yield imitation, url, folder
    server.shutdown()


def test_fetch_writes_a_table_per_sede_and_year_that_indicators_reads(fetched, capsys) -> None:
    imitation, url, folder = fetched
    out = folder / "fuentes.csv"
    argv = ["fetch", "--source", "saber11", "--source", "matricula", "--years", "2021-2022"]
    argv += ["--socrata-url", url, "--cache", str(folder / "cache"), "-o", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "ICFES, Saber 11 por estudiante:" in printed and "requests" in printed
    table = pd.read_csv(out, dtype={"codigo_dane": str})
    assert {"saber11_evaluados", "saber11_sin_internet", "matricula_15_16"} <= set(table)
    assert set(table["anio"]) == {2021, 2022}
    meta = json.loads((folder / "fuentes.metadata.json").read_text(encoding="utf-8"))
    assert {m["dataset"] for m in meta["sources"]} == {"kgxf-xxbe", "ngw5-c5nw"}

    before = len(imitation.requests)
    assert main(argv) == 0  # a refresh with nothing new
    assert len(imitation.requests) == before

    assert main(["report", "--indicators", str(out), "--indicator", "saber11_no_internet"]) == 0
    capsys.readouterr()
    assert main(["report", "--indicators", str(out), "--indicator", "dropout"]) == 2
    error = capsys.readouterr().err
    assert "dropout" in error and "desertores" in error and "saber11_global" in error


def test_export_refuses_an_indicator_it_cannot_compute_instead_of_another(
    fetched, capsys, tmp_path: Path
) -> None:
    _, _, folder = fetched
    table = folder / "fuentes.csv"
    if not table.exists():
        pytest.skip("needs the table of the fetch test")
    out = tmp_path / "mapa.csv"
    code = main(["export", "--indicators", str(table), "--indicator", "dropout", "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "desertores" in capsys.readouterr().err
    code = main(
        [
            "export",
            "--indicators",
            str(table),
            "--indicator",
            "saber11_global",
            "--year",
            "2022",
            "-o",
            str(out),
        ]
    )
    assert code == 0 and "Saber 11" in capsys.readouterr().out


def test_the_command_names_every_source_of_the_registry() -> None:
    assert set(PORTAL_SOURCES) == set(SOURCES)
    assert parse_years("2019-2022") == range(2019, 2023)
    with pytest.raises(ValueError, match="FIRST-LAST"):
        parse_years("2019 a 2022")


def test_fetch_all_asks_every_source_and_a_failed_layer_stops_none(tmp_path: Path, capsys) -> None:
    from tests.portal_imitations import ArcgisLayer
    from tests.test_portal import _men
    from tests.test_portal_sources import LAYER, _layer, _medata

    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)["codigo_dane"].iloc[::11].head(20)
    socrata = Portal({"kgxf-xxbe": _students(), "ngw5-c5nw": _enrolment(), "nudc-7mev": _men()})
    servers = [
        serve(socrata),
        serve(ArcgisLayer(LAYER, _layer(ages=False))),
        serve(_medata(list(sites))),
    ]
    (_, socrata_url), (_, arcgis_url), (_, ckan_url) = servers
    argv = ["fetch", "--all", "--years", "2022", "--cache", str(tmp_path), "--lang", "en"]
    argv += ["--socrata-url", socrata_url, "--ckan-url", ckan_url]
    argv += ["--base-url", "http://127.0.0.1:9/"]  # the open-data zips: refused at once
    argv += ["--arcgis-url", arcgis_url]  # wins over --base-url, for the sites as for people
    try:
        code = main(argv)
    finally:
        for server, _ in servers:
            server.shutdown()
    out, err = capsys.readouterr()
    assert code == 1 and "refused" in err  # the layers failed...
    for source in SOURCES.values():  # ...and every source was still fetched
        assert f"{source.title}: " in out
    assert "without age groups" in out and "MEData" in out  # notes in the reader's language
    assert (
        main(
            [
                "fetch",
                "--source",
                "poblacion",
                "--cache",
                str(tmp_path),
                "-o",
                str(tmp_path / "t.csv"),
            ]
        )
        == 0
    )
    people = pd.read_csv(tmp_path / "t_poblacion.csv", dtype={"nombre": str})
    assert len(people) == 21 * 13 and people["poblacion_total"].notna().all()  # 2018-2030
