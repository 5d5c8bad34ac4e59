"""The dropout-risk index by school site (issue 16), on small hand-made frames whose numbers can
be worked out on paper."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis import risk
from geo.model import schema as s


def facts(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    """One row per (site, year, counts...) with ``columns`` naming the counts; every site in
    territory ``01`` unless its code says otherwise (``02-...``)."""
    frame = pd.DataFrame(rows, columns=[s.SITE_CODE, s.YEAR, *columns])
    frame[s.SITE_NAME] = "Sede " + frame[s.SITE_CODE]
    frame[s.TERRITORY] = frame[s.SITE_CODE].str[:2]
    for column in columns:
        frame[column] = frame[column].astype("Float64")
    return frame


TWO = (s.ENROLLED, s.DROPOUTS, s.FAILED)


def test_index_equals_a_hand_computation_and_drops_missing_components():
    # A: dropout 10 %, failed 5 %; B: 5 %, 20 %; C: 2 %, 2 %. Only dropout (0.4) and failure
    # (0.2) are in the data: weights 2/3 and 1/3. Percentile scores (rank - 1) / (n - 1):
    # dropout A 1, B 0.5, C 0; failure A 0.5, B 1, C 0.
    frame = facts(
        [("01-a", 2024, 100, 10, 5), ("01-b", 2024, 200, 10, 40), ("01-c", 2024, 50, 1, 1)],
        TWO,
    )
    table = risk.site_risk(frame, 2024)
    assert table.attrs["weights"] == pytest.approx({"dropout": 2 / 3, "failed": 1 / 3})
    assert set(table.attrs["dropped"]) == {"overage", "no_internet", "no_computer"}
    assert list(table[s.SITE_CODE]) == ["01-a", "01-b", "01-c"]
    assert table["index"].tolist() == pytest.approx([100 * (2 / 3 + 1 / 6), 100 * 2 / 3, 0.0])
    assert table["rank"].tolist() == [1, 2, 3]
    # the top 20 % of 3 sites is 1 site (rounded up); the next 30 % up to half: 2 sites
    assert table["band"].tolist() == ["alto", "medio", "bajo"]
    assert table["dropout"].tolist() == pytest.approx([0.10, 0.05, 0.02])
    assert table["dropout_num"].tolist() == [10, 10, 1]
    assert table["dropout_den"].tolist() == [100, 200, 50]
    assert table["failed_score"].tolist() == pytest.approx([0.5, 1.0, 0.0])
    assert "overage" not in table


def test_weights_given_are_rescaled_over_the_components_present():
    frame = facts(
        [("01-a", 2024, 100, 10, 5), ("01-b", 2024, 200, 10, 40), ("01-c", 2024, 50, 1, 1)],
        TWO,
    )
    table = risk.site_risk(frame, 2024, weights={"dropout": 1, "failed": 3, "overage": 5})
    assert table.attrs["weights"] == pytest.approx({"dropout": 0.25, "failed": 0.75})
    # B: 0.25 × 0.5 + 0.75 × 1
    assert table.set_index(s.SITE_CODE).loc["01-b", "index"] == pytest.approx(87.5)
    with pytest.raises(ValueError, match="valid"):
        risk.site_risk(frame, 2024, weights={"nonsense": 1})


def test_dropout_sums_the_last_three_years_ending_in_the_year():
    frame = facts(
        [
            ("01-a", 2020, 100, 50, 0),  # four years back: outside the window
            ("01-a", 2022, 100, 10, 0),
            ("01-a", 2023, 300, 30, 0),
            ("01-a", 2024, 100, 0, 0),
            ("01-b", 2024, 100, 5, 0),
        ],
        TWO,
    )
    table = risk.site_risk(frame, 2024).set_index(s.SITE_CODE)
    assert table.loc["01-a", "dropout"] == pytest.approx(40 / 500)
    assert table.loc["01-a", "dropout_num"] == 40
    assert table.loc["01-a", "dropout_den"] == 500
    assert table.loc["01-b", "dropout"] == pytest.approx(0.05)


def test_ties_are_broken_by_dane_code_and_the_result_is_deterministic():
    rows = [(code, 2024, 100, 5, 5) for code in ("01-9", "01-2", "01-5", "01-1", "01-7")]
    frame = facts(rows, TWO)
    table = risk.site_risk(frame, 2024)
    assert list(table[s.SITE_CODE]) == ["01-1", "01-2", "01-5", "01-7", "01-9"]
    assert table["band"].tolist() == ["alto", "medio", "medio", "bajo", "bajo"]
    again = risk.site_risk(frame.sample(frac=1, random_state=3), 2024)
    pd.testing.assert_frame_equal(table, again)


def test_a_site_without_a_used_component_gets_no_index_and_comes_last():
    frame = facts(
        [("01-a", 2024, 100, 10, None), ("01-b", 2024, 100, 5, 1), ("01-c", 2024, 100, 1, 2)],
        TWO,
    )
    table = risk.site_risk(frame, 2024)
    assert list(table[s.SITE_CODE]) == ["01-b", "01-c", "01-a"]
    assert np.isnan(table["index"].iloc[-1])
    assert pd.isna(table["band"].iloc[-1]) and pd.isna(table["rank"].iloc[-1])
    # the two complete sites are scored between themselves
    assert table["index"].iloc[:2].tolist() == pytest.approx([100 * 2 / 3, 100 / 3])


def test_with_risk_adds_the_high_risk_enrolment_for_every_year():
    rows = []
    for year in (2023, 2024):
        for n in range(10):
            rows.append((f"0{1 + n % 2}-{n}", year, 100 + 10 * n, n + (year - 2023) * n, n % 3))
    frame = facts(rows, TWO)
    frame.loc[len(frame)] = [None, 2024, 5, 1, 0, None, "01"]  # a territory's row: no site
    out = risk.with_risk(frame)
    assert len(out) == len(frame)
    for year in (2023, 2024):
        table = risk.site_risk(frame, year)
        high = table[table["band"] == "alto"]
        assert len(high) == 2  # 20 % of 10
        rows_year = out[(out[s.YEAR] == year) & out[s.SITE_CODE].notna()]
        assert rows_year[s.ENROLLED_HIGH_RISK].sum() == high[s.ENROLLED].sum()
        by_territory = rows_year.groupby(s.TERRITORY)[s.ENROLLED_HIGH_RISK].sum()
        hand = high.groupby(s.TERRITORY)[s.ENROLLED].sum().reindex(by_territory.index, fill_value=0)
        assert by_territory.tolist() == hand.tolist()
        assert set(rows_year[s.ENROLLED_HIGH_RISK].unique()) <= set(high[s.ENROLLED]) | {0}
    assert pd.isna(out[s.ENROLLED_HIGH_RISK].iloc[-1])  # the territory's row


def test_with_risk_without_enrolment_adds_an_empty_column():
    frame = pd.DataFrame({s.SITE_CODE: ["1"], s.YEAR: [2024], s.NO_INTERNET: [3.0]})
    out = risk.with_risk(frame)
    assert out[s.ENROLLED_HIGH_RISK].isna().all()


def test_validation_equals_an_independent_spearman_and_share():
    rng = np.random.default_rng(7)
    rows = []
    for n in range(40):
        base = rng.uniform(0.01, 0.2)
        for year in (2022, 2023, 2024):
            enrolled = int(rng.integers(80, 400))
            dropouts = int(enrolled * base * rng.uniform(0.5, 1.5))
            rows.append((f"01-{n:02d}", year, enrolled, dropouts, int(enrolled * base / 2)))
    frame = facts(rows, TWO)
    figures = risk.validate(frame)
    assert figures["year"].tolist() == [2022, 2023]
    scipy_stats = pytest.importorskip("scipy.stats")
    for row in figures.itertuples():
        now = risk.site_risk(frame, row.year).set_index(s.SITE_CODE)
        following = frame[frame[s.YEAR] == row.year + 1].set_index(s.SITE_CODE)
        rate = following[s.DROPOUTS].astype(float) / following[s.ENROLLED].astype(float)
        both = now.index.intersection(rate.index)
        expected = scipy_stats.spearmanr(now.loc[both, "index"], rate[both]).statistic
        assert row.spearman == pytest.approx(expected)
        assert row.spearman == pytest.approx(now.loc[both, "index"].rank().corr(rate[both].rank()))
        high = now.index[now["band"] == "alto"]
        dropouts = following[s.DROPOUTS].astype(float)
        assert row.dropouts_caught == pytest.approx(dropouts[high].sum() / dropouts[both].sum())
        assert row.sites == len(both)
    assert figures["spearman"].gt(0.3).all()  # a persistent site effect is found again


def test_with_risk_index_replaces_the_facts_of_a_dataset():
    from tiny_city import city, lattice

    dataset = city(lattice(1, 2), {("0000", 2024): [(100, 5), (50, 1)], ("0001", 2024): [(80, 9)]})
    enriched = risk.with_risk_index(dataset)
    assert s.ENROLLED_HIGH_RISK not in dataset.facts
    assert enriched.facts[s.ENROLLED_HIGH_RISK].sum() == 80  # 1 of 3 sites: the 9/80 one
    assert replace(enriched, facts=dataset.facts).facts is dataset.facts
    assert risk.with_risk_index(enriched) is enriched  # already there: computed once


def test_the_city_of_the_demo_has_an_index_for_every_year(demo):
    facts_ = risk.with_risk(demo.facts)
    for year in demo.years:
        table = risk.site_risk(demo.facts, year)
        assert (table[s.ENROLLED] > 0).all()
        lacking = table[list(table.attrs["weights"])].isna().any(axis=1)
        assert table["index"].isna().tolist() == lacking.tolist()  # the demo's gaps
        assert lacking.sum() < 0.05 * len(table)
        assert facts_.loc[facts_[s.YEAR] == year, s.ENROLLED_HIGH_RISK].notna().any()


def test_prioridad_lists_the_filtered_sites_with_their_city_rank(demo) -> None:
    from streamlit.testing.v1 import AppTest

    from geo.model.territories import BY_CODE

    app = str(Path(__file__).resolve().parents[1] / "app.py")
    at = AppTest.from_file(app, default_timeout=120)
    at.query_params.update({"lang": "en", "zone": "corregimientos", "f.sector": "Oficial"})
    at.run()
    at.switch_page("pages/prioridad.py").run()
    assert not at.exception
    assert "Dropout risk by school site" in [h.value for h in at.subheader]
    assert any("ranks schools, not students" in m.value for m in at.markdown)
    from html_tables import tables

    ranking = tables(at)[-1]
    city = risk.site_risk(demo.facts, max(demo.years))
    rural = city[s.TERRITORY].map(lambda c: BY_CODE[c].kind == "corregimiento" if c else False)
    kept = city[(city[s.SECTOR] == "Oficial") & rural.astype(bool)]
    assert 0 < len(ranking) == len(kept) < len(city)
    # the city's ranks, not 1, 2, 3...: a filter picks sites from the city's ranking
    assert [int(r) for r in ranking["Rank"] if r] == kept["rank"].dropna().tolist()
    assert ranking["Site"].tolist() == kept[s.SITE_NAME].tolist()


def test_data_without_enrolment_gives_no_index_and_no_error() -> None:
    from tiny_city import city, lattice

    dataset = city(lattice(1, 2), {("0000", 2024): [(None, 5)], ("0001", 2024): [(None, 9)]})
    enriched = risk.with_risk_index(dataset)
    assert enriched.facts[s.ENROLLED_HIGH_RISK].isna().all()
    sites = risk.risk_sites(enriched, 2024, {s.SECTOR: ["Oficial"]}, "")
    assert sites.empty and sites.attrs["weights"] == {}
    assert risk.risk_sites(enriched, 1990).empty  # a year the data does not have
    assert risk.validate(enriched.facts).empty


def test_equal_indices_summed_in_another_order_tie_by_code() -> None:
    # A and B reach the same index through different scores (dropout 1 and failure 0, or the
    # other way round): floating-point sums of them may differ in the last bit; they tie.
    weights = {"dropout": 0.15, "failed": 0.15, "overage": 0.7}
    rows = [
        ("01-b", 2024, 100, 1, 3, 2),  # dropout lowest, failed highest, overage middle
        ("01-a", 2024, 100, 3, 1, 2),  # dropout highest, failed lowest, overage middle
        ("01-c", 2024, 100, 2, 2, 1),
        ("01-d", 2024, 100, 2, 2, 3),
    ]
    frame = facts(rows, (s.ENROLLED, s.DROPOUTS, s.FAILED, s.OVERAGE))
    table = risk.site_risk(frame, 2024, weights=weights).set_index(s.SITE_CODE)
    assert table.loc["01-a", "index"] == pytest.approx(table.loc["01-b", "index"])
    assert table.loc["01-a", "rank"] + 1 == table.loc["01-b", "rank"]


def test_the_city_share_in_high_risk_sites_is_over_the_ranked_sites_enrolment(demo) -> None:
    """Prioridad's sentence and Mapa's city value divide the same way (they differed by the
    enrolment of the sites without an index: 26,1 % against 26,5 %)."""
    from geo.analysis.aggregate import aggregated
    from geo.analysis.risk import site_risk, with_risk_index
    from geo.model.catalogue import get_indicator

    dataset = with_risk_index(demo)
    risk = site_risk(dataset.facts, 2024)
    ranked = risk[risk["rank"].notna()]
    share = ranked.loc[ranked["band"] == "alto", "matricula"].sum() / ranked["matricula"].sum()
    city = aggregated(dataset, get_indicator("dropout_risk"), 2024, "ciudad").iloc[0]
    assert city["value"] == pytest.approx(share)
    assert city["n_sites"] == len(ranked)
