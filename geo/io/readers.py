"""Readers: the files people have, turned into frames; nothing is interpreted here yet.

Vector layers: GeoJSON (with or without a ``crs`` member or a BOM), GeoJSON Lines, TopoJSON,
GeoPackage (the layer that fits the role, or the one named), FlatGeobuf, KML and KMZ (every
Placemark of every Folder) and zipped shapefiles with any folder layout inside the zip, read
through GDAL without extracting anything. Geometries with NaN or infinite coordinates are set
aside (their positions are kept for the report) instead of stopping the layer.
Tables: CSV as Excel writes it in Spanish locales (``;``, decimal comma, Latin-1 or
UTF-8 with BOM), plain CSV, XLSX, JSON records, and the attributes of vector layers. Every
cell of a table is read as text, so DANE codes keep their leading zeros; numbers are parsed
later, column by column, with :func:`to_numbers`.

Every reader raises :class:`geo.errors.DataError` naming the file and the fix when the file
cannot be read at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS
from shapely.errors import GEOSException

from geo.errors import DataError
from geo.io.crs import CrsDecision, UnknownCrs, declared_geojson_crs, to_wgs84
from geo.model.messages import Msg, msg

MAX_UNCOMPRESSED_BYTES: Final = 500 * 1024 * 1024  # refuse zips that expand beyond this
GEOJSON_HEAD_BYTES: Final = 8192  # where a GeoJSON's legacy ``crs`` member is looked for
_VECTOR_IN_ZIP: Final = (".shp", ".geojson", ".json", ".gpkg", ".topojson", ".kml", ".fgb")
# Formats GDAL reads as map layers (the sniffed name, as the report shows it).
VECTOR_FORMATS: Final = ("geojson", "geojsonseq", "topojson", "zip", "gpkg", "fgb", "kml", "kmz")
# Columns GDAL's KML drivers add for Google Earth's styling and timing: not attributes.
_KML_STYLING: Final = (
    "id",
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
    "snippet",
)
# Geometry types (as GDAL names them) a role looks for first in a file of several layers.
_ROLE_GEOMETRIES: Final = {
    "boundaries": ("Polygon",),  # MultiPolygon, Polygon Z... contain it
    "barrios": ("Polygon",),
    "schools": ("Point",),
}
_SEPARATORS: Final = ";,\t|"


@dataclass
class VectorRead:
    frame: gpd.GeoDataFrame  # in EPSG:4326
    format: str
    crs: CrsDecision
    repaired: list[int] = field(default_factory=list)  # positions of repaired geometries
    unreadable: str = ""  # why GEOS refused some geometries (they are None), or ''
    # position -> geometry type of geometries with NaN or infinite coordinates (now None)
    not_finite: dict[int, str] = field(default_factory=dict)
    layer_note: Msg | None = None  # which layer of several was read, and why


@dataclass
class TableRead:
    frame: pd.DataFrame  # every column text; a GeoDataFrame (EPSG:4326) for vector files
    format: str
    decimal: str = "."
    notes: list[str | Msg] = field(default_factory=list)
    crs: CrsDecision | None = None
    # 1-based data row -> why it could not be split into the header's columns; these rows are
    # left out of ``frame``, whose index keeps the position of every other row in the file.
    unreadable: dict[int, str | Msg] = field(default_factory=dict)
    # 1-based row -> geometry type, for geometries with NaN or infinite coordinates; these rows
    # are left out of ``frame`` too.
    not_finite: dict[int, str] = field(default_factory=dict)
    # 1-based data row -> why it is not data (a totals row, a 'Fuente:' note below the table);
    # left out of ``frame`` like the unreadable rows, and listed in the report.
    left_out: dict[int, str | Msg] = field(default_factory=dict)


def sniff_format(path: Path) -> str:
    """The format by content: ``geojson``, ``geojsonseq``, ``topojson``, ``zip``, ``kmz``,
    ``kml``, ``fgb``, ``xlsx``, ``gpkg``, ``json`` or ``csv``."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise DataError(msg("file_empty"), path.name, msg("file_empty_fix"))
    if head.startswith(b"SQLite format 3"):
        return "gpkg"
    if head.startswith(b"fgb\x03"):
        return "fgb"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise DataError(msg("zip_damaged"), path.name, msg("zip_damaged_fix")) from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "kmz" if _kml_member(names) else "zip"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"\x1e"):  # RFC 8142: each GeoJSON text after a record separator
        return "geojsonseq"
    if text.startswith(b"<") and re.search(rb"<(\w+:)?kml[\s>]", head):
        return "kml"
    if text.startswith((b"{", b"[")):
        if b'"Topology"' in head:
            return "topojson"
        if b'"FeatureCollection"' in head:
            return "geojson"
        if b'"Feature"' in head:
            return "geojsonseq" if _several_lines_of_features(path) else "geojson"
        return "json"
    return "csv"


