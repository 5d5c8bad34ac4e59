"""``python -m geo site``: find a school site by name or DANE code and print its values."""

from __future__ import annotations

import argparse

from geo.cli._inputs import add_input_arguments, add_lang_argument, load_dataset

HELP = "find a school site by name or DANE code and print its values"
DESCRIPTION = """\
Find school sites by part of their name (accents, case and word order do not matter) or by their
DANE code (12 digits, or at least the first 6) and print the best matches (up to 10): code,
name, territory, barrio, núcleo, sector and each indicator's value for the year. Inputs not
given fall back to the demo's. Exit status 1 when nothing matches.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="part of the name, or the DANE code")
    add_input_arguments(parser, "--data-year")
    parser.add_argument("--year", type=int, help="year of the values (default: the latest)")
    add_lang_argument(parser, "labels and messages")


def run(args: argparse.Namespace) -> int:
    import sys

    import pandas as pd

    from geo.analysis.search import DEFAULT_LIMIT, search_sites
    from geo.analysis.site import site_year_values
    from geo.model import schema as s
    from geo.model.formatting import format_base, format_value
    from geo.model.i18n import t

    lang = args.lang
    dataset = load_dataset(args)
    year = args.year if args.year is not None else dataset.latest_year()
    if year not in dataset.years:
        years = ", ".join(map(str, dataset.years))
        raise ValueError(f"--year {year}: no data for that year; years: {years}.")
    found = search_sites(dataset, args.query, limit=DEFAULT_LIMIT)
    if found.empty:
        print(t("site_search_none", lang).format(query=args.query.strip()), file=sys.stderr)
        return 1
    territories = dict(zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=False))
    barrios = (
        dict(zip(dataset.barrios[s.CODE], dataset.barrios[s.NAME], strict=False))
        if dataset.barrios is not None
        else {}
    )

    def named(code: object, names: dict) -> str:
        if code is None or pd.isna(code) or str(code) == "":
            return "—"
        return f"{names[code]} ({code})" if code in names else str(code)

    for number, row in enumerate(found.to_dict("records"), start=1):
        print(f"{number}. {row[s.SITE_CODE]}  {row[s.SITE_NAME]}")
        details = [
            (t("territory", lang), named(row[s.TERRITORY], territories)),
            (t("site_barrio", lang), named(row[s.BARRIO], barrios)),
            (t("site_nucleo", lang), named(row[s.NUCLEO], {})),
            (t("sector", lang), named(row[s.SECTOR], {})),
        ]
        print("   " + " · ".join(f"{label}: {value}" for label, value in details))
        for indicator, value, numerator, denominator in site_year_values(
            dataset, row[s.SITE_CODE], year
        ):
            n = (
                f" ({format_base(numerator, denominator, indicator, lang)})"
                if indicator.denominator is not None and denominator == denominator
                else ""
            )
            shown = format_value(value, indicator, lang)
            print(f"   {year} · {indicator.label(lang)}: {shown}{n}")
    return 0
