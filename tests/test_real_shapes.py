"""Real shapes of per-school tables (issue 23): camelCase and API spellings, a JSON object keyed
by code, a JSON object of several tables, tables per institution joined to the principal site,
14-digit consecutives and codes that lost their leading zero.

The fixtures are made here from the demo's site codes: a directory of the demo's sites with
institutions (three sites each, the first the principal; some spread over two territories) and
Saber 11 tables per institution with numbers of our own. A comuna's candidate-weighted mean is
checked against pandas over the same rows. One test reads the real GeoMedellín layer (779 sites)
at test time when ``ATLAS_REAL_DATA`` is set; nothing of it is copied here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis.aggregate import aggregate
from geo.errors import DataError
from geo.io.ingest import DEMO_PATHS, Inputs, load
from geo.io.ingest.codes import join_codes
from geo.io.ingest.shapes import recognise_json
from geo.model import schema as s
from geo.model.catalogue import get_indicator

YEAR = 2023


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's sites with an institution (every three sites by code; the first is the
    principal) and each site's 14-digit consecutive."""
    sites = pd.read_csv(DEMO_PATHS["sites"], dtype=str)
    sites = sites.sort_values("codigo_dane").reset_index(drop=True)
    group = np.arange(len(sites)) // 3
    principal = sites.groupby(group)["codigo_dane"].transform("first")
    sites["codigo_establecimiento"] = principal
    sites["cons_sede"] = principal + (sites.groupby(group).cumcount() + 1).map("{:02d}".format)
    path = tmp_path_factory.mktemp("real") / "sedes_con_instituciones.csv"
    sites.to_csv(path, index=False)
    return path


def _institutions(directory: Path) -> pd.DataFrame:
    sites = pd.read_csv(directory, dtype=str)
    codes = sorted(sites["codigo_establecimiento"].unique())[:60]
    rng = np.random.default_rng(23)
    return pd.DataFrame(
        {
            "codigoDane": codes,
            "nombre": [f"I.E. {c[-4:]}" for c in codes],
            "evaluados": rng.integers(5, 120, len(codes)),
            "promedioGlobal": np.round(rng.uniform(200, 320, len(codes)), 1),
            "matematicas": np.round(rng.uniform(35, 70, len(codes)), 1),
        }
    )


def _expected_means(table: pd.DataFrame, dataset) -> pd.Series:
    """Σ(mean × candidates) / Σ candidates per territory of the principal site, by pandas."""
    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    rows = table.assign(territory=table["codigoDane"].map(where))
    rows["total"] = rows["promedioGlobal"] * rows["evaluados"]
    sums = rows.groupby("territory")[["total", "evaluados"]].sum()
    return sums["total"] / sums["evaluados"]


def _assert_same(got: pd.Series, expected: pd.Series) -> None:
    assert len(expected) > 3
    got, expected = got.sort_index(), expected.sort_index()
    assert got.index.astype(str).tolist() == expected.index.astype(str).tolist()
    np.testing.assert_allclose(got.to_numpy(float), expected.to_numpy(float), rtol=1e-12)


def _saber_means(dataset) -> pd.Series:
    return aggregate(dataset.facts, get_indicator("saber11_global"), YEAR)["value"]


def test_an_object_keyed_by_code_beside_comunas_joins_institutions_to_principal_sites(
    directory: Path, tmp_path: Path
) -> None:
    table = _institutions(directory)
    strangers = {"105001999999": "Colegio que no está", "105001888888": "Otro que falta"}
    document = {
        "comunas": {"1": {"nombre": "Popular", "evaluados": 900}},
        "instituciones": {
            **{
                row["codigoDane"]: {k: v for k, v in row.items() if k != "codigoDane"}
                for row in json.loads(table.to_json(orient="records"))
            },
            **{code: {"nombre": name, "evaluados": 10} for code, name in strangers.items()},
        },
    }
    path = tmp_path / "saber11_instituciones.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    dataset, report = load(Inputs(schools=directory, indicators=path, year=YEAR))

    means = _saber_means(dataset)
    expected = _expected_means(table, dataset)
    _assert_same(means, expected)
    read = next(f for f in report.files if f.role == "indicators")
    notes = " | ".join(read.notes_in("en"))
    assert "table 'instituciones' (object keyed by code, 62 rows)" in notes
    assert "also holds comunas (1)" in notes
    assert "60 to their institution's principal site" in notes and "2 without a site" in notes
    unmatched = {p.code: p.name for p in report.problems if p.kind == "unmatched_site"}
    assert unmatched == strangers


