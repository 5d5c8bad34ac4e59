"""``python -m geo ficha``: a territory's profile (or every one of a level) as PDF or HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cli._inputs import (
    EDUCATION_LEVEL_CHOICES,
    add_input_arguments,
    add_lang_argument,
    load_dataset,
)
from geo.cli._output import demo_note
from geo.cli._view import add_where_argument, print_notes, read_view, single_values, view_params

FICHA_SUFFIXES = {".pdf": "pdf", ".html": "html"}

HELP = "a territory's profile (ficha territorial) as an A4 PDF or HTML; --all for a booklet"
DESCRIPTION = """\
Write the ficha of one territory (--territory CODE, at --level territorio, barrio or nucleo):
every indicator the data has for the year with its n, the city's value, its rank among its
zone's territories, the change since the first year and its trend; its sites by sector and the
five with the highest dropout risk; the education-level breakdown; sentences made from the
numbers. --all writes every territory of the level in one booklet with a contents page. The
extension picks PDF (.pdf, A4, fonts embedded) or offline HTML (.html). The same inputs give
the same bytes (the creation date is SOURCE_DATE_EPOCH's, else the sources' retrieval date).
With ATLAS_PUBLIC_URL set, each ficha carries a QR code to its live view.
"""

_SUMMARY = {
    "es": {"all": "{n} fichas", "one": "ficha ", "demo": "datos de demostración"},
    "en": {"all": "{n} profiles", "one": "profile ", "demo": "demo data"},
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser, "--data-year")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--territory", metavar="CODE", help="the area's code, e.g. 01")
    which.add_argument("--all", action="store_true", help="every area of the level, a booklet")
    parser.add_argument("--level", help="territorio (default), barrio or nucleo")
    parser.add_argument("--year", type=int, help="year shown (default: the latest)")
    parser.add_argument("--indicator", help="the indicator the first sentence speaks of")
    parser.add_argument(
        "--education-level",
        choices=EDUCATION_LEVEL_CHOICES,
        help="indicators at one education level where they have it (default: all levels)",
    )
    add_lang_argument(parser, "the ficha", default=None)
    add_where_argument(parser, "count only the sites")
    parser.add_argument("--view", help="the app's query string, e.g. 'ind=dropout&year=2021'")
    parser.add_argument("-o", "--output", required=True, help="ficha_popular.pdf, fichas.html")


def run(args: argparse.Namespace) -> int:
    from geo.analysis.ficha import areas_of, build_profile
    from geo.render.ficha import to_html, to_pdf

    out = Path(args.output)
    fmt = FICHA_SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"{out.name}: a ficha is written as .pdf or .html; name the file so.")
    dataset = load_dataset(args)
    options = (
        ("ind", args.indicator),
        ("year", args.year),
        ("level", args.level),
        ("lang", args.lang),
        ("nivel", args.education_level),
    )
    params = view_params(args.view, dataset, options, args.where)
    params.pop("ficha", None)
    view, fallbacks = read_view(
        single_values(params),
        dataset,
        dataset.available_indicators(),
        education_levels=dataset.education_levels,
    )
    if args.level and view.level != args.level:
        raise ValueError(
            f"--level {args.level}: not a level of this data; levels: {', '.join(dataset.levels)}."
        )
    if args.year is not None and view.year != args.year:
        years = ", ".join(str(y) for y in dataset.years)
        raise ValueError(f"--year {args.year}: the data has no such year; years: {years}.")
    print_notes(fallbacks)
    codes = list(areas_of(dataset, view.level)["codigo"].astype(str))
    chosen = codes if args.all else [args.territory.strip()]
    profiles = [build_profile(dataset, view, code) for code in chosen]
    render = to_pdf if fmt == "pdf" else to_html
    data = render(dataset, profiles, booklet=bool(args.all))
    if isinstance(data, str):
        data = data.encode()
    out.write_bytes(data)
    # the summary line in the fichas' own language (``--lang``)
    words = _SUMMARY[view.lang]
    what = words["all"].format(n=len(profiles)) if args.all else words["one"] + profiles[0].name
    print(
        f"{out} ({len(data):,} bytes): {what}, {view.level}, {view.year}"
        + demo_note(dataset.is_demo, words["demo"])
    )
    return 0
