"""Plain HTML tables: every cell escaped, numbers aligned, the total set apart."""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from geo.analysis.choropleth import compute, ranking
from geo.analysis.drilldown import site_values
from geo.model import schema as s
from geo.model.catalogue import get_indicator
from geo.model.dataset import Dataset
from geo.model.view import View
from geo.render.tables import format_columns, html_table


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
    assert cells.rows[1] == [("td", "", "<script>alert(1)</script>"), ("td", "num", "1")]  # not 1.0
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
    # 22 rows surely fill 470 px: the box may be skipped while off screen, keeping its room.
    box = 'style="max-height:470px; content-visibility:auto; contain-intrinsic-size:auto 470px"'
    assert box in markup
    few = html_table(table.head(5), height=470)
    assert 'style="max-height:470px"' in few  # 5 rows may be shorter: laid out as they are


def test_a_column_can_be_written_beneath_another() -> None:
    frame = pd.DataFrame({"Tasa": ["4,5 %", "—"], "n": ["155 de 3.412", None], "Sedes": [23, 0]})
    cells = _parse(html_table(frame, numeric={"Tasa"}, beneath={"Tasa": "n"}))
    assert cells.rows[0] == [("th", "num", "Tasan"), ("th", "", "Sedes")]  # no column of its own
    assert cells.rows[1][0] == ("td", "num", "4,5 %155 de 3.412")
    assert cells.rows[2][0] == ("td", "num", "—")
    assert '<td class="num">4,5 %<small>155 de 3.412</small></td>' in html_table(
        frame, numeric={"Tasa"}, beneath={"Tasa": "n"}
    )


SITES = pd.DataFrame(
    {
        "Sede": ["I.E. <Uno>", "I.E. Dos", "I.E. Tres"],
        "Código": ["005001000001", "005001000002", "005001000003"],
        "Año": [2024, 2024, 2024],
        "Tasa": [0.634, 0.05, None],
        "Estudiantes por computador": [17.06, 9.0, None],
        "Numerador": [1024.0, 27.0, None],
        "Denominador": pd.array([1615, 540, None], dtype="Int64"),
    }
)
UNITS = {
    "Tasa": "percent",
    "Estudiantes por computador": "ratio",
    "Numerador": "count",
    "Denominador": "count",
}


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("es", ["63,4 %", "17,1", "1.024", "1.615"], ["5,0 %", "9,0", "27", "540"]),
        ("en", ["63.4 %", "17.1", "1,024", "1,615"], ["5.0 %", "9.0", "27", "540"]),
    ],
)
def test_numbers_are_written_the_languages_way(lang: str, first: list, second: list) -> None:
    cells = _parse(html_table(SITES, units=UNITS, lang=lang))
    body = [[text for _, _, text in row] for row in cells.rows[1:]]
    assert body[0] == ["I.E. <Uno>", "005001000001", "2024", *first]  # codes, years untouched
    assert body[1][3:] == second
    assert body[2][3:] == ["", "", "", ""]  # missing: empty, not "nan" or "Sin datos"
    classes = [cls for _, cls, _ in cells.rows[0]]
    assert classes == ["", "", "", "num", "num", "num", "num"]  # formatted columns align right


def test_format_columns_leaves_other_columns_and_the_frame_alone() -> None:
    formatted = format_columns(SITES, {"Tasa": "percent"}, "es")
    assert formatted["Tasa"].tolist() == ["63,4 %", "5,0 %", None]
    assert formatted["Numerador"].equals(SITES["Numerador"]) and SITES["Tasa"].iloc[0] == 0.634
    with pytest.raises(KeyError, match="Tasas"):
        format_columns(SITES, {"Tasas": "percent"}, "es")
    with pytest.raises(ValueError, match="percent"):
        format_columns(SITES, {"Tasa": "percentage"}, "es")


def test_a_territorys_site_table_reads_like_the_page(demo: Dataset) -> None:
    """The panel's table of sites: the value in the indicator's unit, n as counts."""
    view = View(indicator="no_internet", year=2024)
    sites = site_values(demo, view, "01")
    indicator = get_indicator("no_internet")
    frame = pd.DataFrame(
        {
            "Sede": sites[s.SITE_NAME],
            indicator.label("es"): sites["value"],
            "Numerador": sites["numerator"],
            "Denominador": sites["denominator"],
        }
    )
    units = {indicator.label("es"): indicator.unit, "Numerador": "count", "Denominador": "count"}
    body = [[t for _, _, t in row] for row in _parse(html_table(frame, units=units)).rows[1:]]
    first = sites.iloc[0]
    percent = f"{100 * first['value']:.1f}".replace(".", ",") + " %"
    assert body[0][1:] == [
        percent,
        f"{first['numerator']:,.0f}".replace(",", "."),
        f"{first['denominator']:,.0f}".replace(",", "."),
    ]
    assert all(re.fullmatch(r"\d{1,3},\d %", row[1]) for row in body if row[1])


def test_highlight_marks_only_the_rows_asked_for() -> None:
    frame = pd.DataFrame({"Código": ["a", "b", "c"], "Sede": ["A & co", "B", "C"]})
    page = html_table(frame, highlight=[1], total_last=True)
    rows = re.findall(r"<tr( class=\"[^\"]*\")?[^>]*>(.*?)</tr>", page.split("<tbody>")[1])
    assert [cls for cls, _ in rows] == ["", ' class="atlas-highlight"', ' class="total"']
    assert 'aria-current="true"' in page and "A &amp; co" in page
    assert "atlas-highlight" not in html_table(frame).split("<tbody>")[1]


def test_on_a_phone_each_column_names_its_cells_once_per_table() -> None:
    """Cards (a phone) write each cell's header from the table's style, once per column,
    not in every cell; a header from the data cannot end that style."""
    frame = pd.DataFrame({"Sede": ["Uno", "Dos"], 'Tasa "x" </style><b>': ["1 %", "2 %"]})
    markup = html_table(frame, numeric={'Tasa "x" </style><b>'}, cards=True)
    assert "data-label" not in markup
    assert markup.count("::before{content:") == 2
    assert markup.count("</style>") == 2  # the table's style and the labels', none from data
    assert 'td:nth-child(1)::before{content:"Sede"}' in markup
    assert "<b>" not in markup.split("<table>")[0]  # only as escaped text in the header
    assert html_table(frame, cards=False).count("::before{content:") == 0
