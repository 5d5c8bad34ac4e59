"""A row of download buttons under a title that says what the files hold and in which
formats, with the command line that writes the same bytes."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import streamlit as st

# (button label, the file's bytes when clicked, file name, media type)
File = tuple[str, Callable[[], bytes], str, str]


def download_files(
    title: str,
    files: Sequence[File],
    *,
    key: str,
    command: str = "",
    command_caption: str = "",
    folded: bool = True,
) -> None:
    """``files`` as buttons in a box titled ``title`` (folded in an expander, or open under
    a bold title), then ``command_caption`` and ``command`` when given."""
    box = (
        st.expander(title, icon=":material/download:")
        if folded
        else st.container(key=f"{key}_files")
    )
    with box:
        if not folded:
            st.markdown(f"**{title}**")
        with st.container(horizontal=True, gap="small"):  # each button as wide as its label
            for label, data, name, mime in files:
                st.download_button(
                    label,
                    data,
                    name,
                    mime,
                    key=f"{key}_{name}",
                    icon=":material/download:",
                    on_click="ignore",
                )
        if command:
            st.caption(command_caption)
            show_command(command)


# Our own fixed style (no data in it). One click selects the whole command, to copy.
_COMMAND_STYLE = (
    "margin:0;padding:.6rem .9rem;border-radius:.5rem;background:#f0f2f6;color:#31333f;"
    "font-family:'Source Code Pro',ui-monospace,monospace;font-size:.85rem;line-height:1.5;"
    "white-space:pre-wrap;overflow-wrap:anywhere;user-select:all;-webkit-user-select:all"
)


def show_command(text: str) -> None:
    """A command line or a link to copy, in a code box that one click selects whole.

    Plain HTML, not ``st.code``: the code box brings Streamlit's syntax highlighter, 1.5 MB
    of JavaScript that each page holding one (Prioridad, Focalizar, Red escolar) loaded and
    parsed before its map was drawn. The text is escaped here.
    """
    code = f"<code>{html.escape(text)}</code>"
    st.html(f'<pre class="atlas-command" style="{_COMMAND_STYLE}">{code}</pre>')


# The Red escolar's table formats: (format, suffix), as ``geo.export.network`` writes them.
TABLE_FORMATS = (
    ("geojson", ".geojson"),
    ("gpkg", ".gpkg"),
    ("csv-excel-es", ".csv"),
    ("xlsx", ".xlsx"),
)


def table_downloads(
    title: str,
    write: Callable[[str], bytes],
    stem: str,
    *,
    key: str,
    command: str = "",
    command_caption: str = "",
) -> None:
    """One table in every ``TABLE_FORMATS`` (``write(fmt)`` makes its bytes when clicked),
    folded under ``title``."""
    from geo.export import MEDIA_TYPES

    files = [
        (
            fmt.upper() if fmt != "csv-excel-es" else "CSV (Excel es)",
            lambda fmt=fmt: write(fmt),
            stem + ("_excel-es" if fmt == "csv-excel-es" else "") + suffix,
            MEDIA_TYPES[suffix],
        )
        for fmt, suffix in TABLE_FORMATS
    ]
    download_files(title, files, key=key, command=command, command_caption=command_caption)
