"""The plain HTML tables a page drew (``st.html`` with ``geo.render.tables.html_table``), read
back as data frames of text, for AppTest: ``tables(at)[-1]["Sede"]``."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_small = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "small":
            self._in_small = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            header, rows = self.tables[-1]
            if not header:
                header.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None
        elif tag == "small":
            self._in_small = False

    def handle_data(self, data):
        if self._cell is not None and not self._in_small:
            self._cell.append(data)


def read_tables(markup: str) -> list[pd.DataFrame]:
    """Every ``<table>`` in ``markup`` as a frame of its cells' text (notes in ``<small>``
    left out)."""
    reader = _Reader()
    reader.feed(markup)
    return [pd.DataFrame(rows, columns=header) for header, rows in reader.tables]


def tables(at) -> list[pd.DataFrame]:
    """The HTML tables of an AppTest run, in page order."""
    return [frame for element in at.get("html") for frame in read_tables(element.proto.body)]