def _kml_member(names: list[str]) -> str:
    """The KML of a KMZ: ``doc.kml`` at the top, else the only ``.kml``; '' when none is."""
    kml = [n for n in names if n.lower().endswith(".kml") and "__MACOSX" not in n]
    others = [n for n in names if n.lower().endswith(_VECTOR_IN_ZIP) and n not in kml]
    if "doc.kml" in kml:
        return "doc.kml"
    return kml[0] if len(kml) == 1 and not others else ""


def _several_lines_of_features(path: Path) -> bool:
    """True for GeoJSON Lines: the first line is a whole Feature and another line follows."""
    with open(path, "rb") as handle:
        first = handle.readline(64 * 1024 * 1024)
        second = handle.readline(16).strip()
    try:
        feature = json.loads(first.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(feature, dict) and feature.get("type") == "Feature" and bool(second)


def _declared_geojson_crs(path: Path) -> CRS | None:
    """The CRS a GeoJSON's legacy ``crs`` member declares, or None (RFC 7946: degrees)."""
    with open(path, "rb") as handle:
        return declared_geojson_crs(handle.read(GEOJSON_HEAD_BYTES))


def choose_zip_member(names: list[str], kinds: tuple[str, ...] = _VECTOR_IN_ZIP) -> str | None:
    """The layer to read among the files of a zip: a shapefile, else the KML of a KMZ, else
    the other files ending in ``kinds``, a ``.json`` last (often metadata), then the shallowest,
    then by name; None when there is none. macOS's resource forks (``__MACOSX/``, ``._*``)
    are never layers."""
    layers = [
        n
        for n in names
        if n.lower().endswith(kinds)
        and "__MACOSX" not in n
        and not n.rsplit("/", 1)[-1].startswith("._")
    ]
    shapefiles = [n for n in layers if n.lower().endswith(".shp")]
    kml = _kml_member(layers)
    chosen = shapefiles or ([kml] if kml else layers)
    if not chosen:
        return None
    return min(chosen, key=lambda n: (n.lower().endswith(".json"), n.count("/"), n))


def _zip_member(path: Path) -> str:
    """The name of the one vector layer inside a zip, wherever it sits in the folders."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise DataError(
                msg("zip_too_big", size_mb=total / 1e6, limit_mb=MAX_UNCOMPRESSED_BYTES / 1e6),
                path.name,
                msg("zip_too_big_fix"),
            )
        names = [i.filename for i in infos if not i.is_dir()]
    member = choose_zip_member(names)
    inner_zips = [n for n in names if n.lower().endswith(".zip")]
    if member is None and inner_zips:
        raise DataError(
            msg("zip_nested", inner=inner_zips[0]),
            path.name,
            msg("zip_nested_fix", inner=inner_zips[0]),
        )
    if member is None:
        raise DataError(msg("zip_no_layer"), path.name, msg("zip_no_layer_fix"))
    if member.lower().endswith(".shp"):
        stem = member[: -len(".shp")]
        present = {n.lower() for n in names}
        missing = [ext for ext in (".shx", ".dbf") if f"{stem}{ext}".lower() not in present]
        if missing:
            raise DataError(
                msg("shp_incomplete", member=member, missing=", ".join(missing)),
                path.name,
                msg("shp_incomplete_fix"),
            )
    return member


def read_vector(path: Path, role: str = "boundaries", layer: str | None = None) -> VectorRead:
    """A polygon or point layer in EPSG:4326, with invalid geometries repaired.

    Parameters
    ----------
    path : Path
        The file; its format is found by content.
    role : str
        What the layer is for (``boundaries``, ``barrios``, ``schools``): in a file of several
        layers it picks the polygons or the points (see :func:`candidate_layers`).
    layer : str, optional
        The layer to read, by name; a name the file does not hold is refused.
    """
    fmt = sniff_format(path)
    if path.suffix.lower() in (".shp", ".shx", ".dbf", ".prj"):
        raise DataError(msg("shp_part"), path.name, msg("shp_part_fix"))
    if fmt not in VECTOR_FORMATS and path.suffix.lower() in (".geojson", ".json", ".topojson"):
        raise DataError(msg("not_geojson"), path.name, msg("not_geojson_fix"))
    if fmt not in VECTOR_FORMATS:
        raise DataError(msg("not_a_layer", fmt=fmt.upper()), path.name, msg("not_a_layer_fix"))
    member = _zip_member(path) if fmt in ("zip", "kmz") else ""
    if fmt in ("kml", "kmz"):
        frame, unreadable = _read_kml(path, fmt, member)
        layer_note = None
    else:
        chosen, layer_note = _choose_layer(path, fmt, member, role, layer)
        frame, unreadable = _read_layer(path, fmt, member, chosen)
    if len(frame) == 0:
        raise DataError(msg("no_features"), path.name, msg("no_features_fix"))
    not_finite = _set_aside_not_finite(frame)
    declared = _declared_geojson_crs(path) if fmt == "geojson" else frame.crs
    if member.lower().endswith(".shp") and frame.crs is None:
        declared = None
    if not (frame.geometry.notna() & ~frame.geometry.is_empty).any():
        detail: str | Msg = f": {unreadable}" if unreadable else ""
        if not_finite and not unreadable:
            detail = msg("detail_all_not_finite")
        raise DataError(
            msg("no_geometry", n=len(frame), detail=detail),
            path.name,
            msg("no_geometry_fix"),
        )
    try:
        frame, decision = to_wgs84(frame, declared)
    except UnknownCrs as exc:
        raise DataError(exc.reason, path.name, msg("crs_unknown_fix")) from None
    repaired = _repair(frame)
    return VectorRead(
        frame,
        fmt,
        decision,
        repaired=repaired,
        unreadable=unreadable,
        not_finite=not_finite,
        layer_note=layer_note,
    )


def _set_aside_not_finite(frame: gpd.GeoDataFrame) -> dict[int, str]:
    """Geometries with a NaN or infinite coordinate become None; their positions and types.

    GEOS cannot validate or repair them (make_valid raises on NaN), and no map can draw them.
    """
    geometries = frame.geometry.to_numpy()
    coordinates, owner = shapely.get_coordinates(geometries, include_z=True, return_index=True)
    bad = ~np.isfinite(coordinates[:, :2]).all(axis=1)
    found = {int(p): geometries[p].geom_type for p in np.unique(owner[bad])}
    if found:
        frame.iloc[list(found), frame.columns.get_loc(frame.geometry.name)] = None
    return found


def _layers(source: str) -> list[tuple[str, str | None]]:
    """(name, geometry type or None for a table) of every layer GDAL sees in ``source``."""
    try:
        found = pyogrio.list_layers(source)
    except (DataSourceError, DataLayerError, OSError, ValueError):
        return []
    return [(str(name), None if kind is None else str(kind)) for name, kind in found]


def candidate_layers(path: Path, role: str = "boundaries") -> list[str]:
    """The layers of ``path`` that can play ``role``, the likeliest first.

    Polygons for boundaries and barrios, points for schools; among several, the one with the
    most features first (Medellín's 21 comunas outnumber a city outline or a study area).
    When no layer has the role's geometry, every layer with a geometry; tables never.
    """
    fmt = sniff_format(path)
    if fmt not in VECTOR_FORMATS or fmt in ("kml", "kmz"):
        return []
    member = _zip_member(path) if fmt == "zip" else ""
    source = _gdal_source(path, fmt, member)
    wanted = _ROLE_GEOMETRIES.get(role, ())
    spatial = [(name, kind) for name, kind in _layers(source) if kind is not None]
    fitting = [(n, k) for n, k in spatial if any(w in k for w in wanted)]  # "Polygon Z" too
    ranked = sorted(
        enumerate(fitting or spatial),
        key=lambda item: (-_feature_count(source, item[1][0]), item[0]),
    )
    return [name for _, (name, _) in ranked]


def _feature_count(source: str, layer: str) -> int:
    try:
        return int(pyogrio.read_info(source, layer=layer)["features"])
    except (DataSourceError, DataLayerError, OSError, ValueError, KeyError):
        return 0


def _choose_layer(
    path: Path, fmt: str, member: str, role: str, layer: str | None
) -> tuple[str | None, Msg | None]:
    """The layer to read and, when the file holds several, a note saying which and why."""
    if fmt != "gpkg" and not member.lower().endswith(".gpkg") and layer is None:
        return None, None  # one layer per file: no need to open it twice
    source = _gdal_source(path, fmt, member)
    layers = _layers(source)
    names = [name for name, _ in layers]
    if layer is not None and layer not in names:
        raise DataError(
            msg("layer_not_found", layer=layer, layers=", ".join(names) or "-"),
            path.name,
            msg("layer_not_found_fix", first=names[0] if names else "-"),
        )
    if len(layers) < 2:
        return layer, None
    if layer is not None:
        return layer, msg("note_layer_named", layer=layer, n=len(layers))
    candidates = candidate_layers(path, role)
    if not candidates:
        return None, None  # only tables: GDAL's first layer, refused later for its geometry
    chosen = candidates[0]
    kind = dict(layers)[chosen] or ""
    count = _feature_count(source, chosen)
    shape = "note_layer_features"
    if "Polygon" in kind or "Point" in kind:
        shape = "note_layer_polygons" if "Polygon" in kind else "note_layer_points"
    return chosen, msg("note_layer_chosen", layer=chosen, count=msg(shape, n=count), n=len(layers))


def _read_kml(path: Path, fmt: str, member: str) -> tuple[gpd.GeoDataFrame, str]:
    """Every Placemark of a KML or KMZ: GDAL reads one layer per Folder; they are joined.

    Styling columns (``tessellate``, ``icon``...) are dropped; ``Name``, ``description`` and
    any ExtendedData stay.
    """
    source = _gdal_source(path, fmt, member)
    frames = []
    unreadable = ""
    for name, _ in _layers(source) or [(None, None)]:
        frame, why = _read_layer(path, fmt, member, name)
        unreadable = unreadable or why
        if len(frame) and frame.geometry.notna().any():
            frames.append(frame)
    if not frames:
        return gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"), unreadable
    frame = pd.concat(frames, ignore_index=True)
    styling = [c for c in _KML_STYLING if c in frame.columns]
    frame = gpd.GeoDataFrame(frame.drop(columns=styling), crs=frames[0].crs)
    empty = [c for c in frame.columns if c != "geometry" and frame[c].isna().all()]
    return frame.drop(columns=[c for c in empty if c not in ("Name", "description")]), unreadable


def _read_layer(
    path: Path, fmt: str, member: str, layer: str | None = None
) -> tuple[gpd.GeoDataFrame, str]:
    """The layer as GDAL reads it, and why geometries were unreadable ('' when none was).

    A geometry GEOS refuses (a ring that does not close) becomes None instead of stopping the
    whole layer; the caller reports it with the other empty geometries.
    """
    source = _gdal_source(path, fmt, member)
    shown = f"{path.name}/{member}" if member else path.name
    unreadable = ""
    options = {} if layer is None else {"layer": layer}
    try:
        try:
            frame = gpd.read_file(source, **options)
        except GEOSException as exc:
            unreadable = _first_line(exc)
            frame = gpd.read_file(source, on_invalid="ignore", **options)
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        detail = _first_line(exc).replace(source, shown).replace(str(path.resolve()), path.name)
        detail = detail.split("; It might help")[0]  # GDAL's hint about driver prefixes
        raise DataError(
            msg("layer_unreadable", fmt=fmt, detail=detail), path.name, msg("layer_unreadable_fix")
        ) from None
    return frame, unreadable


def _gdal_source(path: Path, fmt: str, member: str) -> str:
    """What GDAL opens: the zip member in place, or the file with its driver when the
    extension lies (a GeoJSON saved as .csv would otherwise be read as CSV)."""
    if member:
        return f"/vsizip/{path.resolve()}/{member}"
    # FlatGeobuf and KML are known by their content; these drivers need telling.
    expected = {
        "geojson": (".geojson", ".json"),
        "topojson": (".topojson", ".json"),
        "geojsonseq": (".geojsonl", ".geojsons", ".geojsonseq"),
    }
    drivers = {"geojson": "GeoJSON", "topojson": "TopoJSON", "geojsonseq": "GeoJSONSeq"}
    if fmt in expected and path.suffix.lower() not in expected[fmt]:
        return f"{drivers[fmt]}:{path}"
    return str(path)


def _repair(frame: gpd.GeoDataFrame) -> list[int]:
    """Make invalid geometries valid in place (keeping only their polygonal parts)."""
    invalid = np.flatnonzero(~frame.geometry.is_valid.to_numpy() & frame.geometry.notna())
    for position in invalid:
        fixed = shapely.make_valid(frame.geometry.iloc[position])
        if fixed.geom_type == "GeometryCollection":
            polygons = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            fixed = shapely.union_all(polygons) if polygons else fixed
        frame.iloc[position, frame.columns.get_loc("geometry")] = fixed
    return [int(p) for p in invalid]


def read_table(
    path: Path, layer: str | None = None, role: str = "schools", sheet: str | None = None
) -> TableRead:
    """Any tabular file as a frame of text cells (vector files keep their geometry).

    ``layer`` and ``role`` choose the layer of a vector file of several (see
    :func:`read_vector`). Spreadsheets are read as they come from publishers: the header row
    is found below title rows, totals and notes rows below the data are left out
    (``TableRead.left_out``), and in a workbook the first sheet holding a table is read unless
    ``sheet`` names another one (``sheet`` is ignored for files that are not workbooks).
    """
    fmt = sniff_format(path)
    if fmt in VECTOR_FORMATS:
        vector = read_vector(path, role, layer)
        frame = vector.frame
        for column in frame.columns.drop("geometry"):
            frame[column] = _as_text(frame[column])
        not_finite = {position + 1: kind for position, kind in vector.not_finite.items()}
        frame = frame.drop(index=frame.index[list(vector.not_finite)])
        notes: list[str | Msg] = [vector.layer_note] if vector.layer_note else []
        return TableRead(frame, fmt, notes=notes, crs=vector.crs, not_finite=not_finite)
    if fmt == "xlsx":
        return _read_xlsx(path, sheet)
    if fmt == "json":
        return _read_json_records(path)
    return _read_csv(path)


def _as_text(column: pd.Series) -> pd.Series:
    """Cells as text; integral floats lose their '.0'; missing stays missing."""

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return pd.NA
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)

    return column.map(one).astype("string")


def _decode(path: Path) -> tuple[str, str | Msg]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16", errors="replace"), "UTF-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), msg("utf8_bom")
    elif bom_less := _utf16_without_bom(raw[:4096]):
        text, encoding = raw.decode(bom_less, errors="replace"), msg("utf16_no_bom")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", errors="replace"), "Latin-1 (Windows-1252)"
    if _is_binary(text[:4096]):
        raise DataError(msg("table_binary"), path.name, msg("table_binary_fix"))
    return text, encoding


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL (ASCII text in UTF-16)."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _is_binary(text: str) -> bool:
    """Text a person could not have typed: NUL bytes, or more than 1% control characters."""
    return "\x00" in text or len(_CONTROL.findall(text)) > 0.01 * max(len(text), 1)


def _read_csv(path: Path) -> TableRead:
    text, encoding = _decode(path)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise DataError(msg("table_no_rows"), path.name, msg("table_no_rows_fix"))
    sample = "\n".join(lines[:50])
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        # Title rows above the header hold no separator: count in the busiest line.
        counts = {sep: max(line.count(sep) for line in lines[:50]) for sep in _SEPARATORS}
        separator = max(counts, key=counts.get)
    all_lines = text.splitlines()
    header = _header_position(list(csv.reader(all_lines[:_HEADER_WINDOW], delimiter=separator)))
    if header:
        text = "\n".join(all_lines[header:])
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(
            msg("csv_unreadable", detail=_first_line(exc)), path.name, msg("csv_unreadable_fix")
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DataError(
            msg("table_header_only", columns=", ".join(frame.columns[:6])),
            path.name,
            msg("table_header_only_fix"),
        )
    unreadable = _other_separator_rows(frame, separator)
    frame = frame.drop(index=[row - 1 for row in unreadable])
    left_out = _left_out_rows(frame)
    frame = frame.drop(index=[row - 1 for row in left_out])
    decimal = _guess_decimal(frame, separator)
    name = _SEPARATOR_NAMES[separator]
    notes = [
        msg("note_csv", encoding=encoding, separator=msg(name), decimal=decimal),
        *_header_notes(
            header, sum(bool(line.strip(separator + " \t")) for line in all_lines[:header])
        ),
        *_duplicate_notes(frame),
    ]
    return TableRead(
        frame, "csv", decimal=decimal, notes=notes, unreadable=unreadable, left_out=left_out
    )


# Separator -> its name's key in geo.model.messages.
_SEPARATOR_NAMES: Final = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}


def _other_separator_rows(frame: pd.DataFrame, separator: str) -> dict[int, str]:
    """Rows written with another separator than the header (all in the first cell)."""
    if len(frame.columns) < 2:
        return {}
    rest_empty = frame.iloc[:, 1:].isna().all(axis=1)
    first = frame.iloc[:, 0].fillna("")
    found: dict[int, str] = {}
    for other in _SEPARATORS.replace(separator, ""):
        split = rest_empty & (first.str.count(re.escape(other)) >= len(frame.columns) - 1)
        for position in np.flatnonzero(split.to_numpy()):
            found[int(position) + 1] = msg(
                "detail_other_separator",
                other=msg(_SEPARATOR_NAMES[other]),
                separator=msg(_SEPARATOR_NAMES[separator]),
            )
    return found


def _duplicate_notes(frame: pd.DataFrame) -> list[str | Msg]:
    """pandas renames a repeated header 'matricula' to 'matricula.1'; say so."""
    columns = [str(c) for c in frame.columns]
    notes = []
    for column in columns:
        base, dot, number = column.rpartition(".")
        if dot and number.isdigit() and base in columns:
            notes.append(msg("note_duplicate_column", base=base, column=column))
    return notes


def _guess_decimal(frame: pd.DataFrame, separator: str) -> str:
    """',' when numbers are written 6,25 (Spanish Excel), else '.'."""
    comma = point = 0
    for column in frame.columns:
        values = frame[column].dropna().astype(str).head(200)
        comma += int(values.str.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+").sum())
        point += int(values.str.fullmatch(r"-?\d+\.\d+").sum())
    if comma > point:
        return ","
    return "," if separator == ";" and point == 0 and comma > 0 else "."


def _read_xlsx(path: Path, sheet: str | None = None) -> TableRead:
    values, formulas = _open_workbook(path)
    grids = {ws.title: _grid(ws) for ws in values.worksheets}
    filled = [name for name, grid in grids.items() if grid]
    if sheet is not None and sheet not in grids:
        raise DataError(
            msg("xlsx_no_sheet", sheet=sheet, sheets=", ".join(grids)),
            path.name,
            msg("xlsx_no_sheet_fix"),
        )
    if not filled:
        raise DataError(msg("xlsx_no_data"), path.name, msg("xlsx_no_data_fix"))
    tables = [name for name in filled if _holds_table(name, grids[name])]
    name = sheet if sheet is not None else (tables or filled)[0]
    grid = grids[name]
    if not grid:
        raise DataError(
            msg("xlsx_sheet_empty", sheet=name),
            path.name,
            msg("xlsx_sheet_empty_fix", sheets=", ".join(filled)),
        )
    header = _header_position(grid)
    worksheet = formulas[name]
    merged = [str(r) for r in worksheet.merged_cells.ranges if r.min_row <= header + 1 <= r.max_row]
    if merged:
        raise DataError(
            msg("xlsx_merged", sheet=name, cells=", ".join(merged)),
            path.name,
            msg("xlsx_merged_fix"),
        )
    frame = _grid_frame(grid, header)
    empty_formulas = _empty_formulas(worksheet, header, frame)
    frame = frame.dropna(how="all")
    left_out = _left_out_rows(frame)
    frame = frame.drop(index=[row - 1 for row in left_out])
    titles = sum(1 for row in grid[:header] if any(_filled(v) for v in row))
    notes: list[str | Msg] = [
        msg("note_xlsx", sheet=name),
        *_header_notes(header, titles),
        *_duplicate_notes(frame),
    ]
    if empty_formulas:
        notes.append(msg("note_empty_formulas", cells=", ".join(empty_formulas[:10])))
    others = [other for other in filled if other != name]
    if others:
        notes.append(msg("note_other_sheets", others=", ".join(others)))
    return TableRead(frame, "xlsx", notes=notes, left_out=left_out)


def table_sheets(path: Path) -> list[str]:
    """The sheets of a workbook that hold a table, in order (for a sheet chooser)."""
    values, _ = _open_workbook(path)
    grids = {ws.title: _grid(ws) for ws in values.worksheets}
    return [name for name, grid in grids.items() if grid and _holds_table(name, grid)]


def _open_workbook(path: Path) -> tuple:
    """The workbook twice: with the values Excel saved, and with the formulas."""
    from openpyxl import load_workbook  # only for workbooks

    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises anything from KeyError to zlib errors
        raise DataError(
            msg("xlsx_unreadable", detail=_first_line(exc)), path.name, msg("xlsx_unreadable_fix")
        ) from None


def _grid(worksheet) -> list[list]:
    """The sheet's cell values from row 1, without the empty rows at its end."""
    rows = [list(row) for row in worksheet.iter_rows(min_row=1, values_only=True)]
    while rows and not any(_filled(v) for v in rows[-1]):
        rows.pop()
    return rows


# Sheets that describe the data instead of holding it (normalised names).
_NOT_DATA_SHEETS: Final = re.compile(
    r"(notas?|metadatos?|metadata|notes?|portada|cover|leeme|readme|instrucciones|"
    r"diccionario|fuentes?)\b"
)


def _holds_table(name: str, grid: list[list]) -> bool:
    """A header row followed by at least one row of data, on a sheet not named for notes."""
    if _NOT_DATA_SHEETS.match(_plain(name)):
        return False
    header = _header_position(grid)
    if not grid or not _is_header(grid[header], _width(grid)):
        return False
    return any(sum(_filled(v) for v in row) >= 2 for row in grid[header + 1 :])


def _grid_frame(grid: list[list], header: int) -> pd.DataFrame:
    """Rows below ``header`` as text cells, headed by its cells; the index keeps each data
    row's position below the header (blank rows included), as in the file."""
    width = max(len(row) for row in grid[header:])
    names = [
        str(v).strip() if _filled(v) else f"Unnamed: {i}"
        for i, v in enumerate([*grid[header], *[None] * width][:width])
    ]
    rows = [[*row, *[None] * width][:width] for row in grid[header + 1 :]]
    frame = pd.DataFrame(rows, columns=range(width), dtype=object)
    unnamed_empty = [i for i, n in enumerate(names) if n.startswith("Unnamed: ")]
    unnamed_empty = [i for i in unnamed_empty if frame[i].map(_filled).sum() == 0]
    frame = frame.drop(columns=unnamed_empty)
    kept = [names[i] for i in frame.columns]
    frame = pd.DataFrame({i: _as_text(frame[i]) for i in frame.columns})
    frame.columns = _unique(kept)
    return frame


def _unique(names: list[str]) -> list[str]:
    """A repeated name gets '.1', '.2' as pandas does when it reads a CSV."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _empty_formulas(worksheet, header: int, frame: pd.DataFrame) -> list[str]:
    """Formula cells below the header that hold no saved value (a workbook written by a
    script stores formulas without what Excel would have computed: openpyxl sees None)."""
    empty = []
    for row in worksheet.iter_rows(min_row=header + 2):
        for cell in row:
            position = cell.row - header - 2
            if (
                cell.data_type == "f"
                and cell.column <= frame.shape[1]
                and position in frame.index
                and pd.isna(frame.iat[frame.index.get_loc(position), cell.column - 1])
            ):
                empty.append(f"{cell.coordinate} (fila {position + 1})")
    return empty


# --- where the table starts and ends ----------------------------------------------------------

_HEADER_WINDOW: Final = 30  # rows searched for the header (government titles take 3 to 8)
_NUMBER_TEXT: Final = re.compile(r"[-+(]?[$\s\u00a0]*\d[\d.,\s\u00a0]*%?\)?")


def _filled(value: object) -> bool:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return value is not pd.NA and str(value).strip() != ""


def _is_label(value: object) -> bool:
    """A cell a header could hold: text that is not a number (a year also names a column)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1990 <= value <= 2100
    if not isinstance(value, str) or not value.strip():
        return False
    return not _NUMBER_TEXT.fullmatch(value.strip())


def _width(rows: list[list]) -> int:
    return max((sum(_filled(v) for v in row) for row in rows[:_HEADER_WINDOW]), default=0)


def _is_header(row: list, width: int) -> bool:
    """Most cells of the table's width filled, and nearly all of them text."""
    filled = sum(_filled(v) for v in row)
    labels = sum(_is_label(v) for v in row)
    return labels >= max(2, -(-width // 2)) and labels >= 0.8 * filled


def _header_position(rows: list[list]) -> int:
    """Index of the header row: the first row that looks like a header and is followed by
    data, when only title rows (one or two cells, often merged), blank rows or a group row
    ("Identificación | Ubicación") come before it; otherwise 0, the first row, as always."""
    window = rows[:_HEADER_WINDOW]
    width = _width(window)
    if width < 2:
        return 0
    first_candidate = None
    for i, row in enumerate(window):
        filled = sum(_filled(v) for v in row)
        if not _is_header(row, width):
            if filled > max(2, width // 2):
                return 0  # data before any header: the file starts with its header
            continue
        if first_candidate is None:
            first_candidate = i
        following = next((other for other in rows[i + 1 :] if any(_filled(v) for v in other)), None)
        if following is None or not _is_header(following, width):
            return i if following is not None else first_candidate
    return 0


def _header_notes(header: int, titles: int) -> list[str | Msg]:
    return [msg("note_header_row", row=header + 1, skipped=titles)] if header else []


# A row whose first cells say it is a total or a note ("TOTAL GENERAL", "Subtotal comuna 3",
# "Fuente: SIMAT", "Nota: ...", "Elaborado por ...", "Fecha de corte: ..."), normalised.
_FOOTER: Final = re.compile(
    r"(sub)?total(es)?\b|gran total\b|(fuente|fuentes|nota|notas|observacion|observaciones)\s*:"
    r"|elaborad[oa] por\b|fecha de (corte|elaboracion|actualizacion)\b"
)


def _plain(text: str) -> str:
    """Lower case without accents, for matching words."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _left_out_rows(frame: pd.DataFrame) -> dict[int, str | Msg]:
    """Totals and notes rows (1-based data row -> why), never to be counted as data.

    A row is left out where its first two cells say "Total", "Fuente:", "Nota:"...; and below
    the last row of data, a row whose only cell is text (a note without a keyword).
    """
    found: dict[int, str | Msg] = {}
    if frame.empty:
        return found
    cells = frame.iloc[:, : min(2, frame.shape[1])].astype("string")
    filled = frame.notna().sum(axis=1)
    for index, first in zip(frame.index, cells.bfill(axis=1).iloc[:, 0], strict=True):
        if pd.notna(first) and _FOOTER.match(_plain(str(first))):
            found[int(index) + 1] = msg("detail_left_out", text=str(first).strip()[:80])
    data = [i for i in frame.index if int(i) + 1 not in found and filled[i] >= 2]
    last = max(data, default=-1)
    if frame.shape[1] < 3:  # in a narrow table a lone cell is data
        return dict(sorted(found.items()))
    for index in frame.index[(frame.index > last) & (filled == 1).to_numpy()]:
        lone = frame.loc[index].dropna().iloc[0]
        if int(index) + 1 not in found and _is_label(lone):
            found[int(index) + 1] = msg("detail_left_out", text=str(lone).strip()[:80])
    return dict(sorted(found.items()))


def _read_json_records(path: Path) -> TableRead:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(
            msg("json_invalid", detail=_first_line(exc)), path.name, msg("json_invalid_fix")
        ) from None
    # The shape (records, keyed by code, several tables) is the ingest's second stage; imported
    # here, where it runs, because geo.io.ingest's package imports this module.
    from geo.io.ingest.shapes import recognise_json

    table = recognise_json(data)
    if table is None:
        raise DataError(msg("json_no_records"), path.name, msg("json_no_records_fix"))
    frame = pd.DataFrame({c: _as_text(table.frame[c]) for c in table.frame.columns})
    return TableRead(frame, "json", notes=table.notes)


_NUMBER_SPACES: Final = re.compile(r"[\s\u00a0$]")
# How a cell writes its separators (after spaces and '%' are taken out):
_DOT_GROUPS: Final = r"-?\d{1,3}(?:\.\d{3})+"  # 1.234 or 12.345.678: thousands, or a decimal
_COMMA_GROUPS: Final = r"-?\d{1,3}(?:,\d{3})+"  # 1,234: thousands, or a decimal comma
_COMMA_DECIMAL: Final = r"-?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+"  # 6,25 or 1.234,5
_POINT_DECIMAL: Final = r"-?(?:\d+|\d{1,3}(?:,\d{3})+)\.\d+"  # 6.25 or 1,234.5


@dataclass
class Numbers:
    """A column of text cells read as numbers, and how its separators were decided."""

    values: pd.Series  # float, NaN where empty or not a number
    bad: pd.Series  # bool: text that gave no number (to report)
    decimal: str  # the decimal separator used for this column
    ambiguous: tuple[str, str] | None = None  # two cells that contradict each other


def parse_numbers(
    column: pd.Series, decimal: str = ".", *, count: bool = False, percent: bool = False
) -> Numbers:
    """Parse text cells as numbers, deciding the decimal separator for this column.

    The file's ``decimal`` is only the default: a column whose cells write ``6,25`` or
    ``1.234,5`` uses the comma, one with ``6.25`` or ``1,234.5`` the point. ``1.234`` alone
    says nothing (es-CO thousands, or a decimal): in a ``count`` column it is 1234, since
    counts are whole; elsewhere the default decides. A column holding both readings (a count
    column with ``1.234`` and ``12.5``, or ``6,25`` beside ``6.25``) is ``ambiguous``: its
    cells with a separator are marked bad instead of guessed.

    ``4,5 %`` and ``45%`` become shares (0.045, 0.45) where ``percent`` (a rate column); in
    a ``count`` column a percentage is not a count and is marked bad.
    """
    text = column.astype("string").str.replace(_NUMBER_SPACES, "", regex=True)
    has_percent = text.str.endswith("%").fillna(False).astype(bool)
    text = text.str.removesuffix("%")
    kinds = {
        name: text.str.fullmatch(pattern).fillna(False).astype(bool)
        for name, pattern in (
            ("dot_groups", _DOT_GROUPS),
            ("comma_groups", _COMMA_GROUPS),
            ("comma", _COMMA_DECIMAL),
            ("point", _POINT_DECIMAL),
        )
    }
    comma = kinds["comma"] & ~kinds["comma_groups"]
    point = kinds["point"] & ~kinds["dot_groups"]
    used, clash = _column_decimal(comma, point, kinds, decimal, count)
    ambiguous = None if clash is None else tuple(str(column.iloc[p]).strip() for p in clash)
    if used == ",":
        cleaned = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        cleaned = text.str.replace(r"(?<=\d),(?=\d{3}\b)", "", regex=True)
    numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
    numbers = numbers.where(np.isfinite(numbers))  # 'inf' is not a count nor a coordinate
    refused = pd.Series(False, index=column.index)
    if ambiguous is not None:
        refused |= text.str.contains(r"[.,]", regex=True).fillna(False).astype(bool)
    if count:
        refused |= has_percent
    elif percent:
        numbers = numbers.where(~has_percent, numbers / 100)
    numbers = numbers.where(~refused)
    bad = (text.notna() & (text != "") & numbers.isna()).fillna(False).astype(bool)
    return Numbers(numbers, bad, used, ambiguous)


def _column_decimal(
    comma: pd.Series, point: pd.Series, kinds: dict[str, pd.Series], default: str, count: bool
) -> tuple[str, tuple[int, int] | None]:
    """The column's decimal separator, and two contradicting cells' positions when none fits."""
    dot_groups, comma_groups = kinds["dot_groups"], kinds["comma_groups"]
    if comma.any() and point.any():
        return default, (_first(comma), _first(point))
    if comma.any():
        if count and comma_groups.any():  # 1,234 beside 6,25 in a count column
            return ",", (_first(comma), _first(comma_groups))
        return ",", None
    if point.any():
        if count and dot_groups.any():  # 1.234 beside 12.5 in a count column
            return ".", (_first(dot_groups), _first(point))
        return ".", None
    if count and dot_groups.any() and comma_groups.any():
        return default, (_first(dot_groups), _first(comma_groups))
    if count and dot_groups.any():
        return ",", None
    if count and comma_groups.any():
        return ".", None
    return default, None


def _first(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0])


def to_numbers(
    column: pd.Series, decimal: str = ".", *, count: bool = False, percent: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse text cells as numbers (see :func:`parse_numbers`).

    Returns the numbers (float, NaN where empty or unparseable) and a mask of the cells that
    had text but no number, so the caller can report them.
    """
    parsed = parse_numbers(column, decimal, count=count, percent=percent)
    return parsed.values, parsed.bad


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
