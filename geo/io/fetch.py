"""Download Medellín's official layers into a local cache, in EPSG:4326, with provenance.

The Alcaldía publishes its boundaries and school sites under CC BY-SA 4.0 with the condition
that the data are not commercialised or transferred, so the project never ships them: this
module fetches them at run time into a folder git ignores (``<repo>/cache/official/``) and
records, beside each layer, where and when it came from and the hash of what was downloaded.

Each layer is kept as two files, ``<key>.geojson`` (EPSG:4326, RFC 7946) and ``<key>.json``
(its metadata). Both are written to temporary files in the same folder, checked, and only then
moved into place with :func:`os.replace`, so a failed or partial download never replaces or
deletes a good cached copy and never leaves a temporary file behind.

Every failure a user can meet (no network, a slow or broken server, a moved file, a web page
instead of the data, a damaged zip, an ArcGIS error, coordinates outside Medellín) raises
:class:`geo.errors.DataError` naming the URL and what to do.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import socket
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

import geopandas as gpd
from pyogrio.errors import DataLayerError, DataSourceError

from geo.errors import DataError
from geo.io.crs import UnknownCrs, declared_geojson_crs, inside_medellin, to_wgs84
from geo.io.readers import GEOJSON_HEAD_BYTES, MAX_UNCOMPRESSED_BYTES, choose_zip_member
from geo.model.messages import Msg, msg

LICENCE: Final = (
    "CC BY-SA 4.0 — Alcaldía de Medellín (GeoMedellín). Condición del publicador: los datos no "
    "pueden ser comercializados o transferidos."
)
DEFAULT_OPEN_DATA_BASE: Final = (
    "https://www.medellin.gov.co/apigeomedellin/atributos/archivos/openDataExt/Gis/open_data/"
)
DEFAULT_ARCGIS_BASE: Final = "https://www.medellin.gov.co/servidormapas/rest/services/"
DEFAULT_CACHE_DIR: Final = Path(__file__).resolve().parents[2] / "cache" / "official"

PAGE_SIZE: Final = 1000  # features asked per ArcGIS page (resultRecordCount)
MAX_PAGES: Final = 500  # an ArcGIS service that never stops paging is refused after this
MAX_DOWNLOAD_BYTES: Final = 200 * 1024 * 1024  # one HTTP answer

_LANDING_PAGES: Final = {
    "comunas": "https://www.medellin.gov.co/geomedellin/datosAbiertos/1043",
    "barrios": "https://www.medellin.gov.co/geomedellin/datosAbiertos/1044",
}
_USER_AGENT: Final = "atlas-educativo-medellin (+https://www.medellin.gov.co/geomedellin)"
_CHUNK: Final = 1024 * 1024
_GEOJSON_IN_ZIP: Final = (".geojson", ".json")
_METADATA_FIELDS: Final = (
    "title",
    "source_url",
    "retrieved",
    "sha256",
    "licence",
    "features",
    "source_crs",
)


@dataclass(frozen=True)
class Layer:
    """One official layer and where to download it.

    Attributes
    ----------
    key : str
        Short name, also the cache file name: ``"comunas"``, ``"barrios"`` or ``"sedes"``.
    title : str
        Spanish title shown to users, e.g. ``"Comunas y corregimientos"``.
    url : str
        Full URL: the zip for open-data layers, the ``/query`` URL (with ``where``,
        ``outFields`` and ``f=geojson``) for ArcGIS layers.
    kind : {"zip_geojson", "arcgis_geojson"}
        How the layer is served: a zip holding a GeoJSON, or ArcGIS REST pages of GeoJSON.
    """

    key: str
    title: str
    url: str
    kind: Literal["zip_geojson", "arcgis_geojson"]


@dataclass(frozen=True)
class CachedLayer:
    """A layer in the cache and its provenance.

    Attributes
    ----------
    key, title : str
        As in :class:`Layer`.
    path : Path
        The cached GeoJSON, in EPSG:4326.
    source_url : str
        Where it was downloaded from.
    retrieved : str
        When, in ISO 8601 UTC.
    sha256 : str
        Hash of the downloaded bytes: the zip's bytes, or the ArcGIS page bodies in order.
    licence : str
        The publisher's licence and condition.
    features : int
        Number of features.
    source_crs : str
        The CRS the published coordinates were found to be in (e.g. ``"EPSG:9377"``).
    """

    key: str
    title: str
    path: Path
    source_url: str
    retrieved: str
    sha256: str
    licence: str
    features: int
    source_crs: str


def official_layers(
    open_data_base: str = DEFAULT_OPEN_DATA_BASE, arcgis_base: str = DEFAULT_ARCGIS_BASE
) -> tuple[Layer, ...]:
    """The official layers the atlas uses, with URLs built from the given base URLs.

    Parameters
    ----------
    open_data_base : str
        Base URL of GeoMedellín's open-data zips (ending in ``/``).
    arcgis_base : str
        Base URL of the Alcaldía's ArcGIS REST services (ending in ``/``).

    Returns
    -------
    tuple of Layer
        Comunas y corregimientos, barrios y veredas, and sedes educativas.
    """
    open_data_base = open_data_base.rstrip("/") + "/"  # given with or without the slash
    arcgis_base = arcgis_base.rstrip("/") + "/"
    return (
        Layer(
            "comunas",
            "Comunas y corregimientos",
            open_data_base + "OD1043/geojson_limite_catastral_de_comun.zip",
            "zip_geojson",
        ),
        Layer(
            "barrios",
            "Barrios y veredas",
            open_data_base + "OD1044/geojson_limite_barrio_vereda_cata.zip",
            "zip_geojson",
        ),
        Layer(
            "sedes",
            "Sedes educativas",
            arcgis_base + "educacion/VC_Sedes/MapServer/0/query?where=1%3D1&outFields=*&f=geojson",
            "arcgis_geojson",
        ),
    )


def fetch_layer(
    layer: Layer,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    *,
    timeout: float = 30.0,
    opener: urllib.request.OpenerDirector | None = None,
) -> CachedLayer:
    """Download one layer, check it, reproject it to EPSG:4326 and store it in the cache.

    Parameters
    ----------
    layer : Layer
        What to download.
    cache_dir : Path
        The cache folder (created if missing).
    timeout : float
        Seconds to wait for the server on each connection and read.
    opener : urllib.request.OpenerDirector, optional
        What opens the URLs; a default opener (system proxies, redirects) when None.

    Returns
    -------
    CachedLayer
        The cached layer and its provenance.

    Raises
    ------
    DataError
        When the download fails or the data cannot be used; the cached copy, if any, is kept.
    """
    opener = opener or urllib.request.build_opener()
    retrieved = datetime.now(UTC).isoformat(timespec="seconds")
    if layer.kind == "zip_geojson":
        body = _download(layer.url, layer, timeout, opener)
        sha256 = hashlib.sha256(body).hexdigest()
        geojson = _geojson_from_zip(body, layer)
    elif layer.kind == "arcgis_geojson":
        geojson, sha256 = _download_arcgis(layer, timeout, opener)
    else:
        raise ValueError(f"unknown layer kind {layer.kind!r}")
    frame, source_crs = _to_wgs84(geojson, layer.url, layer)
    written = _write_geojson(frame, layer)
    cached = CachedLayer(
        key=layer.key,
        title=layer.title,
        path=Path(cache_dir) / f"{layer.key}.geojson",
        source_url=layer.url,
        retrieved=retrieved,
        sha256=sha256,
        licence=LICENCE,
        features=len(frame),
        source_crs=source_crs,
    )
    _store(cached, written, layer)
    return cached


def fetch_all(
    cache_dir: Path = DEFAULT_CACHE_DIR,
    *,
    open_data_base: str = DEFAULT_OPEN_DATA_BASE,
    arcgis_base: str = DEFAULT_ARCGIS_BASE,
    timeout: float = 30.0,
    opener: urllib.request.OpenerDirector | None = None,
) -> list[CachedLayer | DataError]:
    """Fetch every official layer, going on after a layer fails.

    Parameters
    ----------
    cache_dir : Path
        The cache folder.
    open_data_base, arcgis_base : str
        Base URLs, as in :func:`official_layers`.
    timeout : float
        Seconds to wait for the server on each connection and read.
    opener : urllib.request.OpenerDirector, optional
        As in :func:`fetch_layer`.

    Returns
    -------
    list of CachedLayer or DataError
        One entry per layer, in the order of :func:`official_layers`: the cached layer, or
        the error that stopped it (its previous cached copy, if any, is untouched).
    """
    results: list[CachedLayer | DataError] = []
    for layer in official_layers(open_data_base, arcgis_base):
        try:
            results.append(fetch_layer(layer, cache_dir, timeout=timeout, opener=opener))
        except DataError as error:
            results.append(error)
    return results


def cached_layers(cache_dir: Path = DEFAULT_CACHE_DIR) -> dict[str, CachedLayer]:
    """The layers in the cache now, read from their metadata files.

    A metadata file that cannot be read, or whose GeoJSON is missing, is left out.

    Parameters
    ----------
    cache_dir : Path
        The cache folder; a missing folder is an empty cache.

    Returns
    -------
    dict of str to CachedLayer
        By layer key, in key order.
    """
    folder = Path(cache_dir)
    if not folder.is_dir():
        return {}
    found: dict[str, CachedLayer] = {}
    for meta_path in sorted(folder.glob("*.json")):
        key = meta_path.stem
        geojson_path = folder / f"{key}.geojson"
        if key.startswith(".") or not geojson_path.is_file():
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            found[key] = CachedLayer(
                key=key,
                title=str(meta["title"]),
                path=geojson_path,
                source_url=str(meta["source_url"]),
                retrieved=str(meta["retrieved"]),
                sha256=str(meta["sha256"]),
                licence=str(meta["licence"]),
                features=int(meta["features"]),
                source_crs=str(meta["source_crs"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


# --- downloading ------------------------------------------------------------------------------


def _manual_fix(layer: Layer) -> Msg:
    """How to get the layer by hand when the download does not work."""
    landing = _LANDING_PAGES.get(layer.key)
    if landing:
        return msg("fetch_by_hand", url=landing)
    return msg("fetch_export_by_hand", url=layer.url.split("/query", 1)[0])


def _fix(layer: Layer, first: str = "try_later") -> Msg:
    """``first`` (a key of :data:`geo.model.messages.MESSAGES`), or get the layer by hand."""
    return msg("fetch_fix", first=msg(first), manual=_manual_fix(layer))


def _download(url: str, layer: Layer, timeout: float, opener: Any) -> bytes:
    """The body of ``url``; a DataError for network failures, HTTP errors and web pages."""
    try:
        request = urllib.request.Request(
            url, headers={"User-Agent": _USER_AGENT, "Accept": "application/json, application/zip"}
        )
    except ValueError:
        raise DataError(msg("fetch_bad_url"), url, _fix(layer, "check_address")) from None
    try:
        with opener.open(request, timeout=timeout) as response:
            status = getattr(response, "status", None) or response.getcode() or 200
            if status >= 400:
                raise _http_error(url, layer, status, getattr(response, "reason", ""))
            content_type = response.headers.get("Content-Type", "") or ""
            body = _read_limited(response, url, layer)
    except DataError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _http_error(url, layer, exc.code, exc.reason) from None
    except urllib.error.URLError as exc:
        raise _network_error(url, layer, exc.reason, timeout) from None
    except OSError as exc:  # timeouts and resets while reading the answer
        raise _network_error(url, layer, exc, timeout) from None
    except http.client.HTTPException as exc:
        raise DataError(msg("fetch_cut", detail=_describe(exc)), url, _fix(layer)) from None
    _refuse_web_page(body, content_type, url, layer)
    return body


def _read_limited(response: Any, url: str, layer: Layer) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > MAX_DOWNLOAD_BYTES:
            raise DataError(
                msg("fetch_too_big", limit_mb=MAX_DOWNLOAD_BYTES // 2**20),
                url,
                _fix(layer, "check_address_right"),
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _http_error(url: str, layer: Layer, status: int, reason: object) -> DataError:
    text = f" {reason}" if reason else ""
    if status in (404, 410):
        first = "check_moved"
    elif status >= 500:
        first = "check_server"
    else:
        first = "check_address"
    return DataError(msg("fetch_http", status=status, reason=text), url, _fix(layer, first))


def _network_error(url: str, layer: Layer, reason: object, timeout: float) -> DataError:
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        problem = msg("fetch_timeout", timeout=timeout)
        first = "try_later_timeout"
    elif isinstance(reason, ConnectionRefusedError):
        problem = msg("fetch_refused")
        first = "check_connection_address"
    elif isinstance(reason, socket.gaierror):
        problem = msg("fetch_dns")
        first = "check_internet_address"
    elif isinstance(reason, ConnectionError):
        problem = msg("fetch_cut", detail=_describe(reason))
        first = "try_later"
    else:
        problem = msg("fetch_unreachable", detail=_describe(reason))
        first = "check_internet_later"
    return DataError(problem, url, _fix(layer, first))


def _describe(reason: object) -> str:
    text = str(reason).strip()
    name = type(reason).__name__ if isinstance(reason, BaseException) else ""
    return (text or name)[:200]


def _refuse_web_page(body: bytes, content_type: str, url: str, layer: Layer) -> None:
    head = body[:512].lstrip(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise DataError(msg("fetch_empty"), url, _fix(layer))
    looks_like_data = head.startswith((b"PK", b"{", b"["))
    if head.startswith(b"<") or ("text/html" in content_type.lower() and not looks_like_data):
        raise DataError(msg("fetch_web_page"), url, _fix(layer))


def _geojson_from_zip(body: bytes, layer: Layer) -> bytes:
    """The bytes of the GeoJSON inside a zip, read into memory (nothing is extracted)."""
    url = layer.url
    if body.lstrip()[:1] in (b"{", b"["):
        return body  # served as GeoJSON directly; validated like the zip's content
    damaged = DataError(msg("fetch_zip_damaged"), url, _fix(layer, "try_later_cut"))
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            name = choose_zip_member(
                [i.filename for i in archive.infolist() if not i.is_dir()], _GEOJSON_IN_ZIP
            )
            member = archive.getinfo(name) if name is not None else None
            if member is None:
                names = ", ".join(archive.namelist()[:5]) or msg("nothing")
                raise DataError(
                    msg("fetch_zip_no_geojson", names=names),
                    url,
                    _fix(layer, "check_format_changed"),
                )
            too_big = DataError(
                msg(
                    "fetch_zip_too_big",
                    member=member.filename,
                    limit_mb=MAX_UNCOMPRESSED_BYTES // 2**20,
                ),
                url,
                _fix(layer, "check_address_right"),
            )
            if member.file_size > MAX_UNCOMPRESSED_BYTES:
                raise too_big
            with archive.open(member) as handle:
                data = handle.read(MAX_UNCOMPRESSED_BYTES + 1)
            if len(data) > MAX_UNCOMPRESSED_BYTES:
                raise too_big
            return data
    except DataError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise damaged from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unsupported compression
        raise DataError(
            msg("fetch_zip_unreadable", detail=_describe(exc)), url, _fix(layer)
        ) from None


def _download_arcgis(layer: Layer, timeout: float, opener: Any) -> tuple[bytes, str]:
    """All pages of an ArcGIS ``f=geojson`` query as one FeatureCollection, and their sha256.

    Each page starts where the previous one ended, so a service whose own maximum is below
    :data:`PAGE_SIZE` is still read whole.
    """
    digest = hashlib.sha256()
    features: list[Any] = []
    crs_member: Any = None
    separator = "&" if "?" in layer.url else "?"
    for _ in range(MAX_PAGES):
        page_url = (
            f"{layer.url}{separator}resultOffset={len(features)}&resultRecordCount={PAGE_SIZE}"
        )
        body = _download(page_url, layer, timeout, opener)
        digest.update(body)
        page = _parse_geojson(body, page_url, layer)
        page_features = page["features"]
        features.extend(page_features)
        if crs_member is None and "crs" in page:
            crs_member = page["crs"]
        if not page_features or not _more_pages(page, len(page_features)):
            break
    else:
        raise DataError(
            msg("fetch_too_many_pages", pages=MAX_PAGES), layer.url, _fix(layer, "check_paging")
        )
    # The ``crs`` member before the features, where GeoJSON writers put it and readers look.
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if crs_member is not None:
        collection["crs"] = crs_member
    collection["features"] = features
    return json.dumps(collection).encode("utf-8"), digest.hexdigest()


def _more_pages(page: dict[str, Any], count: int) -> bool:
    """Whether the service says more features follow this page.

    ArcGIS writes ``exceededTransferLimit`` at the top level (``f=json``) or inside
    ``properties`` (``f=geojson``). True means more follow even when the page is shorter than
    asked (the service's own maximum is smaller). When the flag is absent, only a full page
    suggests more; false ends the paging.
    """
    properties = page.get("properties")
    flag = page.get("exceededTransferLimit")
    if flag is None and isinstance(properties, dict):
        flag = properties.get("exceededTransferLimit")
    if flag is None:
        return count >= PAGE_SIZE
    return bool(flag)


# --- checking and reprojecting ----------------------------------------------------------------


def _parse_geojson(data: bytes, url: str, layer: Layer) -> dict[str, Any]:
    """The parsed FeatureCollection; a DataError for bad JSON, ArcGIS errors and no features."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(
            msg("fetch_not_json", detail=_describe(exc)), url, _fix(layer, "try_later_cut")
        ) from None
    if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
        error = parsed["error"]
        message = str(error.get("message") or "")
        details = error.get("details")
        if isinstance(details, list) and details:
            message += " — " + "; ".join(str(d) for d in details[:3])
        code = (
            msg("fetch_service_code", code=error["code"]) if error.get("code") is not None else ""
        )
        raise DataError(
            msg("fetch_service_error", message=message or msg("no_message"), code=code),
            url,
            _fix(layer, "check_service_changed"),
        )
    if (
        not isinstance(parsed, dict)
        or parsed.get("type") != "FeatureCollection"
        or not isinstance(parsed.get("features"), list)
    ):
        raise DataError(msg("fetch_not_collection"), url, _fix(layer, "check_format_changed"))
    return parsed