def test_the_report_counts_institutions_with_sites_in_several_territories(
    directory: Path, tmp_path: Path
) -> None:
    table = _institutions(directory)
    path = tmp_path / "instituciones.json"
    path.write_text(table.to_json(orient="records"), encoding="utf-8")

    dataset, report = load(Inputs(schools=directory, indicators=path, year=YEAR))

    sites = dataset.sites[dataset.sites[s.INSTITUTION].isin(table["codigoDane"])]
    spread = sites.groupby(s.INSTITUTION)[s.TERRITORY].nunique()
    several = int((spread > 1).sum())
    assert several > 0  # three sites by code cross a comuna's edge now and then
    notes = " | ".join(next(f for f in report.files if f.role == "indicators").notes_in("en"))
    assert f"{several} institutions of the table have sites in more than one territory" in notes
    _assert_same(_saber_means(dataset), _expected_means(table, dataset))


def test_icfes_api_spellings_per_sede_with_periods(directory: Path, tmp_path: Path) -> None:
    sites = pd.read_csv(directory, dtype=str).head(40)
    rows = pd.DataFrame(
        {
            "periodo": "20232",
            "cole_cod_dane_establecimiento": sites["codigo_establecimiento"],
            "cole_cod_dane_sede": sites["codigo_dane"],
            "count": np.arange(40) + 3,
            "avg_punt_global": np.linspace(210, 300, 40).round(2),
            "saber11_sin_internet": np.arange(40) % 3,
            "saber11_responden_internet": np.arange(40) + 2,
        }
    ).rename(columns={"count": "evaluados"})
    path = tmp_path / "saber11_sedes.csv"
    rows.to_csv(path, index=False)

    dataset, report = load(Inputs(schools=directory, indicators=path))

    facts = dataset.facts.set_index(s.SITE_CODE)
    assert set(facts.loc[sites["codigo_dane"], s.YEAR]) == {YEAR}
    assert facts.loc[sites["codigo_dane"], s.SABER_CANDIDATES].tolist() == list(range(3, 43))
    assert facts[s.SABER_NO_INTERNET].sum() == rows["saber11_sin_internet"].sum()
    read = next(f for f in report.files if f.role == "indicators")
    assert read.columns[s.SITE_CODE] == "cole_cod_dane_sede"  # the sede wins over the institution
    assert not [p for p in report.problems if p.kind == "unmatched_site"]


def test_fourteen_digit_consecutives_and_lost_leading_zeros_find_their_sites() -> None:
    sites = pd.DataFrame(
        {
            s.SITE_CODE: ["010500100001", "010500100002", "990500100003"],
            s.INSTITUTION: ["010500100001", "010500100001", "990500100003"],
        }
    )
    codes = pd.Series(["10500100001", "99050010000301", "99050010000302", "990500100003"])
    joined = join_codes(codes, sites)
    assert joined.site.tolist() == ["010500100001", "990500100003", pd.NA, "990500100003"]
    assert joined.how.tolist() == ["zero", "consecutive", "", "institution"]
    with_directory = sites.assign(
        **{s.SITE_CONSECUTIVE: ["01050010000101", "01050010000102", "99050010000301"]}
    )
    joined = join_codes(pd.Series(["01050010000102"]), with_directory)
    assert joined.site.tolist() == ["010500100002"]


def test_a_json_of_several_lists_reads_the_school_table_and_says_so() -> None:
    document = {
        "ciudad": [{"anio": 2019, "matricula": 425404}],
        "comunas": [{"comuna": "1", "nombre": "Popular", "matricula": 100}],
        "sedes": [{"codigoDane": "990500100001", "matricula": 161}],
    }
    table = recognise_json(document)
    assert table is not None and table.key == "sedes" and table.shape == "records"
    assert [n.render("es") for n in table.notes][1].startswith("también trae ciudad (1), comunas")
    assert recognise_json({"comunas": [{"comuna": "1"}], "ciudad": [{"a": 1}, {"a": 2}]}).key == (
        "comunas"
    )
    assert recognise_json({"a": 1}) is None


