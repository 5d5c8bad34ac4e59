"""Prioridad's ranking as the page shows it: text in the page's language, a dash where an
area has no index (tested without Streamlit)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from geo.analysis.choropleth import Choropleth, Status
from geo.analysis.priority import PRIORITY
from geo.model import schema as s
from geo.model.formatting import format_number
from geo.model.i18n import t


def priority_table(
    choropleth: Choropleth, short_name: Callable[[str], str], lang: str
) -> pd.DataFrame:
    """The areas (a zone's only) from the highest index down, those without one last: rank,
    name, index and each indicator's contribution, headed by its short name and weight."""
    areas = choropleth.areas
    ordered = areas[areas["status"] != Status.OUTSIDE]
    ordered = ordered.sort_values("value", ascending=False, na_position="last")
    ranked = ordered["value"].notna().to_numpy()
    table = pd.DataFrame(
        {
            t("rank", lang): [
                str(position + 1) if has else "—" for position, has in enumerate(ranked)
            ],
            t("territory", lang): ordered[s.NAME].to_numpy(),
            PRIORITY.label(lang): [format_number(v, 2, lang) for v in ordered["value"]],
            **{
                f"{short_name(i)} ({round(100 * w)} %)": [
                    format_number(v, 2, lang) for v in ordered[f"part_{i}"]
                ]
                for i, w in choropleth.notes["weights"].items()
            },
        }
    )
    return table.replace({"Sin datos": "—", "No data": "—"})
