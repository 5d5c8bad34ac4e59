"""The dropout-risk ranking worked out again from the demo's CSV files with plain pandas, by a
route independent of ``geo.analysis.risk`` (no site × year grid, no shared code), for the CLI
and browser tests to compare against."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
# component -> (count column, years summed, default weight), as Metodología documents them
PARTS = {
    "dropout": ("desertores", 3, 0.4),
    "failed": ("reprobados", 1, 0.2),
    "overage": ("extraedad", 1, 0.2),
    "no_internet": ("sin_internet", 1, 0.1),
    "no_computer": ("sin_computador", 1, 0.1),
}


def hand_ranking(year: int) -> pd.DataFrame:
    """Ranked sites of ``year`` (highest index first): codigo_dane, nombre, matricula, each
    component's rate with numerator and denominator, index, band."""
    counts = pd.read_csv(DEMO / "indicadores_sedes.csv", dtype={"codigo_dane": str})
    sites = pd.read_csv(DEMO / "sedes.csv", dtype={"codigo_dane": str, "codigo_comuna": str})
    now = counts[(counts["anio"] == year) & (counts["matricula"] > 0)].set_index("codigo_dane")
    table = pd.DataFrame({"matricula": now["matricula"]})
    weights = {}
    for part, (column, years, weight) in PARTS.items():
        if column not in counts or counts.loc[counts["anio"] == year, column].isna().all():
            continue
        window = counts[counts["anio"].between(year - years + 1, year)]
        window = window.dropna(subset=[column, "matricula"])
        sums = window.groupby("codigo_dane")[[column, "matricula"]].sum()
        table[f"{part}_num"] = sums[column]
        table[f"{part}_den"] = sums["matricula"]
        table[part] = sums[column] / sums["matricula"]
        weights[part] = weight
    table = table.dropna(subset=list(weights))
    total = sum(weights.values())
    table["index"] = 0.0
    for part, weight in weights.items():
        score = (table[part].rank() - 1) / (len(table) - 1)
        table["index"] += 100 * weight / total * score
    # equal indices (to 9 decimals: sums in another order differ in the last bits) by code
    table["tie"] = table["index"].round(9)
    table = table.reset_index().sort_values(["tie", "codigo_dane"], ascending=[False, True])
    table = table.merge(sites[["codigo_dane", "nombre", "codigo_comuna"]], how="left")
    high = -(-len(table) * 2 // 10)  # 20 %, rounded up
    table["band"] = (
        ["alto"] * high
        + ["medio"] * (-(-len(table) // 2) - high)
        + ["bajo"] * (len(table) - -(-len(table) // 2))
    )
    table.attrs["weights"] = {p: w / total for p, w in weights.items()}
    return table.reset_index(drop=True)
