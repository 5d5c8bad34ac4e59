"""Fichas territoriales (issue 25): the PDF read back and every number checked against pandas
on the demo CSVs (values, n, city, rank among the zone's territories, change, sentences)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pypdf
import pytest

from geo.analysis.ficha import areas_of, build_profile, ordinal_en
from geo.analysis.risk import with_risk_index
from geo.model.dataset import Dataset
from geo.model.view import View, query_params
from geo.render.ficha import document, live_link, to_html, to_pdf

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
YEAR = 2024
MIN_N = 30  # the view's default minimum denominator
COMUNAS = [f"{i:02d}" for i in range(1, 17)]
CORREGIMIENTOS = ["50", "60", "70", "80", "90"]
# Indicator: (label es, label en, numerator, denominator, kind, direction); kinds: "rate"
# (a share in %), "ratio", "score" (a mean: total / candidates), "count"; population-based
# coverage divides by the territory's population.
ROWS = {
    "dropout": ("Deserción", "Dropout", "desertores", "matricula", "rate", "high"),
    "no_internet": ("Sin internet", "No internet", "sin_internet", "matricula", "rate", "high"),
    "no_computer": ("Sin computador", "No computer", "sin_computador", "matricula", "rate", "high"),
    "students_per_computer": (
        "Est. por computador",
        "Students/computer",
        "matricula",
        "computadores",
        "ratio",
        "high",
    ),
    "no_broadband": ("Sin banda ancha", "No broadband", "_no_bb", "_bb_reported", "rate", "high"),
    "coverage_gross": (
        "Cobertura bruta",
        "Gross coverage",
        "matricula",
        "poblacion_5_16",
        "pop",
        "low",
    ),
    "coverage_net": (
        "Cobertura neta",
        "Net coverage",
        "matricula_5_16",
        "poblacion_5_16",
        "pop",
        "low",
    ),
    "sites": ("Sedes", "Sites", "_one", None, "count", "neutral"),
    "enrollment": ("Matrícula", "Enrolment", "matricula", None, "count", "neutral"),
    "approval": ("Aprobación", "Approval", "aprobados", "matricula", "rate", "low"),
    "failure": ("Reprobación", "Failure", "reprobados", "matricula", "rate", "high"),
    "repetition": ("Repitencia", "Repetition", "repitentes", "matricula", "rate", "high"),
    "overage": ("Extraedad", "Over-age", "extraedad", "matricula", "rate", "high"),
    "saber11_global": ("Saber 11", "Saber 11", "_score_total", "saber11_evaluados", "score", "low"),
    "saber11_low_math": (
        "Bajo en matemáticas",
        "Low in maths",
        "saber11_bajo_matematicas",
        "saber11_evaluados",
        "rate",
        "high",
    ),
    "saber11_low_reading": (
        "Bajo en lectura",
        "Low in reading",
        "saber11_bajo_lectura",
        "saber11_evaluados",
        "rate",
        "high",
    ),
}


# An independent computation from the CSVs ------------------------------------------------------


@pytest.fixture(scope="module")
def csv() -> tuple[pd.DataFrame, pd.DataFrame]:
    sites = pd.read_csv(DEMO / "sedes.csv", dtype={"codigo_dane": str, "codigo_comuna": str})
    years = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    facts = years.merge(sites, on="codigo_dane")
    facts["_one"] = 1.0
    facts["_bb_reported"] = facts["banda_ancha"].notna().astype(float)
    facts["_no_bb"] = (facts["banda_ancha"] == 0).astype(float).where(facts["banda_ancha"].notna())
    facts["_score_total"] = facts["saber11_puntaje_promedio"] * facts["saber11_evaluados"]
    population = pd.read_csv(DEMO / "poblacion.csv", dtype={"codigo": str})
    return facts, population


def by_hand(csv, indicator: str, year: int) -> tuple[pd.Series, pd.Series, pd.Series, float]:
    """(value, numerator, denominator) per territory and the city's value, from the CSVs."""
    facts, population = csv
    _, _, num, den, kind, _ = ROWS[indicator]
    rows = facts[facts["anio"] == year]
    if kind == "pop":
        rows = rows[rows[num].notna()]
        numerator = rows.groupby("codigo_comuna")[num].sum()
        pop = population[population["anio"] == year].set_index("codigo")[den]
        denominator = pop.reindex(numerator.index)
        city = numerator.sum() / pop.sum()
    elif den is None:
        rows = rows[rows[num].notna()]
        numerator = rows.groupby("codigo_comuna")[num].sum()
        denominator = pd.Series(float("nan"), index=numerator.index)
        return numerator, numerator, denominator, float(numerator.sum())
    else:
        rows = rows[rows[num].notna() & rows[den].notna()]
        numerator = rows.groupby("codigo_comuna")[num].sum()
        denominator = rows.groupby("codigo_comuna")[den].sum()
        city = numerator.sum() / denominator.sum()
    return numerator / denominator, numerator, denominator, float(city)