def _to_wgs84(data: bytes, url: str, layer: Layer) -> tuple[gpd.GeoDataFrame, str]:
    """The layer in EPSG:4326 and the name of the CRS its coordinates were found to be in."""
    collection = _parse_geojson(data, url, layer)
    if not collection["features"]:
        raise DataError(msg("fetch_no_features"), url, _fix(layer, "check_emptied_or_moved"))
    declared = declared_geojson_crs(data[:GEOJSON_HEAD_BYTES])
    del collection  # a large layer is held once more by GDAL below
    try:
        frame = gpd.read_file(io.BytesIO(data))
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise DataError(
            msg("fetch_geojson_unreadable", detail=_describe(exc)), url, _fix(layer)
        ) from None
    usable = frame.geometry.notna() & ~frame.geometry.is_empty
    if len(frame) == 0 or not usable.any():
        raise DataError(msg("fetch_no_geometries"), url, _fix(layer, "check_emptied"))
    elsewhere = DataError(msg("fetch_elsewhere"), url, _fix(layer, "check_right_layer"))
    try:
        frame, decision = to_wgs84(frame, declared)
    except UnknownCrs:
        raise elsewhere from None
    if not inside_medellin(tuple(frame[usable].total_bounds)):
        raise elsewhere
    return frame, decision.used


