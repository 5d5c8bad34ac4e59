"""Red escolar's tables as a planner reads them (issues 18, 24): text in the page's language,
the future said as future ("ya en 2024" for a deficit that exists now), loads with the seats
they stand on. Built here, tested without Streamlit."""

from __future__ import annotations

import pandas as pd

from geo.analysis import access as acc
from geo.analysis import projection as proj
from geo.analysis.catchments import CHILDREN, LOAD
from geo.model import schema as s
from geo.model.formatting import format_number
from geo.model.i18n import t


def signed(value: float, lang: str) -> str:
    """Whole seats with their sign: ``+1.234`` short, ``−56`` to spare, ``0``."""
    rounded = round(float(value))
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return sign + format_number(abs(rounded), 0, lang)


def gap_heading(result: proj.Projection, lang: str) -> tuple[str, str]:
    """The deficit table's title and note: future tense up to a later horizon, present when
    the horizon is the base year."""
    if result.horizon <= result.base_year:
        return (
            t("reading_gap_table_now", lang),
            t("reading_gap_table_note_now", lang).format(year=result.horizon),
        )
    note = t("reading_gap_table_note_future", lang)
    return t("network_gap_table", lang), note.format(year=result.horizon, base=result.base_year)


def gap_table(result: proj.Projection, geo_level: str, lang: str) -> pd.DataFrame:
    """The areas short of seats at the horizon, by the year the deficit starts (a deficit
    already there in the base year says so), largest first within a year."""
    areas = result.areas
    short = areas[areas[proj.GAP] > 0]
    ordered = short.sort_values([proj.DEFICIT_YEAR, proj.GAP], ascending=[True, False])
    already = t("reading_deficit_already", lang)
    return pd.DataFrame(
        {
            t("site_barrio" if geo_level == "barrio" else "territory", lang): ordered[
                s.NAME
            ].to_numpy(),
            t("reading_deficit_year", lang): [
                already.format(year=year) if int(year) <= result.base_year else str(year)
                for year in ordered[proj.DEFICIT_YEAR]
            ],
            t("network_gap_short", lang).format(year=result.horizon): [
                signed(v, lang) for v in ordered[proj.GAP]
            ],
        }
    )


def farthest_table(result: acc.Access, territory_names: dict, lang: str) -> pd.DataFrame:
    """The 15 barrios and veredas farthest from a school with the level (metres or minutes),
    with their territory and the nearest school."""
    far = acc.farthest(result, 15)
    minutes = result.measure == "minutes"
    value = acc.MINUTES if minutes else acc.DISTANCE
    return pd.DataFrame(
        {
            t("network_minutes" if minutes else "network_distance", lang): [
                format_number(v, 0, lang) for v in far[value]
            ],
            t("site_barrio", lang): (
                far[s.NAME] + " (" + far[s.TERRITORY].map(territory_names).fillna("—") + ")"
            ).to_numpy(),
            t("network_nearest", lang): far[acc.NEAREST_NAME].to_numpy(),
        }
    )


def load_table(top: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The most loaded schools: load, school, children, seats and whether the seats are
    declared or the school's enrolment (a load on enrolment is less reliable)."""
    declared = {"cupos": t("reading_seats_declared", lang)}
    enrolled = t("reading_seats_enrolled", lang)
    return pd.DataFrame(
        {
            t("network_load", lang): [f"{format_number(100 * v, 0, lang)} %" for v in top[LOAD]],
            t("network_site", lang): top.get(s.SITE_NAME, top[s.SITE_CODE]).to_numpy(),
            t("network_children", lang): [format_number(v, 0, lang) for v in top[CHILDREN]],
            t("reading_catch_seats", lang): [
                f"{format_number(v, 0, lang)} ({declared.get(src, enrolled)})"
                for v, src in zip(top[proj.OFFERED], top[proj.SEAT_SOURCE], strict=True)
            ],
        }
    )