def es(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def written(value: float, kind: str, lang: str = "es") -> str:
    number = es if lang == "es" else (lambda v, d: f"{v:,.{d}f}")
    if kind in ("rate", "pop"):
        return f"{number(100 * value, 1)} %"
    if kind in ("ratio", "score"):
        return number(value, 1)
    return number(value, 0)


def change_text(change: float, kind: str, lang: str = "es") -> str:
    number = es if lang == "es" else (lambda v, d: f"{v:,.{d}f}")
    scaled = 100 * change if kind in ("rate", "pop") else change
    decimals = 0 if kind == "count" else 1
    text = number(abs(scaled), decimals)
    if text == number(0, decimals):
        return text
    return ("+" if scaled > 0 else "−") + text


def expected_row(csv, indicator: str, code: str, group: list[str], lang: str = "es") -> str:
    label_es, label_en, _, den, kind, direction = ROWS[indicator]
    values, numerator, denominator, city = by_hand(csv, indicator, YEAR)
    first_values, *_, first_city = by_hand(csv, indicator, 2019)
    ranked = values.reindex(group).dropna()
    if den is not None:
        ranked = ranked[denominator.reindex(ranked.index) >= MIN_N]
    names = areas_names()
    order = sorted(
        ranked.index,
        key=lambda c: (-ranked[c] if direction != "low" else ranked[c], names[c]),
    )
    rank = order.index(code) + 1
    noun = "comunas" if group == COMUNAS else "corregimientos"
    if lang == "es":
        rank_text = f"{rank}.º de {len(order)} {noun}"
        of = "de"
    else:
        rank_text = f"{ordinal_en(rank)} of {len(order)} {noun}"
        of = "of"
    number = es if lang == "es" else (lambda v, d: f"{v:,.{d}f}")
    if den is None:
        base = ""
    elif kind == "score":
        base = f"{number(denominator[code], 0)} {'evaluados' if lang == 'es' else 'candidates'}"
    else:
        base = f"{number(numerator[code], 0)} {of} {number(denominator[code], 0)}"
    change = change_text(values[code] - first_values[code], kind, lang)
    city_change = change_text(city - first_city, kind, lang)
    parts = [label_es if lang == "es" else label_en, written(values[code], kind, lang)]
    parts += [base] if base else []
    parts += [written(city, kind, lang), rank_text, change, f"({city_change})"]
    return " ".join(parts)


def areas_names() -> dict[str, str]:
    table = pd.read_csv(DEMO / "poblacion.csv", dtype={"codigo": str})
    return dict(zip(table["codigo"], table["nombre"], strict=False))


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace (and the no-break space before %) made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


# The ficha ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(demo: Dataset) -> Dataset:
    return with_risk_index(demo)


@pytest.fixture(scope="module")
def popular(dataset: Dataset) -> bytes:
    return to_pdf(dataset, [build_profile(dataset, View(year=YEAR), "01")])


def test_every_indicator_row_matches_the_csvs(popular: bytes, csv) -> None:
    (text,) = pdf_text(popular)  # one A4 page
    for indicator in ROWS:
        assert expected_row(csv, indicator, "01", COMUNAS) in text, indicator
    assert "Riesgo de deserción" in text  # the risk index's share is checked in test_risk


def test_the_sentences_are_the_numbers(popular: bytes, csv) -> None:
    (text,) = pdf_text(popular)
    values, _, _, city = by_hand(csv, "dropout", YEAR)
    first, *_, first_city = by_hand(csv, "dropout", 2019)
    diff = es(abs(100 * (values["01"] - city)), 1)
    more = "más" if values["01"] > city else "menos"
    assert (
        f"Deserción en Popular: {written(values['01'], 'rate')}, {diff} puntos {more} que la "
        f"ciudad ({written(city, 'rate')})." in text
    )
    change = values["01"] - first["01"]
    went = "subió" if change > 0 else "bajó"
    city_change = change_text(city - first_city, "rate")
    assert (
        f"Desde 2019 {went} {es(abs(100 * change), 1)} puntos (la ciudad: {city_change})." in text
    )
    facts, _ = csv
    sites = facts[(facts["anio"] == YEAR) & (facts["codigo_comuna"] == "01")]
    sectors = sites["sector"].value_counts()
    listed = ", ".join(
        f"{name}: {n}" for name, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    assert f"Sedes en {YEAR}: {len(sites)} ({listed})." in text
    for name, n in sectors.items():
        assert f"{name} {n}" in text  # the sector table


def test_a_corregimiento_in_english_ranks_among_corregimientos(dataset: Dataset, csv) -> None:
    profile = build_profile(dataset, View(year=YEAR, lang="en"), "50")
    (text,) = pdf_text(to_pdf(dataset, [profile]))
    for indicator in ("dropout", "no_internet", "enrollment", "coverage_net"):
        assert expected_row(csv, indicator, "50", CORREGIMIENTOS, "en") in text, indicator
    assert "Dropout in San Sebastián de Palmitas:" in text
    assert "1 = worst" in text and "Demo data — not official".upper() in text
    # The source and its licence in English too (they were printed in Spanish).
    assert "Source: Project demo (boundaries, sites" in text and "Demostración" not in text
    assert "Licencia" not in text and "sin restricciones" not in text


def test_by_education_level_matches_the_csvs(popular: bytes, csv) -> None:
    (text,) = pdf_text(popular)
    facts, _ = csv
    rows = facts[facts["anio"] == YEAR]
    cells = []
    for level in ("transicion", "primaria", "secundaria", "media"):
        kept = rows[rows[f"matricula_{level}"].fillna(0) > 0]
        mine = kept[kept["codigo_comuna"] == "01"]
        value = mine[f"desertores_{level}"].sum() / mine[f"matricula_{level}"].sum()
        city = kept[f"desertores_{level}"].sum() / kept[f"matricula_{level}"].sum()
        cells.append(f"{written(value, 'rate')} ({written(city, 'rate')})")
    assert "Deserción " + " ".join(cells) in text


def test_the_booklet_has_a_contents_page_and_one_page_per_territory(dataset: Dataset) -> None:
    view = View(year=YEAR)
    codes = list(areas_of(dataset, "territorio")["codigo"])
    profiles = [build_profile(dataset, view, code) for code in codes]
    pdf = to_pdf(dataset, profiles, booklet=True)
    assert to_pdf(dataset, profiles, booklet=True) == pdf  # the same inputs, the same bytes
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = [p.name for p in profiles]
    sections = [item.title for item in reader.outline if not isinstance(item, list)]
    assert sections == names  # one section (bookmark) each, its parts beneath it
    pages = pdf_text(pdf)
    assert len(pages) == 2 + len(codes)  # cover, contents, one A4 page per ficha
    assert all(name in pages[1] for name in names)  # the contents page
    for page, profile in zip(pages[2:], profiles, strict=True):
        assert f"FICHA TERRITORIAL · {profile.kind.upper()} {profile.code} {profile.name}" in page


def test_the_pdf_is_byte_stable_and_dated_only_when_told(
    dataset: Dataset, popular: bytes, monkeypatch
) -> None:
    profile = build_profile(dataset, View(year=YEAR), "01")
    assert to_pdf(dataset, [profile]) == popular
    assert "/CreationDate" not in pypdf.PdfReader(io.BytesIO(popular)).metadata
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = pypdf.PdfReader(io.BytesIO(to_pdf(dataset, [profile]))).metadata
    assert dated["/CreationDate"].startswith("D:20260101")


def test_the_qr_code_only_with_a_public_address(dataset: Dataset, monkeypatch) -> None:
    profile = build_profile(dataset, View(year=YEAR, indicator="failure"), "03")
    monkeypatch.delenv("ATLAS_PUBLIC_URL", raising=False)
    assert document(dataset, [profile], booklet=False)["profiles"][0]["qr"] is None
    monkeypatch.setenv("ATLAS_PUBLIC_URL", "https://atlas.example.org/")
    without = len(pypdf.PdfReader(io.BytesIO(to_pdf(dataset, [profile]))).pages[0].images)
    link = live_link(profile, "https://atlas.example.org")
    assert link.startswith("https://atlas.example.org/fichas?")
    params = query_params(link.split("?", 1)[1])
    assert params["ficha"] == "03" and params["ind"] == "failure"
    qr = document(dataset, [profile], booklet=False, base_url="https://x.org")["profiles"][0]["qr"]
    assert qr.startswith("<svg")
    assert without >= 0  # SVGs are vector: the page holds no raster image either way


HOSTILE = '*Bold* #set page(width: 1cm) <script>alert(1)</script> "q" \\ $x$ _u_'


def test_hostile_names_are_printed_as_text(dataset: Dataset) -> None:
    territories = dataset.territories.copy()
    territories.loc[territories["codigo"] == "01", "nombre"] = HOSTILE
    hostile = replace(dataset, territories=territories)
    object.__setattr__(hostile, "_memo", type(dataset._memo)())
    object.__setattr__(hostile, "_once", {})
    profile = build_profile(hostile, View(year=YEAR), "01")
    (text,) = pdf_text(to_pdf(hostile, [profile]))
    assert re.sub(r"\s+", " ", HOSTILE) in text
    page = to_html(hostile, [profile])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # In a booklet: its contents line and its bookmark are the name as written, too.
    other = build_profile(hostile, View(year=YEAR), "02")
    booklet = to_pdf(hostile, [profile, other], booklet=True)
    _cover, contents, *fichas = pdf_text(booklet)
    assert len(fichas) == 2 and re.sub(r"\s+", " ", HOSTILE) + " ..." in contents
    outline = pypdf.PdfReader(io.BytesIO(booklet)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == [HOSTILE, other.name]


def test_an_unknown_territory_is_refused_with_the_valid_codes(dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="No area '99' at level 'territorio'; valid codes: 01"):
        build_profile(dataset, View(year=YEAR), "99")


def test_barrio_and_nucleo_fichas(dataset: Dataset) -> None:
    barrio = build_profile(dataset, View(year=YEAR, level="barrio"), "0101")
    assert barrio.group == "barrios_comunas" and barrio.kind == "barrio"
    assert all("barrios" in line.text["rank"] or line.rank is None for line in barrio.lines)
    nucleo = build_profile(dataset, View(year=YEAR, level="nucleo"), "914")
    (text,) = pdf_text(to_pdf(dataset, [nucleo]))
    assert "de 24 núcleos" in text


def test_the_view_carries_the_ficha() -> None:
    view = replace(View(year=YEAR), ficha="07")
    again, fallbacks = View.from_query(view.to_query(), [2023, YEAR])
    assert again.ficha == "07" and not fallbacks


def test_the_trend_is_the_map_panels_trend(dataset: Dataset) -> None:
    from geo.analysis.drilldown import trend

    profile = build_profile(dataset, View(year=YEAR), "01")
    for line in profile.lines[:6]:
        panel = trend(dataset, View(year=YEAR, indicator=line.indicator.id), "01")
        assert list(line.series) == pytest.approx(list(panel["area"]), nan_ok=True)
        assert list(line.city_series) == pytest.approx(list(panel["city"]), nan_ok=True)


def test_the_five_sites_at_highest_risk_are_worked_out_by_hand(popular: bytes, csv) -> None:
    from risk_by_hand import hand_ranking

    (text,) = pdf_text(popular)
    facts, _ = csv
    hand = hand_ranking(YEAR).reset_index(drop=True)
    hand["rank"] = hand.index + 1
    popular_sites = set(facts.loc[facts["codigo_comuna"] == "01", "codigo_dane"])
    top = hand[hand["codigo_dane"].isin(popular_sites)].head(5)
    for i, row in enumerate(top.itertuples(), start=1):
        assert f"{i} {row.nombre} {row.codigo_dane} " in text
        assert f"{round(row.index)} alto {row.rank}" in text
    first = top.iloc[0]
    assert (
        f"La sede con mayor riesgo de deserción es {first['nombre']} (índice "
        f"{round(first['index'])}, puesto {first['rank']} de la ciudad)." in text
    )
