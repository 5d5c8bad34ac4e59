"""Plain HTML tables: every cell escaped, numbers aligned, the total set apart."""

from html.parser import HTMLParser

import pandas as pd

from geo.choropleth import compute, ranking
from geo.dataset import Dataset
from geo.tables import html_table
from geo.view import View


class _Cells(HTMLParser):
    """Rows of (tag, class, text) as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str, str]]] = []
        self.row_classes: list[str] = []
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            self.row_classes.append(dict(attrs).get("class") or "")
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs).get("class") or "", ""]

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def _parse(markup: str) -> _Cells:
    cells = _Cells()
    cells.feed(markup)
    return cells


def test_cells_and_headers_are_escaped() -> None:
    frame = pd.DataFrame({"<b>Nombre</b>": ["<script>alert(1)</script>", "A & B"], "n": [1, None]})
    markup = html_table(frame, numeric={"n"})
    assert "<script>alert" not in markup and "<b>Nombre" not in markup
    cells = _parse(markup)
    assert cells.rows[0] == [("th", "", "<b>Nombre</b>"), ("th", "num", "n")]
    assert cells.rows[1] == [("td", "", "<script>alert(1)</script>"), ("td", "num", "1.0")]
    assert cells.rows[2] == [("td", "", "A & B"), ("td", "num", "")]  # missing: empty


def test_the_ranking_reads_like_the_frame_with_the_city_last(demo: Dataset) -> None:
    view = View(indicator="dropout", year=2024)
    table = ranking(compute(demo, view), "es")
    markup = html_table(table, numeric={"Puesto"}, total_last=True, height=470)  # no beneath
    cells = _parse(markup)
    assert [text for _, _, text in cells.rows[0]] == list(table.columns)
    body = [[text for _, _, text in row] for row in cells.rows[1:]]
    expected = table.astype(object).where(table.notna(), "").astype(str).values.tolist()
    assert body == expected
    assert cells.row_classes[-1] == "total" and body[-1][1] == "Medellín (total)"
    assert set(cells.row_classes[1:-1]) == {""}
    assert 'style="max-height:470px"' in markup


def test_a_column_can_be_written_beneath_another() -> None:
    frame = pd.DataFrame({"Tasa": ["4,5 %", "—"], "n": ["155 de 3.412", None], "Sedes": [23, 0]})
    cells = _parse(html_table(frame, numeric={"Tasa"}, beneath={"Tasa": "n"}))
    assert cells.rows[0] == [("th", "num", "Tasan"), ("th", "", "Sedes")]  # no column of its own
    assert cells.rows[1][0] == ("td", "num", "4,5 %155 de 3.412")
    assert cells.rows[2][0] == ("td", "num", "—")
    assert '<td class="num">4,5 %<small>155 de 3.412</small></td>' in html_table(
        frame, numeric={"Tasa"}, beneath={"Tasa": "n"}
    )