def test_camel_case_headers_are_read_as_their_words() -> None:
    assert s.normalise_header("codigoDane") == "codigo_dane"
    assert s.normalise_header("promedioGlobal") == "promedio_global"
    assert s.normalise_header("MATRICULA") == "matricula"
    assert s.normalise_header("NOMBRE_COM") == "nombre_com"


REAL = os.environ.get("ATLAS_REAL_DATA")


@pytest.mark.skipif(not REAL, reason="ATLAS_REAL_DATA is not set (the real Medellín files)")
def test_a_per_institution_table_joins_the_real_layer_of_779_sites(tmp_path: Path) -> None:
    real = Path(REAL or "")
    layer = real / "sedes_educativas_2024_9377.geojson"
    features = json.loads(layer.read_text(encoding="utf-8"))["features"]
    institutions = sorted({f["properties"]["dane_sede"] for f in features})
    rng = np.random.default_rng(779)
    table = pd.DataFrame(
        {
            "codigoDane": [*institutions, "105001777777"],
            "nombre": [f"Institución {i}" for i in range(len(institutions) + 1)],
            "evaluados": rng.integers(5, 200, len(institutions) + 1),
            "promedioGlobal": np.round(rng.uniform(180, 340, len(institutions) + 1), 1),
        }
    )
    path = tmp_path / "instituciones.json"
    document = {"instituciones": {r.pop("codigoDane"): r for r in table.to_dict("records")}}
    path.write_text(json.dumps(document, default=int), encoding="utf-8")

    dataset, report = load(
        Inputs(
            boundaries=real / "comunas_corregimientos_4326.geojson",
            schools=layer,
            indicators=path,
            year=YEAR,
        )
    )

    notes = " | ".join(next(f for f in report.files if f.role == "indicators").notes_in("en"))
    assert f"{len(institutions)} to their institution's principal site" in notes
    sites = dataset.sites
    spread = sites.groupby(s.INSTITUTION)[s.TERRITORY].nunique()
    assert f"{int((spread > 1).sum())} institutions of the table have sites" in notes
    assert [p.code for p in report.problems if p.kind == "unmatched_site"] == ["105001777777"]
    known = table[table["codigoDane"].isin(sites[s.SITE_CODE])]
    _assert_same(_saber_means(dataset), _expected_means(known, dataset).dropna())


def test_the_saber_digital_gap_counts_those_who_answered(directory: Path, tmp_path: Path) -> None:
    sites = pd.read_csv(directory, dtype=str).iloc[::13].head(60).reset_index(drop=True)
    rng = np.random.default_rng(11)
    answered = rng.integers(0, 50, 60)
    rows = pd.DataFrame(
        {
            "anio": YEAR,
            "cole_cod_dane_sede": sites["codigo_dane"],
            "evaluados": answered + rng.integers(0, 5, 60),
            "saber11_responden_computador": answered,
            "saber11_sin_computador": (answered * rng.uniform(0, 1, 60)).astype(int),
        }
    )
    path = tmp_path / "brecha.csv"
    rows.to_csv(path, index=False)

    dataset, _ = load(Inputs(schools=directory, indicators=path))
    dataset.require("saber11_no_computer")
    got = aggregate(dataset.facts, get_indicator("saber11_no_computer"), YEAR)

    where = dataset.sites.set_index(s.SITE_CODE)[s.TERRITORY]
    sums = rows.groupby(rows["cole_cod_dane_sede"].map(where))[
        ["saber11_sin_computador", "saber11_responden_computador"]
    ].sum()
    sums = sums[sums["saber11_responden_computador"] > 0]
    expected = sums["saber11_sin_computador"] / sums["saber11_responden_computador"]
    _assert_same(got["value"].dropna(), expected)
    assert got["denominator"].sum() == answered.sum()
    with pytest.raises(DataError, match="saber11_responden_internet"):
        dataset.require("saber11_no_internet")
