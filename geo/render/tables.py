"""Small tables as plain HTML: read at a glance, printed as is, and light in the browser.

Streamlit's interactive table (``st.dataframe``) brings about 1.2 MB of JavaScript to parse
before a page settles; a ranking of a few dozen rows is read, not edited, so the map page
shows it as a plain ``<table>`` instead. Every header and cell is escaped here: names come
from the data.

Numbers are written the language's way when the table is told each numeric column's unit
(``63,4 %`` and ``1.024`` in Spanish, ``63.4 %`` and ``1,024`` in English); see
:func:`format_columns`.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from geo.model.catalogue import Unit
from geo.model.formatting import format_in_unit

CLASS = "atlas-table"
# Scoped to tables of this module; greys over the theme's own colours, light or dark.
STYLE = f"""<style>
.{CLASS} {{overflow:auto; border:1px solid rgba(128,128,128,.3); border-radius:.5rem;
  container-type:inline-size}}
.{CLASS} table {{border-collapse:collapse; width:100%; font-size:.8125rem; margin:0}}
.{CLASS} caption {{caption-side:bottom; text-align:left; padding:.4rem .6rem; opacity:.7}}
.{CLASS} th, .{CLASS} td {{padding:.25rem .45rem; border:none;
  border-bottom:1px solid rgba(128,128,128,.2); text-align:left; vertical-align:top}}
.{CLASS} thead th {{position:sticky; top:0; z-index:1; font-weight:600;
  background:rgba(128,128,128,.16); backdrop-filter:blur(8px)}}
.{CLASS} .num {{text-align:right; font-variant-numeric:tabular-nums}}
.{CLASS} td.num {{white-space:nowrap}}
.{CLASS} tr.total td {{font-weight:600; border-top:2px solid rgba(128,128,128,.4)}}
.{CLASS} small {{display:block; font-weight:400; opacity:.7; font-size:.75rem}}
.{CLASS} tr.atlas-highlight td {{background:#fff0b3; color:#1a1a1a; font-weight:600;
  position:sticky; bottom:0}}
