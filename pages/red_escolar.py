"""Red escolar (issue 18): demand and seats to the horizon year by level, the seat gap, the
distance from each barrio/vereda to a school with the level, and the schools' catchments."""

import streamlit as st

import pages as common
from geo.analysis import access as acc
from geo.analysis import projection as proj
from geo.analysis.catchments import catchments, overloaded
from geo.analysis.catchments import summary as catchment_summary
from geo.analysis.levels import shapes
from geo.errors import DataError
from geo.export import network as export
from geo.model import schema as s
from geo.model.formatting import escape_markdown, format_number
from geo.model.i18n import t, t_n
from geo.model.messages import msg
from geo.render.display import map_geometry
from geo.render.networkmaps import access_map, catchments_map, gap_map
from geo.render.networktables import farthest_table, gap_heading, gap_table, load_table, signed
from pages._shell.downloads import table_downloads
from pages._shell.tables import map_beside_table

dataset, view = common.current()
lang = view.lang
common.page_header(t("page_network", lang), dataset, view)
st.markdown(t("network_intro", lang))

horizons = proj.projection_years(dataset)
if dataset.barrios is None or not horizons:
    st.info(t("network_unavailable", lang).format(reason=msg("network_fix").render(lang)))
    st.stop()

TARGETS = ["actual", "0.9", "0.95", "1"]
MAPS = ["gap", "access", "catchments"]
number = lambda value, decimals=0: format_number(value, decimals, lang)  # noqa: E731
percent = lambda value: f"{number(100 * value, 1)} %"  # noqa: E731

columns = st.columns([3, 2, 3, 2])
with columns[0]:
    level = common.url_choice(
        "red_nivel",
        list(s.EDUCATION_LEVELS),
        t("network_edu_level", lang),
        lambda key: t(f"network_level_{key}", lang),
        default=view.education_level or "primaria",
    )
with columns[1]:
    horizon = common.url_choice(
        "red_h",
        list(horizons),
        t("network_horizon", lang),
        default=proj.DEFAULT_HORIZON if proj.DEFAULT_HORIZON in horizons else horizons[-1],
    )
with columns[3]:
    sites = common.url_choice(
        "red_sedes",
        list(proj.SITE_CHOICES),
        t("network_sites", lang),
        lambda key: t(f"network_sites_{key}", lang),
    )
geo_level = view.level if view.level in proj.GEO_LEVELS else "territorio"


def _projection(target: float | None) -> proj.Projection:
    return proj.project_once(
        dataset, level, geo_level=geo_level, horizon=horizon, target=target, sites=sites
    )


try:
    current, failure = _projection(None), None
except DataError as error:
    current, failure = None, error
with columns[2]:
    now = "—" if current is None or current.coverage is None else percent(current.coverage)
    target_key = common.url_choice(
        "red_meta",
        TARGETS,
        t("network_target", lang),
        lambda key: (
            t("network_target_current", lang).format(value=now)
            if key == "actual"
            else f"{number(100 * float(key))} %"
        ),
    )
target = None if target_key == "actual" else float(target_key)
controls = st.columns([4, 2, 2])
with controls[0]:
    chosen = common.url_choice(
        "red_mapa",
        MAPS,
        t("network_map", lang),
        lambda key: t(f"network_map_{key}", lang),
        horizontal=True,
    )
source = dataset.source_text(lang)
query = lambda: "&".join(f"{k}={v}" for k, v in st.query_params.items())  # noqa: E731


def _threshold(key: str, zone: str, label: str) -> float:
    """A threshold in the link under ``key`` (absent: the default), in metres, or minutes
    when the dataset brings a travel-time table."""
    minutes = dataset.travel_times is not None
    start, default, low, high, step = acc.threshold_setting(st.query_params.get(key), zone, minutes)
    label = label.replace("(m)", "(min)") if minutes else label
    return float(
        common.url_number(
            key, label, start, low, high, step=step, unset=default, widget=f"red_{key}"
        )
    )


def _downloads(what: str, table, meta: dict, stem: str, command: str = "") -> None:
    """The files of one view: ``table()`` is made when a file is clicked, not on every run
    (the gap's table with its shapes took 0.06 s)."""
    table_downloads(
        t(f"reading_downloads_{what}", lang),
        lambda fmt: export.write(table(), meta, fmt),
        stem,
        key=f"red_download_{what}",
        command=command,
        command_caption=t("network_cli", lang),
    )


