"""Interface text: sentences that count agree with their number, written the language's way."""

from __future__ import annotations

import re
import string

import pytest

from geo.model.i18n import TEXT, t, t_n
from geo.model.view import DEFAULT_MIN_N

# Sentences whose {n} is a constant, never 1: "(por defecto 30 estudiantes)".
FIXED_COUNT = {"small_sample_explained": DEFAULT_MIN_N}


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (0, "es", "0 vistas guardadas para presentar."),
        (1, "es", "1 vista guardada para presentar."),
        (2, "es", "2 vistas guardadas para presentar."),
        (1024, "es", "1.024 vistas guardadas para presentar."),
        (0, "en", "0 views saved for presenting."),
        (1, "en", "1 view saved for presenting."),
        (1024, "en", "1,024 views saved for presenting."),
    ],
)
def test_saved_views_agree_with_their_number(n: int, lang: str, expected: str) -> None:
    assert t_n("saved_views", n, lang) == expected


def test_other_numbers_in_a_counting_sentence_are_formatted_too() -> None:
    assert t_n("report_located", 1, "es", located=1) == "**1 de 1** sede ubicada en un territorio."
    assert (
        t_n("report_located", 27832, "es", located=1024)
        == "**1.024 de 27.832** sedes ubicadas en un territorio."
    )
    assert t_n("report_located", 1, "en", located=0) == "**0 of 1** site located in a territory."
    assert t_n("official_done", 1, "es", title="Sedes") == "Sedes: 1 elemento descargado."
    assert t_n("lisa_too_few", 1, "en", min=30).startswith("With 1 territory there are")


def _counted_nouns() -> list[str]:
    """Keys whose text puts a noun right after ``{n}``: "{n} vistas", "{n} territorios"."""
    return [
        key
        for key, entry in TEXT.items()
        if any(re.search(r"\{n\}\*{0,2} \w", text) for text in entry.values())
    ]


def test_every_sentence_that_counts_a_noun_has_a_singular() -> None:
    """A guard for keys added later: "1 vistas guardadas" again would fail here."""
    keys = _counted_nouns()
    assert {"saved_views", "lisa_too_few", "official_done", "report_located"} <= set(keys)
    missing = [key for key in keys if not {"es.one", "en.one"} <= TEXT[key].keys()]
    assert missing == list(FIXED_COUNT)
    assert all(n > 1 for n in FIXED_COUNT.values())


def test_singular_and_plural_take_the_same_placeholders() -> None:
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key, entry in TEXT.items():
        for lang in ("es", "en"):
            if f"{lang}.one" in entry:
                assert fields(entry[f"{lang}.one"]) == fields(entry[lang]), (key, lang)


def test_plain_t_still_gives_the_plural_form() -> None:
    assert t("saved_views", "es") == "{n} vistas guardadas para presentar."
