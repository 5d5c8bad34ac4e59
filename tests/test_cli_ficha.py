"""``python -m geo ficha`` (issue 25): one ficha or the booklet, the same bytes on every run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
from test_cli import HEAVY, ROOT, modules_after


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "ficha", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={k: v for k, v in os.environ.items() if k != "ATLAS_PUBLIC_URL"},
    )


def test_one_ficha_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    result = run("--territory", "01", "--view", "ind=failure&year=2023", "-o", str(first))
    assert result.returncode == 0, result.stderr
    assert "ficha Popular, territorio, 2023 — datos de demostración" in result.stdout
    assert (
        run("--territory", "01", "--view", "ind=failure&year=2023", "-o", str(second)).returncode
        == 0
    )
    assert first.read_bytes() == second.read_bytes()
    text = pypdf.PdfReader(io.BytesIO(first.read_bytes())).pages[0].extract_text()
    assert "Reprobación en Popular:" in text and "Datos de 2023" in text


def test_the_booklet_of_a_level_in_english_html(tmp_path: Path) -> None:
    out = tmp_path / "fichas.html"
    result = run("--all", "--level", "nucleo", "--lang", "en", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert page.count("<section class=ficha") == 24 and "Contents" in page


def test_bad_requests_are_refused_in_one_line(tmp_path: Path) -> None:
    wrong = run("--territory", "99", "-o", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("error: No area '99' at level 'territorio'; valid codes: 01")
    suffix = run("--territory", "01", "-o", str(tmp_path / "x.docx"))
    assert suffix.returncode == 2 and ".pdf or .html" in suffix.stderr
    year = run("--territory", "01", "--year", "1990", "-o", str(tmp_path / "x.pdf"))
    assert year.returncode == 2 and "--year 1990" in year.stderr


def test_its_help_imports_nothing_heavy() -> None:
    status, modules = modules_after("ficha", "--help")
    assert status == 0
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