@container (max-width: 360px) {{
  .{CLASS} table {{font-size:.75rem}}
  .{CLASS} th, .{CLASS} td {{padding:.2rem .25rem}}
  .{CLASS} small {{font-size:.6875rem}}
}}
@media (max-width: 640px) {{
  .{CLASS}.atlas-cards thead {{display:none}}
  .{CLASS}.atlas-cards tr {{display:block; padding:.3rem 0;
    border-bottom:1px solid rgba(128,128,128,.35)}}
  .{CLASS}.atlas-cards td {{display:flex; justify-content:space-between; gap:.75rem;
    border:none; padding:.1rem .6rem; text-align:right}}
  .{CLASS}.atlas-cards td::before {{font-weight:600; text-align:left; opacity:.8}}
  .{CLASS}.atlas-cards td:first-child {{font-weight:600}}
}}
</style>"""


def html_table(
    frame: pd.DataFrame,
    *,
    numeric: Collection[str] = (),
    beneath: Mapping[str, str] | None = None,
    total_last: bool = False,
    height: int | None = None,
    caption: str = "",
    units: Mapping[str, Unit] | None = None,
    lang: str = "es",
    highlight: Collection[int] = (),
    cards: bool = False,
) -> str:
    """``frame`` as an escaped HTML table (with its style), in a box ``height`` px high at
    most that scrolls under a fixed header.

    ``units`` maps numeric columns to how their numbers read (``"percent"`` for fractions,
    ``"count"``, ``"ratio"``, ``"index"``: the catalogue's units); those columns are written in
    ``lang`` (:func:`format_columns`) and right-aligned, as are the ``numeric`` columns (text
    already formatted, say). Other whole numbers are written without ``.0``. ``beneath`` maps a
    column to another whose values are written in smaller type under its own (a rate with its
    numerator and denominator, say), instead of in a column of their own. ``total_last`` sets
    the last row apart as a total. ``highlight`` marks the rows at those positions (a searched
    site in its territory's table); one further down than the box shows stays in sight at
    its bottom edge. Missing values are empty cells. With ``cards``, a narrow screen (a
    phone) shows each row as a card of "header: value" lines instead of columns that would
    run off the side.
    """
    units = dict(units or {})
    frame = format_columns(frame, units, lang)
    numeric = {*numeric, *units}
    beneath = dict(beneath or {})
    shown = [column for column in frame.columns if column not in beneath.values()]
    header = "".join(
        f'<th scope="col"{_cls(column, numeric)}>{html.escape(str(column))}'
        f"{_note(beneath.get(column))}</th>"
        for column in shown
    )
    rows = []
    last = len(frame) - 1
    for position, record in enumerate(frame.to_dict("records")):
        cells = "".join(
            f"<td{_cls(column, numeric)}>{_text(record[column])}"
            f"{_note(record[beneath[column]] if column in beneath else None)}</td>"
            for column in shown
        )
        total = ' class="total"' if total_last and position == last else ""
        if position in highlight:
            total = ' class="atlas-highlight" aria-current="true"'
        rows.append(f"<tr{total}>{cells}</tr>")
    box = ""
    if height:
        box = f' style="max-height:{int(height)}px{_skipped_off_screen(len(frame), height)}"'
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    kind, labels = CLASS, ""
    if cards:
        kind, labels = _card_labels([str(column) for column in shown])
    return (
        f'{STYLE}{labels}<div class="{kind}"{box}><table>{caption_html}'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def format_columns(frame: pd.DataFrame, units: Mapping[str, Unit], lang: str) -> pd.DataFrame:
    """A copy of ``frame`` whose ``units`` columns are text in ``lang``: ``63,4 %`` for a
    ``"percent"`` fraction of 0.634, ``1.024`` for a ``"count"`` (``63.4 %``, ``1,024`` in
    English). Missing values stay missing. For a table that is read, not sorted: the text
    no longer sorts as numbers.

    Raises
    ------
    KeyError
        When ``units`` names a column that ``frame`` does not have.
    ValueError
        When a unit is not one of the catalogue's.
    """
    missing = [column for column in units if column not in frame.columns]
    if missing:
        raise KeyError(f"units name columns the table does not have: {missing}")
    formatted = frame.copy()
    for column, unit in units.items():
        numbers = pd.to_numeric(frame[column], errors="coerce").astype(float)
        texts = [None if np.isnan(n) else format_in_unit(n, unit, lang) for n in numbers]
        formatted[column] = pd.Series(texts, index=frame.index, dtype=object)
    return formatted


def _cls(column: object, numeric: Collection[str]) -> str:
    return ' class="num"' if column in numeric else ""


# No row of these tables is shorter than this (one line of text and its padding), in CSS px.
ROW_MIN_HEIGHT = 24


def _skipped_off_screen(rows: int, height: int) -> str:
    """The style that lets the browser skip laying out and painting a box full of rows while
    it is off screen (a ranking of 787 sites below the fold cost a visit about 0.45 s of
    layout), for a table whose rows surely fill its ``height``: its box is then exactly that
    tall, which is the room kept for it until it comes into view."""
    if rows * ROW_MIN_HEIGHT < height:
        return ""
    return f"; content-visibility:auto; contain-intrinsic-size:auto {int(height)}px"


def _card_labels(headers: list[str]) -> tuple[str, str]:
    """The classes of a table shown as cards on a phone, and the style that writes each
    column's header before its cells there: once per column, not in every cell (a ranking of
    787 sites carried its headers 8,657 times, 190 KB of the page's messages)."""
    scope = "atlas-cards-" + hashlib.sha1("\x1f".join(headers).encode()).hexdigest()[:10]
    rules = "".join(
        f'.{scope} td:nth-child({position})::before{{content:"{_css_text(header)}"}}'
        for position, header in enumerate(headers, start=1)
    )
    return f"{CLASS} atlas-cards {scope}", f"<style>@media (max-width: 640px) {{{rules}}}</style>"


def _css_text(text: str) -> str:
    """``text`` inside a CSS string: every character but letters, digits and spaces as a
    hexadecimal escape, so that no quote, backslash or ``</style>`` from the data ends it."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)


def _note(value: object) -> str:
    return f"<small>{_text(value)}</small>" if value is not None else ""


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)  # a count that went through a float column: 27, not 27.0
    return html.escape(str(value))
