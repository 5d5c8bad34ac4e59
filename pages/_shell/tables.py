"""Tables a planner reads: no number cut off (issue 24).

Drawn as plain HTML tables (``geo.render.tables.html_table``): headers wrap, numbers never
do and are never cut, the columns take their content's width, and a long table scrolls in
its box under a fixed header (sideways too, on a phone) instead of ending a cell in "…".
They are also lighter than the grid (``st.dataframe``), which a page then never loads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import pandas as pd
import streamlit as st

from geo.render.tables import html_table


def show_table(
    frame: pd.DataFrame,
    *,
    numeric: Collection[str] = (),
    height: int | None = None,
    total_last: bool = False,
    key: str | None = None,
) -> None:
    """``frame`` (text already in the page's language) without its index; the ``numeric``
    columns right-aligned; at most ``height`` pixels tall; ``key`` names its container. On a
    phone each row is a card of "header: value" lines."""
    with st.container(key=key):
        st.html(
            html_table(frame, numeric=numeric, height=height, total_last=total_last, cards=True)
        )


def map_beside_table(
    draw_map: Callable[[], object], table: pd.DataFrame, heading: str = "", height: int = 560
) -> None:
    """``draw_map()`` on the left (three fifths), ``table`` under its bold ``heading`` on the
    right, its last column (a number) right-aligned, no taller than the map."""
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        draw_map()
    with table_column:
        if heading:
            st.markdown(f"**{heading}**")
        show_table(table, numeric=table.columns[-1:], height=height - 40)
