"""The Datos page's official download glue: one bar per layer and source while the download
runs, then the bars as they ended, what each gave (a table) and what failed (a message each).

The download runs in the script (the button's callback only asks for it), so its bars are
drawn where the button is and move as each source reports; once it has ended the session
shows the official data and the page is run again, drawing the outcomes kept in the session.
"""

from __future__ import annotations

import streamlit as st

from geo.io.official import DEFAULT_YEARS, Outcome, download_official, planned
from geo.model.formatting import escape_markdown
from geo.render.datos import (
    failure_lines,
    outcome_columns,
    outcomes_frame,
    progress_fraction,
    progress_line,
)
from geo.render.tables import html_table
from pages._shell.data import OFFICIAL, official_sources, official_version, switch_dataset

OUTCOMES = "official_outcomes"  # session state: the last download's outcomes
ASKED = "official_asked"  # session state: the button was pressed; download in this run


def ask() -> None:
    """Button callback: download in the coming run. A flag, not the button's value: a run
    that Streamlit starts again at once (its legacy pages mode) would lose the click."""
    st.session_state[ASKED] = True


def asked() -> bool:
    """Whether the button was pressed since the last download (the flag is taken)."""
    return bool(st.session_state.pop(ASKED, False))


def download(lang: str) -> None:
    """Fetch every layer and source with a bar each; show the official data; run again."""
    cache, open_data, arcgis, socrata = official_sources()
    bars = {
        (o.kind, o.key): st.progress(0.0, text=escape_markdown(progress_line(o, lang)))
        for o in planned(cache, open_data, arcgis, DEFAULT_YEARS)
    }

    def advance(outcome: Outcome) -> None:
        bars[(outcome.kind, outcome.key)].progress(
            progress_fraction(outcome), text=_bar_text(outcome, lang)
        )

    outcomes = download_official(
        cache, open_data_base=open_data, arcgis_base=arcgis, socrata_base=socrata, progress=advance
    )
    st.session_state[OUTCOMES] = outcomes
    if any(o.ok for o in outcomes) and official_version() is not None:
        switch_dataset(OFFICIAL)
    st.rerun()


def show_outcomes(outcomes: list[Outcome], lang: str) -> None:
    """The bars as they ended, the table of what each gave, and a message per failure."""
    for outcome in outcomes:
        st.progress(progress_fraction(outcome), text=_bar_text(outcome, lang))
    table = outcomes_frame(outcomes, lang)
    st.html(html_table(table, numeric=outcome_columns(lang), lang=lang, cards=True))
    for line in failure_lines(outcomes, lang):
        st.error(escape_markdown(line), icon=":material/cloud_off:")


def _bar_text(outcome: Outcome, lang: str) -> str:
    """The bar's line as markdown: a failure in red with an icon (its bar stays empty)."""
    text = escape_markdown(progress_line(outcome, lang))
    return f":red[:material/error: {text}]" if outcome.finished and not outcome.ok else text
