"""Comparar: change between two years, two maps side by side with the same breaks, bivariate."""

from dataclasses import replace

import streamlit as st

import pages as common
from geo.analysis.choropleth import (
    Status,
    compute,
    filters_sentence,
    shared_breaks,
    with_estimate,
)
from geo.analysis.clusters import MIN_UNITS, TooFewUnits, local_moran
from geo.analysis.compare import bivariate, change
from geo.model import schema as s
from geo.model.catalogue import INDICATORS
from geo.model.formatting import format_number
from geo.model.i18n import t, t_n
from geo.model.view import make_filters
from geo.render.basemap import add_basemap
from geo.render.comparemaps import build_bivariate_map, build_change_map, build_cluster_map
from geo.render.display import map_geometry
from geo.render.maps import choropleth_map

dataset, view = common.current()
lang = view.lang
source = dataset.source_text(lang)
common.page_header(t("page_compare", lang), dataset, view)

modes = {
    "change": "mode_change",
    "side": "mode_side",
    "bivariate": "mode_bivariate",
    "clusters": "mode_clusters",
}
mode = common.url_choice(
    "cmp", list(modes), t("compare_mode", lang), lambda m: t(modes[m], lang), horizontal=True
)
years = list(dataset.years)
MAP_HEIGHT = 560
geometry = map_geometry(dataset, view.level)


def on_estimate(*views) -> bool:
    """Whether a coverage drawn rests on a population estimated from totals."""
    return any(compute(dataset, v).population_estimated for v in views)


def draw(parts, key: str) -> None:
    add_basemap(parts.base, view.basemap, lang)  # change, clusters, bivariate: as the others
    common.show_map(parts, key=key, height=MAP_HEIGHT)


if mode == "change":
    if len(years) < 2:
        st.info(t("one_year_only", lang))
        st.stop()
    left, right = st.columns(2)
    with left:
        year_a = common.url_choice("from", years, t("from_year", lang), str, default=years[0])
    with right:
        later = [y for y in years if y > year_a] or years[-1:]
        year_b = common.url_choice("to", later, t("to_year", lang), str, default=later[-1])
    cm = change(dataset, view, year_a, year_b)
    sentence = filters_sentence(replace(view, year=year_b), lang).rsplit(", ", 1)[0]
    subtitle = f"{sentence}, {year_a} → {year_b}" if view.filters else f"{year_a} → {year_b}"
    draw(
        build_change_map(
            cm,
            lang,
            subtitle=subtitle,
            demo=dataset.is_demo,
            source=with_estimate(
                source, on_estimate(replace(view, year=year_a), replace(view, year=year_b)), lang
            ),
            geometry=geometry,
        ),
        "cambio",
    )
    st.caption(t("change_note", lang))

elif mode == "side":
    by = common.url_choice(
        "by",
        ["year", "sector"],
        t("compare_by", lang),
        lambda b: t(f"by_{b}", lang),
        horizontal=True,
    )
    if by == "year":
        other = [y for y in years if y != view.year] or years
        second_year = common.url_choice(
            "year2", other, t("second_year", lang), str, default=other[0]
        )
        first, second = view, replace(view, year=second_year)
    else:
        sectors = list(dataset.filter_values().get(s.SECTOR, ()))
        if len(sectors) < 2:
            st.info(t("one_sector_only", lang))
            st.stop()
        left, right = st.columns(2)
        with left:
            sector_a = common.url_choice("sector_a", sectors, t("first_sector", lang), str)
        with right:
            rest = [x for x in sectors if x != sector_a]
            sector_b = common.url_choice("sector_b", rest, t("second_sector", lang), str)
        others = {k: v for k, v in view.filter_dict.items() if k != s.SECTOR}
        first = replace(view, filters=make_filters({**others, s.SECTOR: [sector_a]}))
        second = replace(view, filters=make_filters({**others, s.SECTOR: [sector_b]}))
    a, b = shared_breaks(dataset, first, second)
    for column, choropleth, key in zip(
        st.columns(2), (a, b), ("izquierdo", "derecho"), strict=True
    ):
        with column:
            sentence = filters_sentence(choropleth.view, lang)
            st.markdown(f"**{a.indicator.label(lang)} · {sentence}**")
            fmap = choropleth_map(choropleth, dataset, lang)
            draw(fmap, f"lado_{key}")
    st.caption(t("same_breaks_note", lang))

elif mode == "clusters":
    choropleth = compute(dataset, view)
    try:
        clusters = local_moran(choropleth)
    except TooFewUnits:
        count = int((choropleth.areas["status"] == Status.OK).sum())
        st.info(t_n("lisa_too_few", count, lang, min=MIN_UNITS), icon=":material/info:")
        query = {**{k: st.query_params.get_all(k) for k in st.query_params}, "scheme": "box_plot"}
        query.pop("cmp", None)
        st.page_link(
            "pages/mapa.py",
            label=t("lisa_box_link", lang),
            icon=":material/map:",
            query_params=query,
        )
        st.stop()
    fmap = build_cluster_map(
        clusters,
        choropleth.indicator.label(lang),
        lang,
        subtitle=filters_sentence(view, lang),
        demo=dataset.is_demo,
        source=with_estimate(source, choropleth.population_estimated, lang),
        geometry=geometry,
    )
    draw(fmap, "agrupamientos")
    st.caption(
        t("lisa_global", lang).format(
            i=format_number(clusters.global_i, 2, lang), p=format_number(clusters.global_p, 3, lang)
        )
    )

else:
    candidates = [i for i in dataset.available_indicators() if i != view.indicator]
    if not candidates:
        st.info(t("one_indicator_only", lang))
        st.stop()
    default = "dropout" if "dropout" in candidates else candidates[0]
    other = common.url_choice(
        "ind2",
        candidates,
        t("second_indicator", lang),
        lambda i: INDICATORS[i].label(lang),
        default=default,
    )
    bv = bivariate(dataset, view, other)
    fmap = build_bivariate_map(
        bv,
        lang,
        subtitle=filters_sentence(view, lang),
        demo=dataset.is_demo,
        source=with_estimate(source, on_estimate(view, view.with_indicator(other)), lang),
        geometry=geometry,
    )
    draw(fmap, "bivariado")
    worst = bv.areas[bv.areas["klass"] == 8][s.NAME].tolist()
    if worst:
        st.markdown(f"**{t('act_first', lang)}** " + ", ".join(map(common.escape_markdown, worst)))
