"""Fichas (issue 25) as a person reaches them: a click on a territory of the Mapa, its panel's
"Ficha de <name>", the Fichas page on that territory with its numbers (checked against pandas
on the demo CSVs), and the PDF downloaded, read back and drawn by pdftoppm to be looked at,
in Spanish and English, on a desktop window and a phone."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pypdf
import pytest
from conftest import SOURCE_DATE_EPOCH, guarded_context
from playwright.sync_api import Page, expect
from test_click_browser import TERRITORIES, click_and_check, open_fresh
from ui import scroll_to, wait_idle

from geo.analysis.ficha import Profile, build_profile
from geo.analysis.risk import with_risk_index
from geo.io.ingest import load_demo
from geo.model.dataset import Dataset
from geo.model.i18n import t
from geo.model.view import View
from geo.render.ficha import document, to_pdf

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
YEAR = 2024
CODE = "05"
NAME = "Castilla"


def es(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".translate(str.maketrans({",": ".", ".": ","}))


def by_hand(numerator: str, denominator: str, code: str) -> tuple[float, float, int, int]:
    """(the territory's rate, the city's, its numerator and denominator) from the CSVs."""
    sites = pd.read_csv(DEMO / "sedes.csv", dtype={"codigo_dane": str, "codigo_comuna": str})
    years = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    rows = years.merge(sites, on="codigo_dane")
    rows = rows[(rows["anio"] == YEAR) & rows[numerator].notna() & rows[denominator].notna()]
    mine = rows[rows["codigo_comuna"] == code]
    num, den = mine[numerator].sum(), mine[denominator].sum()
    return num / den, rows[numerator].sum() / rows[denominator].sum(), int(num), int(den)


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages)


def look(pdf: bytes, artifacts: Path, stem: str) -> Path:
    """The PDF's first page drawn by pdftoppm (100 dpi) for a person to look at."""
    source = artifacts / f"{stem}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(source), str(artifacts / stem)],
        check=True,
        timeout=60,
    )
    return artifacts / f"{stem}.png"


def download_pdf(page: Page, lang: str) -> bytes:
    button = page.get_by_role("button", name=t("ficha_download_pdf", lang))
    scroll_to(button)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"ficha_territorio_{CODE}_{YEAR}.pdf"
    return Path(download.value.path()).read_bytes()


@functools.cache
def demo() -> Dataset:
    return with_risk_index(load_demo())


def profile(lang: str) -> Profile:
    return build_profile(demo(), View(year=YEAR, lang=lang), CODE)


def expected_pdf(lang: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """What the command line prints for the same view (the server's fixed date)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.delenv("ATLAS_PUBLIC_URL", raising=False)
    return to_pdf(demo(), [profile(lang)])


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not found")
def test_from_the_map_panel_to_the_downloaded_ficha(
    page: Page, app_url: str, artifacts: Path, browser, monkeypatch
) -> None:
    (code, name, shape), *_ = [area for area in TERRITORIES if area[0] == CODE]
    open_fresh(page, app_url, len(TERRITORIES))
    click_and_check(page, code, name, shape.representative_point())
    link = page.get_by_role("link", name=t("ficha_link", "es").format(name=NAME))
    scroll_to(link)
    link.click()

    # The Fichas page on the clicked territory, its numbers those of the CSVs.
    expect(page).to_have_url(re.compile(rf"/fichas\?.*ficha={CODE}"))
    expect(page.get_by_role("heading", name="Fichas territoriales")).to_be_visible()
    ficha = page.locator(".st-key-ficha_view")
    expect(ficha.get_by_role("heading", name=NAME, exact=True)).to_be_visible()
    wait_idle(page)
    value, city, num, den = by_hand("desertores", "matricula", CODE)
    more = "más" if value > city else "menos"
    sentence = (
        f"Deserción en {NAME}: {es(100 * value, 1)} %, {es(abs(100 * (value - city)), 1)} "
        f"puntos {more} que la ciudad ({es(100 * city, 1)} %)."
    )
    shown = re.sub(r"\s+", " ", ficha.inner_text())
    assert sentence in shown
    assert f"{es(num, 0)} de {es(den, 0)}" in shown  # the dropout line's n
    ratio, city_ratio, students, computers = by_hand("matricula", "computadores", CODE)
    row = f"{es(ratio, 1)} {es(students, 0)} de {es(computers, 0)} {es(city_ratio, 1)}"
    assert f"Est. por computador {row}" in shown
    # The locator map and every trend line are drawn (st.html's sanitizer drops inline SVG).
    drawn = ficha.locator("img").evaluate_all("images => images.map(i => i.naturalWidth > 0)")
    lines = document(demo(), [profile("es")], booklet=False)["profiles"][0]["lines"]
    assert len(drawn) == 1 + sum(line["spark"] is not None for line in lines) and all(drawn)
    expect(ficha.get_by_role("img", name=f"Ubicación en la ciudad: {NAME}")).to_be_visible()
    page.screenshot(path=str(artifacts / "ficha_page_es.png"))

    # The PDF: the same bytes as the command line's, its text the page's numbers.
    pdf = download_pdf(page, "es")
    assert pdf == expected_pdf("es", monkeypatch)
    text = pdf_text(pdf)
    assert sentence in text.replace("\xa0", " ")
    assert f"FICHA TERRITORIAL · COMUNA {CODE} {NAME}" in text
    assert look(pdf, artifacts, "ficha_pdf_es").stat().st_size > 50_000

    # In English, on a phone: the same ficha, its PDF in English.
    context, outside = guarded_context(browser, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(f"{app_url}fichas?ficha={CODE}&lang=en")
        english = phone.locator(".st-key-ficha_view")
        expect(english.get_by_role("heading", name=NAME, exact=True)).to_be_visible()
        wait_idle(phone)
        shown = re.sub(r"\s+", " ", english.inner_text())
        assert f"Dropout in {NAME}: {100 * value:.1f} %" in shown
        # On a phone the page does not scroll sideways: a wide table scrolls in its box.
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(artifacts / "ficha_page_en_phone.png"))
        pdf = download_pdf(phone, "en")
        assert pdf == expected_pdf("en", monkeypatch)
        text = pdf_text(pdf)
        assert f"Dropout in {NAME}: {100 * value:.1f}" in text
        assert "Source: Project demo" in text and "Demostración" not in text
        look(pdf, artifacts, "ficha_pdf_en")
    finally:
        context.close()
    assert not outside, f"the page asked for resources outside this server: {outside}"
