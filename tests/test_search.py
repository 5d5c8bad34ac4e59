"""Finding a school site by name or DANE code: normalisation and ranking on hand-made names."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.analysis.search import (
    CODE_PREFIX,
    EXACT_CODE,
    SUBSTRINGS,
    WORD_STARTS,
    SiteIndex,
    find_site,
    normalise,
    search_sites,
    site_index,
)
from geo.io.ingest import load_demo

NAMES = {
    "105001000101": "I.E. José María Córdoba - Sede Principal",
    "105001000102": "I.E. José María Córdoba - Sede Escuela La Mota",
    "105001000201": "Colegio María Auxiliadora",
    "105001000301": "Centro Educativo San José",
    "105001001001": "Escuela Rural Josefina",
    "205001000101": "Colegio Córdoba",
}


@pytest.fixture(scope="module")
def index() -> SiteIndex:
    return SiteIndex.of(pd.DataFrame({"codigo_dane": list(NAMES), "nombre": list(NAMES.values())}))


def codes(index: SiteIndex, query: str) -> list[str]:
    return [code for code, _ in index.find(query)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I.E. José María Córdoba - Sede Principal", "i e jose maria cordoba sede principal"),
        ("  ÑUÑOA   ", "nunoa"),
        ("Laureles-Estadio", "laureles estadio"),
        ("", ""),
    ],
)
def test_normalise_drops_accents_case_and_punctuation(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_words_without_accents_in_any_order_find_the_name(index: SiteIndex) -> None:
    assert codes(index, "jose maria cordoba")[:2] == ["105001000101", "105001000102"]
    assert codes(index, "CORDOBA jose principal") == ["105001000101"]
    assert codes(index, "córdoba mota") == ["105001000102"]


def test_word_starts_rank_before_substrings(index: SiteIndex) -> None:
    found = index.find("jose")
    ranks = dict(found)
    # "José" starts a word in three names; "Josefina" too (a word start, not a whole word).
    assert ranks["105001000101"] == ranks["105001000301"] == WORD_STARTS
    assert ranks["105001001001"] == WORD_STARTS
    # A whole-word match before a longer word that merely starts with it.
    assert [code for code, _ in found].index("105001001001") == len(found) - 1
    # "ose" is inside "José" but starts no word: a substring match, ranked last.
    assert {rank for _, rank in index.find("ose")} == {SUBSTRINGS}
    assert index.find("xilia") == [("105001000201", SUBSTRINGS)]


def test_a_code_or_its_first_six_digits(index: SiteIndex) -> None:
    assert index.find("105001000201")[0] == ("105001000201", EXACT_CODE)
    prefix = index.find("1050010001")
    assert prefix == [("105001000101", CODE_PREFIX), ("105001000102", CODE_PREFIX)]
    assert [rank for _, rank in index.find("105001")] == [CODE_PREFIX] * 5
    # Fewer than six digits is not a code: no name has those digits.
    assert index.find("10500") == []


def test_nothing_matches_and_empty_queries(index: SiteIndex) -> None:
    assert index.find("zzz") == []
    assert index.find("   ") == []
    assert index.find("- . -") == []
    assert index.find("jose zzz") == []  # every word must match


def test_limit(index: SiteIndex) -> None:
    assert len(index.find("105001", limit=2)) == 2
    assert len(index.find("105001", limit=None)) == 5


def test_the_demo_index_is_built_once_and_results_carry_the_site() -> None:
    dataset = load_demo()
    assert site_index(dataset) is site_index(dataset)
    table = search_sites(dataset, "demo belen 17")
    assert list(table["nombre"]) == ["Colegio Demo Belén 17"]
    row = table.iloc[0]
    assert (row["codigo_territorio"], row["sector"], row["rank"]) == ("16", "No oficial", 2)
    assert find_site(dataset, row["codigo_dane"])["nombre"] == "Colegio Demo Belén 17"
    assert find_site(dataset, "990599999999") is None
    assert find_site(dataset, "") is None


def test_sites_without_some_columns_are_still_found() -> None:
    sites = gpd.GeoDataFrame(
        {"codigo_dane": ["105001000101"], "nombre": ["Sede Única"]},
        geometry=[Point(-75.5, 6.2)],
        crs="EPSG:4326",
    )

    class Tiny:  # what search needs of a Dataset: sites and once()
        def __init__(self) -> None:
            self.sites = sites
            self._once: dict = {}

        def once(self, key, make):
            return self._once.setdefault(key, make())

    table = search_sites(Tiny(), "unica")
    assert list(table["codigo_dane"]) == ["105001000101"]
    assert table["nucleo"].isna().all()