# --- writing the cache ------------------------------------------------------------------------


def _write_geojson(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    """The frame as RFC 7946 GeoJSON bytes (EPSG:4326, no ``crs`` member)."""
    buffer = io.BytesIO()
    try:
        frame.to_file(buffer, driver="GeoJSON", layer=layer.key, RFC7946="YES")
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise DataError(
            msg("fetch_convert_failed", detail=_describe(exc)), layer.url, _fix(layer)
        ) from None
    return buffer.getvalue()


def _store(cached: CachedLayer, geojson: bytes, layer: Layer) -> None:
    """Write the GeoJSON and its metadata atomically; the old pair stays on any failure."""
    folder = cached.path.parent
    meta = {"key": cached.key, **{k: v for k, v in asdict(cached).items() if k in _METADATA_FIELDS}}
    meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    staged: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged.append(_stage(folder, cached.key, ".geojson", geojson))
        _check_staged(staged[0], cached.features, layer)
        staged.append(_stage(folder, cached.key, ".json", meta_bytes))
        os.replace(staged[0], cached.path)
        os.replace(staged[1], folder / f"{cached.key}.json")
    except OSError as exc:
        raise DataError(
            msg("fetch_cache_write", detail=_describe(exc)),
            str(folder),
            msg("fetch_cache_write_fix"),
        ) from None
    finally:
        for path in staged:
            path.unlink(missing_ok=True)


def _stage(folder: Path, key: str, suffix: str, data: bytes) -> Path:
    """A hidden temporary file in ``folder`` holding ``data``, flushed to disk."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=f"{suffix}.tmp")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_staged(path: Path, features: int, layer: Layer) -> None:
    """Read the staged GeoJSON back: same number of features, still in Medellín."""
    try:
        frame = gpd.read_file(path)
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise DataError(
            msg("fetch_readback", detail=_describe(exc)), layer.url, _fix(layer)
        ) from None
    usable = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(frame) != features or usable.empty or not inside_medellin(tuple(usable.total_bounds)):
        raise DataError(msg("fetch_mismatch"), layer.url, _fix(layer))
