"""A row of download buttons under a title that says what the files hold and in which
formats, with the command line that writes the same bytes."""

from __future__ import annotations

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
            st.code(command, language="bash", wrap_lines=True)


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
