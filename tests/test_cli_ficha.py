"""``python -m geo ficha`` (issue 25): one ficha or the booklet, the same bytes on every run.

The commands run in this process (``geo.cli.main``), the demo loaded once for all of them; one
smoke test runs the real ``python -m geo ficha`` in a fresh interpreter, whose PDF must be the
very bytes the in-process run writes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from test_cli import HEAVY, ROOT, modules_after

from geo import cli
from geo.cli import _inputs

POPULAR = ("--territory", "01", "--view", "ind=failure&year=2023")


_LOADED: dict[str, tuple] = {}  # the input options -> what the command's own load gave


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """No public address (no QR code) nor fixed date: the bytes compare. The command reads its
    inputs itself (``load_joined``), once per set of input options for the whole module: a
    fresh process would read them again, to the same dataset."""
    monkeypatch.delenv("ATLAS_PUBLIC_URL", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    real = _inputs.load_joined

    def once(given):
        if repr(given) not in _LOADED:
            _LOADED[repr(given)] = real(given)
        return _LOADED[repr(given)]

    monkeypatch.setattr(_inputs, "load_joined", once)


def ficha(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``python -m geo ficha ARGS`` in this process: (exit status, stdout, stderr)."""
    status = cli.main(["ficha", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_one_ficha_twice_gives_the_same_bytes(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    status, out, err = ficha(capsys, *POPULAR, "-o", str(first))
    assert status == 0, err
    assert "ficha Popular, territorio, 2023 — datos de demostración" in out
    assert ficha(capsys, *POPULAR, "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    text = pypdf.PdfReader(io.BytesIO(first.read_bytes())).pages[0].extract_text()
    assert "Reprobación en Popular:" in text and "Datos de 2023" in text


def test_the_command_in_a_fresh_interpreter_writes_the_same_bytes(tmp_path: Path, capsys) -> None:
    """The smoke test: ``python -m geo ficha`` itself, its PDF byte for byte the in-process
    one (nothing depends on the process: hash seeds, import order, caches)."""
    there, here = tmp_path / "process.pdf", tmp_path / "here.pdf"
    env = {
        k: v for k, v in os.environ.items() if k not in ("ATLAS_PUBLIC_URL", "SOURCE_DATE_EPOCH")
    }
    result = subprocess.run(
        [sys.executable, "-m", "geo", "ficha", *POPULAR, "-o", str(there)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "ficha Popular, territorio, 2023 — datos de demostración" in result.stdout
    assert ficha(capsys, *POPULAR, "-o", str(here))[0] == 0
    assert there.read_bytes() == here.read_bytes()


def test_the_booklet_of_a_level_in_english_html(tmp_path: Path, capsys) -> None:
    out = tmp_path / "fichas.html"
    status, said, err = ficha(capsys, "--all", "--level", "nucleo", "--lang", "en", "-o", str(out))
    assert status == 0, err
    assert "24 profiles, nucleo" in said and said.rstrip().endswith("— demo data")
    page = out.read_text("utf-8")
    assert page.count("<section class=ficha") == 24 and "Contents" in page


def test_bad_requests_are_refused_in_one_line(tmp_path: Path, capsys) -> None:
    status, _, err = ficha(capsys, "--territory", "99", "-o", str(tmp_path / "x.pdf"))
    assert status == 2
    assert err.startswith("error: No area '99' at level 'territorio'; valid codes: 01")
    assert err.count("\n") == 1
    status, _, err = ficha(capsys, "--territory", "01", "-o", str(tmp_path / "x.docx"))
    assert status == 2 and ".pdf or .html" in err
    status, _, err = ficha(
        capsys, "--territory", "01", "--year", "1990", "-o", str(tmp_path / "x.pdf")
    )
    assert status == 2 and "--year 1990" in err
    assert not list(tmp_path.iterdir())  # nothing written for a refused request


def test_its_help_imports_nothing_heavy() -> None:
    status, modules = modules_after("ficha", "--help")
    assert status == 0
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
