"""Red escolar (issue 18): demand and seats to the horizon year by level, the seat gap, the
distance from each barrio/vereda to a school with the level, and the schools' catchments."""

import pandas as pd
import streamlit as st

import pages as common
from geo.analysis import access as acc
from geo.analysis import projection as proj
from geo.analysis.catchments import CHILDREN, LOAD, catchments, overloaded
from geo.analysis.levels import shapes
from geo.errors import DataError
from geo.export import MEDIA_TYPES
from geo.export import network as export
from geo.model import schema as s
from geo.model.formatting import escape_markdown, format_number
from geo.model.i18n import t, t_n
from geo.model.messages import msg
from geo.render.display import map_geometry
from geo.render.networkmaps import access_map, catchments_map, gap_map

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
    key = ("red_escolar", level, geo_level, horizon, target, sites)
    return dataset.remember(
        key,
        lambda: proj.project(
            dataset, level, geo_level=geo_level, horizon=horizon, target=target, sites=sites
        ),
    )


try:
    current = _projection(None)
    failure = None
except DataError as error:
    current, failure = None, error
with columns[2]:
    now = (
        "—"
        if current is None or current.coverage is None
        else f"{number(100 * current.coverage, 1)} %"
    )
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
controls = st.columns([4, 2, 2])
with controls[0]:
    chosen = common.url_choice(
        "red_mapa",
        MAPS,
        t("network_map", lang),
        lambda key: t(f"network_map_{key}", lang),
        horizontal=True,
    )
source = dataset.source_line


def _threshold(key: str, zone: str, label: str) -> float:
    """A threshold that lives in the URL under ``key`` (absent: the default): metres, or
    minutes when the dataset brings a travel-time table."""
    minutes = dataset.travel_times is not None
    defaults = acc.DEFAULT_THRESHOLDS_MIN if minutes else acc.DEFAULT_THRESHOLDS_M
    default = int(defaults[zone])
    low, high, step = (1, 600, 5) if minutes else (100, 50_000, 100)
    if minutes:
        label = label.replace("(m)", "(min)")
    given = st.query_params.get(key)
    start = (
        int(given)
        if given is not None and given.isdigit() and low <= int(given) <= high
        else default
    )
    value = st.number_input(
        label,
        min_value=low,
        max_value=high,
        value=start,
        step=step,
        key=common.widget_key(f"red_{key}", lang),
    )
    if value != default:
        st.query_params[key] = str(int(value))
    elif key in st.query_params:
        del st.query_params[key]
    return float(value)


def _downloads(table, meta: dict, stem: str, command: str) -> None:
    with st.expander(t("network_downloads", lang), icon=":material/download:"):
        buttons = st.columns(4)
        for column, (fmt, suffix) in zip(
            buttons,
            (
                ("geojson", ".geojson"),
                ("gpkg", ".gpkg"),
                ("csv-excel-es", ".csv"),
                ("xlsx", ".xlsx"),
            ),
            strict=True,
        ):
            column.download_button(
                fmt.upper() if fmt != "csv-excel-es" else "CSV (Excel es)",
                lambda fmt=fmt: export.write(table, meta, fmt),
                stem + ("_excel-es" if fmt == "csv-excel-es" else "") + suffix,
                MEDIA_TYPES[suffix],
                key=f"red_download_{chosen}_{fmt}",
                on_click="ignore",
            )
        st.caption(t("network_cli", lang))
        st.code(command, language="bash")