def _show_gap() -> None:
    if failure is not None:
        st.warning(failure.message(lang))
        return
    try:
        result = _projection(target)
    except DataError as error:
        st.warning(error.message(lang))
        return
    areas = result.areas
    short = int((areas[proj.GAP] > 0).sum())
    metrics = st.columns(4)
    metrics[0].metric(
        t("network_city_needed", lang).format(year=horizon), number(areas[proj.NEEDED].sum())
    )
    metrics[1].metric(t("network_offered", lang), number(areas[proj.OFFERED].sum()))
    metrics[2].metric(t("network_gap", lang), signed(areas[proj.GAP].sum(), lang))
    metrics[3].metric(t_n("network_city_gap", short, lang), f"{short} / {len(areas)}")
    heading, note = gap_heading(result, lang)
    parts = gap_map(
        result,
        lang,
        source=source,
        demo=dataset.is_demo,
        geometry=map_geometry(dataset, geo_level),
        areas=shapes(dataset, geo_level),
    )
    show = lambda: common.show_map(parts, key="red_escolar_gap", height=560)  # noqa: E731
    map_beside_table(show, gap_table(result, geo_level, lang), heading)
    st.caption(note)
    st.caption(
        t("network_gap_note", lang).format(target=percent(result.target), base=result.base_year)
    )
    for item in result.notes:
        st.caption(item.render(lang))
    command = export.network_command(level, horizon, geo_level, sites, target)
    meta = export.projection_metadata(result, dataset, lang, query())
    table = lambda: export.projection_table(result, shapes(dataset, geo_level))  # noqa: E731
    _downloads("gap", table, meta, f"red_{level}_{horizon}", command)


def _show_access(result: acc.Access, thresholds: dict[str, float]) -> None:
    beyond = result.barrios[result.barrios[acc.BEYOND_FLAG]]
    metrics = st.columns(3)
    share = result.city_share
    metrics[0].metric(
        t("network_city_beyond" if result.weighted else "network_barrios_beyond", lang),
        "—" if share != share else percent(share),
        help=t("network_beyond_help", lang).format(
            urban=number(thresholds["urbano"]), rural=number(thresholds["rural"])
        ),
    )
    metrics[1].metric(t("network_barrios_beyond", lang), f"{len(beyond)} / {len(result.barrios)}")
    metrics[2].metric(t("network_sites_count", lang), number(len(result.sites)))
    names = dict(zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=True))
    table = farthest_table(result, names, lang)
    parts = access_map(
        result, lang, source=source, demo=dataset.is_demo, geometry=map_geometry(dataset, "barrio")
    )
    show = lambda: common.show_map(parts, key="red_escolar_access", height=560)  # noqa: E731
    # the number last, beside the table's edge
    map_beside_table(
        show, table[[*table.columns[1:], table.columns[0]]], t("network_farthest", lang)
    )
    st.markdown(t("network_straight_line", lang))
    if not result.weighted:
        st.caption(t("network_share_count_note", lang))
    for item in result.notes:
        st.caption(item.render(lang))
    command = export.access_command(level, sites, thresholds)
    meta = export.access_metadata(result, dataset, lang, query())
    _downloads("access", lambda: export.access_table(result), meta, f"acceso_{level}", command)


def _show_catchments(access_result: acc.Access, thresholds: dict[str, float]) -> None:
    coverage = target if target is not None else (current.target if current else 1.0)
    key = ("red_escolar_catchments", level, sites, coverage, tuple(sorted(thresholds.items())))
    result = dataset.remember(key, lambda: catchments(dataset, access_result, coverage))
    figures = catchment_summary(result)
    metrics = st.columns(4)
    metrics[0].metric(t("reading_catch_sites", lang), number(figures["sites"]))
    metrics[1].metric(t("reading_catch_over", lang), number(figures["over_100"]))
    metrics[2].metric(t("reading_catch_far_over", lang), number(figures["over_150"]))
    median = figures["median_load"]
    metrics[3].metric(t("reading_catch_median", lang), "—" if median != median else percent(median))
    table = load_table(overloaded(result, 15), lang)
    map_beside_table(
        lambda: common.show_map(
            catchments_map(result, lang, source=source, demo=dataset.is_demo),
            key="red_escolar_catchments",
            height=560,
        ),
        table[[*table.columns[1:], table.columns[0]]],  # the load last, beside its seats
        t("reading_catch_table", lang),
    )
    st.markdown(t("reading_catch_explained", lang))
    st.caption(t("network_catchments_note", lang))
    meta = export.catchments_metadata(result, coverage, dataset, lang, query())
    table = lambda: export.catchments_table(result)  # noqa: E731
    _downloads("catchments", table, meta, f"areas_{level}_{horizon}")


if chosen == "gap":
    _show_gap()
else:
    with controls[1]:
        urban = _threshold("red_umbral_u", "urbano", t("network_threshold_urban", lang))
    with controls[2]:
        rural = _threshold("red_umbral_r", "rural", t("network_threshold_rural", lang))
    thresholds = {"urbano": urban, "rural": rural}
    access_result = acc.access_once(dataset, level, sites, thresholds)
    if not len(access_result.sites):
        st.warning(msg("network_no_sites", level=level).render(lang))
    elif chosen == "access":
        _show_access(access_result, thresholds)
    else:
        _show_catchments(access_result, thresholds)
st.caption(escape_markdown(source))
