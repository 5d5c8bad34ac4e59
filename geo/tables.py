"""Small tables as plain HTML: read at a glance, printed as is, and light in the browser.

Streamlit's interactive table (``st.dataframe``) brings about 1.2 MB of JavaScript to parse
before a page settles; a ranking of a few dozen rows is read, not edited, so the map page
shows it as a plain ``<table>`` instead. Every header and cell is escaped here: names come
from the data.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping

import pandas as pd

CLASS = "atlas-table"
# Scoped to tables of this module; greys over the theme's own colours, light or dark.
STYLE = f"""<style>
.{CLASS} {{overflow:auto; border:1px solid rgba(128,128,128,.3); border-radius:.5rem}}
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
</style>"""


def html_table(
    frame: pd.DataFrame,
    *,
    numeric: Collection[str] = (),
    beneath: Mapping[str, str] | None = None,
    total_last: bool = False,
    height: int | None = None,
    caption: str = "",
) -> str:
    """``frame`` as an escaped HTML table (with its style), in a box ``height`` px high at
    most that scrolls under a fixed header.

    ``numeric`` columns are right-aligned. ``beneath`` maps a column to another whose values
    are written in smaller type under its own (a rate with its numerator and denominator, say),
    instead of in a column of their own. ``total_last`` sets the last row apart as a total.
    Missing values are empty cells.
    """
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
        rows.append(f"<tr{total}>{cells}</tr>")
    box = f' style="max-height:{int(height)}px"' if height else ""
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'{STYLE}<div class="{CLASS}"{box}><table>{caption_html}'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _cls(column: object, numeric: Collection[str]) -> str:
    return ' class="num"' if column in numeric else ""


def _note(value: object) -> str:
    return f"<small>{_text(value)}</small>" if value is not None else ""


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))