def _show_gap() -> None:
    if failure is not None:
        st.warning(failure.message(lang))
        return
    target = None if target_key == "actual" else float(target_key)
    try:
        result = _projection(target)
    except DataError as error:
        st.warning(error.message(lang))
        return
    areas = result.areas
    short = areas[areas[proj.GAP] > 0]
    metrics = st.columns(4)
    metrics[0].metric(
        t("network_city_needed", lang).format(year=horizon), number(areas[proj.NEEDED].sum())
    )
    metrics[1].metric(t("network_offered", lang), number(areas[proj.OFFERED].sum()))
    metrics[2].metric(t("network_gap", lang), _signed(areas[proj.GAP].sum()))
    metrics[3].metric(t_n("network_city_gap", len(short), lang), f"{len(short)} / {len(areas)}")
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        parts = gap_map(
            result,
            lang,
            source=source,
            demo=dataset.is_demo,
            geometry=map_geometry(dataset, geo_level),
            areas=shapes(dataset, geo_level),
        )
        common.show_map(parts, key="red_escolar_gap", height=560)
    with table_column:
        st.markdown(f"**{t('network_gap_table', lang)}**")
        ordered = short.sort_values([proj.DEFICIT_YEAR, proj.GAP], ascending=[True, False])
        st.dataframe(
            pd.DataFrame(
                {
                    t("site_barrio" if geo_level == "barrio" else "territory", lang): ordered[
                        s.NAME
                    ],
                    t("network_year_short", lang): ordered[proj.DEFICIT_YEAR].astype(str),
                    t("network_gap_short", lang).format(year=horizon): [
                        _signed(v) for v in ordered[proj.GAP]
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(ordered)),
        )
        st.caption(t("network_gap_table_note", lang).format(year=horizon))
    target_text = f"{number(100 * result.target, 1)} %"
    st.caption(t("network_gap_note", lang).format(target=target_text, base=result.base_year))
    for note in result.notes:
        st.caption(note.render(lang))
    query = "&".join(f"{k}={v}" for k, v in st.query_params.items())
    table = export.projection_table(result, shapes(dataset, geo_level))
    meta = export.projection_metadata(result, dataset, lang, query)
    command = (
        f"python -m geo network --education-level {level} --horizon {horizon} "
        f"--level {geo_level} --sites {sites}"
        + ("" if target is None else f" --coverage-target {target:g}")
        + f" -o red_{level}_{horizon}.geojson"
    )
    _downloads(table, meta, f"red_{level}_{horizon}", command)


def _height(rows: int) -> int:
    """A table's height in pixels: its rows, up to 15 of them, without empty rows below."""
    return 38 + 35 * max(1, min(rows, 15))


def _signed(value: float) -> str:
    rounded = round(float(value))
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + number(abs(rounded))


def _access(thresholds: dict[str, float]) -> acc.Access:
    key = ("red_escolar_access", level, sites, tuple(sorted(thresholds.items())))
    return dataset.remember(
        key,
        lambda: acc.access(
            dataset, level, sites=sites, thresholds=thresholds, thresholds_min=thresholds
        ),
    )


def _show_access(thresholds: dict[str, float]) -> None:
    result = _access(thresholds)
    if not len(result.sites):
        st.warning(msg("network_no_sites", level=level).render(lang))
        return
    beyond = result.barrios[result.barrios[acc.BEYOND_FLAG]]
    metrics = st.columns(3)
    share = result.city_share
    metrics[0].metric(
        t("network_city_beyond" if result.weighted else "network_barrios_beyond", lang),
        "—" if share != share else f"{number(100 * share, 1)} %",
        help=t("network_beyond_help", lang).format(
            urban=number(thresholds["urbano"]), rural=number(thresholds["rural"])
        ),
    )
    metrics[1].metric(t("network_barrios_beyond", lang), f"{len(beyond)} / {len(result.barrios)}")
    metrics[2].metric(t("network_sites_count", lang), number(len(result.sites)))
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        parts = access_map(
            result,
            lang,
            source=source,
            demo=dataset.is_demo,
            geometry=map_geometry(dataset, "barrio"),
        )
        common.show_map(parts, key="red_escolar_access", height=560)
    with table_column:
        st.markdown(f"**{t('network_farthest', lang)}**")
        far = acc.farthest(result, 15)
        territory_names = dict(
            zip(dataset.territories[s.CODE], dataset.territories[s.NAME], strict=True)
        )
        minutes = result.measure == "minutes"
        value = acc.MINUTES if minutes else acc.DISTANCE
        st.dataframe(
            pd.DataFrame(
                {
                    t("network_minutes" if minutes else "network_distance", lang): [
                        number(v) for v in far[value]
                    ],
                    t("site_barrio", lang): far[s.NAME]
                    + " ("
                    + far[s.TERRITORY].map(territory_names).fillna("—")
                    + ")",
                    t("network_nearest", lang): far[acc.NEAREST_NAME],
                }
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(far)),
        )
    st.markdown(t("network_straight_line", lang))
    if not result.weighted:
        st.caption(t("network_share_count_note", lang))
    for note in result.notes:
        st.caption(note.render(lang))
    query = "&".join(f"{k}={v}" for k, v in st.query_params.items())
    table = export.access_table(result)
    meta = export.access_metadata(result, dataset, lang, query)
    command = (
        f"python -m geo access --education-level {level} --sites {sites} "
        f"--threshold-m {thresholds['urbano']:g} --rural-threshold-m {thresholds['rural']:g} "
        f"-o acceso_{level}.geojson"
    )
    _downloads(table, meta, f"acceso_{level}", command)


def _show_catchments(thresholds: dict[str, float]) -> None:
    access_result = _access(thresholds)
    if not len(access_result.sites):
        st.warning(msg("network_no_sites", level=level).render(lang))
        return
    target = None if target_key == "actual" else float(target_key)
    coverage = target if target is not None else (current.target if current else 1.0)
    key = ("red_escolar_catchments", level, sites, coverage, tuple(sorted(thresholds.items())))
    result = dataset.remember(key, lambda: catchments(dataset, access_result, coverage))
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        parts = catchments_map(result, lang, source=source, demo=dataset.is_demo)
        common.show_map(parts, key="red_escolar_catchments", height=560)
    with table_column:
        top = overloaded(result, 15)
        st.dataframe(
            pd.DataFrame(
                {
                    t("network_load", lang): [f"{number(100 * v)} %" for v in top[LOAD]],
                    t("network_site", lang): top.get(s.SITE_NAME, top[s.SITE_CODE]),
                    t("network_children", lang): [number(v) for v in top[CHILDREN]],
                    t("network_offered", lang): [number(v) for v in top[proj.OFFERED]],
                }
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(top)),
        )
    st.caption(t("network_catchments_note", lang))


if chosen == "gap":
    _show_gap()
else:
    with controls[1]:
        urban = _threshold("red_umbral_u", "urbano", t("network_threshold_urban", lang))
    with controls[2]:
        rural = _threshold("red_umbral_r", "rural", t("network_threshold_rural", lang))
    thresholds = {"urbano": urban, "rural": rural}
    if chosen == "access":
        _show_access(thresholds)
    else:
        _show_catchments(thresholds)
st.caption(escape_markdown(source))
