"""Official downloads against a local server that imitates GeoMedellín (never the internet).

Every served body is built at test time in ``tmp_path``: small hand-made layers, zipped the way
the publisher zips them, ArcGIS pages, and the faults a real server produces. Every fault must
end in a DataError naming the URL, with the good cached copy untouched byte for byte and no
temporary file left behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.errors import DataError
from geo.io import fetch
from geo.io.fetch import (
    LICENCE,
    CachedLayer,
    Layer,
    cached_layers,
    fetch_all,
    fetch_layer,
    official_layers,
)
from geo.io.readers import MAX_UNCOMPRESSED_BYTES

REPO = Path(__file__).resolve().parents[1]

# A served answer: (status, headers, body) or (status, headers, body, delay in seconds).
Answer = tuple[Any, ...]
Route = Answer | Callable[[dict[str, list[str]]], Answer]

OPEN_DATA = "/open_data/"
ARCGIS = "/rest/services/"
COMUNAS_PATH = OPEN_DATA + "OD1043/geojson_limite_catastral_de_comun.zip"
BARRIOS_PATH = OPEN_DATA + "OD1044/geojson_limite_barrio_vereda_cata.zip"
SEDES_PATH = ARCGIS + "educacion/VC_Sedes/MapServer/0/query"
PATHS = {"comunas": COMUNAS_PATH, "barrios": BARRIOS_PATH, "sedes": SEDES_PATH}

ZIP = {"Content-Type": "application/zip"}
GEOJSON = {"Content-Type": "application/geo+json; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain"}
ERROR_PAGE = (
    b"\n  <!DOCTYPE html><html><head><title>Mantenimiento</title></head>"
    b"<body><h1>GeoMedell\xc3\xadn est\xc3\xa1 en mantenimiento</h1></body></html>"
)


# --- the local server -------------------------------------------------------------------------


class Server:
    """Routes (path -> answer, or a function of the query) and a log of the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.stopping = threading.Event()
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def layers(self) -> dict[str, Layer]:
        layers = official_layers(self.url(OPEN_DATA), self.url(ARCGIS))
        return {layer.key: layer for layer in layers}

    def answer(self, raw_path: str) -> Answer:
        parts = urlsplit(raw_path)
        query = parse_qs(parts.query)
        self.requests.append((parts.path, query))
        route = self.routes.get(parts.path)
        if route is None:
            return 404, TEXT, b"Not Found"
        return route(query) if callable(route) else route


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body, *rest = server.answer(self.path)
            if rest and rest[0]:
                server.stopping.wait(rest[0])  # a slow server; teardown wakes it
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A ThreadingHTTPServer on 127.0.0.1, port 0, in a background thread."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- served bodies ----------------------------------------------------------------------------

COMUNAS_4326 = [
    box(-75.62, 6.23, -75.60, 6.25),
    box(-75.60, 6.23, -75.58, 6.25),
    box(-75.60, 6.25, -75.58, 6.27),
]


def comunas(boxes: list = COMUNAS_4326) -> gpd.GeoDataFrame:
    codes = ["01", "02", "03"][: len(boxes)]
    names = ["Popular", "Santa Cruz", "Manrique"][: len(boxes)]
    return gpd.GeoDataFrame({"comuna": codes, "nombre": names}, geometry=boxes, crs=4326)


def geojson_bytes(frame: gpd.GeoDataFrame, declare: str | None = None) -> bytes:
    """GeoJSON as the publisher writes it: no ``crs`` member unless ``declare`` names one."""
    collection = json.loads(frame.to_json(drop_id=True))
    collection.pop("crs", None)
    if declare:
        collection["crs"] = {"type": "name", "properties": {"name": declare}}
    return json.dumps(collection).encode("utf-8")


def zip_bytes(folder: Path, members: dict[str, bytes]) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"served_{len(list(folder.iterdir()))}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path.read_bytes()


SITES_4326 = [
    Point(-75.61, 6.24),
    Point(-75.59, 6.26),
    Point(-75.57, 6.21),
    Point(-75.55, 6.30),
    Point(-75.60, 6.20),
]


def sites_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "codigo_dane": [f"10500100000{i}" for i in range(len(SITES_4326))],
            "sede_educativa": [f"Sede {i}" for i in range(len(SITES_4326))],
        },
        geometry=SITES_4326,
        crs=4326,
    )


def arcgis_page(
    features: list[dict], more: bool | None, where: str = "properties", crs: Any = None
) -> bytes:
    """One ArcGIS ``f=geojson`` page; ``more`` is exceededTransferLimit (None: absent)."""
    page: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        page["crs"] = crs
    if more is not None:
        if where == "properties":
            page["properties"] = {"exceededTransferLimit": more}
        else:
            page["exceededTransferLimit"] = more
    return json.dumps(page).encode("utf-8")


def arcgis_pages(features: list[dict], per_page: int, **kwargs: Any) -> list[bytes]:
    """The pages a service whose maxRecordCount is ``per_page`` answers, in order."""
    pages = []
    for start in range(0, len(features), per_page):
        more = start + per_page < len(features)
        pages.append(arcgis_page(features[start : start + per_page], more, **kwargs))
    return pages


def arcgis_route(pages: list[bytes], per_page: int) -> Callable[[dict], Answer]:
    """Answers by ``resultOffset``, like a service capped at ``per_page`` features."""

    def route(query: dict[str, list[str]]) -> Answer:
        index = int(query["resultOffset"][0]) // per_page
        body = pages[index] if index < len(pages) else arcgis_page([], more=False)
        return 200, GEOJSON, body

    return route


@dataclasses.dataclass
class Bodies:
    folder: Path
    good_zip: bytes
    pages: list[bytes]

    def zipped(self, members: dict[str, bytes]) -> bytes:
        return zip_bytes(self.folder, members)


@pytest.fixture
def bodies(tmp_path: Path) -> Bodies:
    metres = geojson_bytes(comunas().to_crs(9377))
    assert b'"crs"' not in metres
    folder = tmp_path / "served"
    good = zip_bytes(folder, {"datos/geojson/limite_catastral_de_comun.geojson": metres})
    sites = json.loads(sites_frame().to_json(drop_id=True))["features"]
    return Bodies(folder, good, arcgis_pages(sites, per_page=3))


def serve_good(server: Server, bodies: Bodies) -> None:
    server.routes[COMUNAS_PATH] = (200, ZIP, bodies.good_zip)
    server.routes[SEDES_PATH] = arcgis_route(bodies.pages, per_page=3)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden ones too) and its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def huge_member_zip(bodies: Bodies) -> bytes:
    """A small zip whose member expands to 1 MB of spaces past the readers' limit."""
    path = bodies.folder / "huge.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("datos/huge.geojson", "w", force_zip64=True) as member,
    ):
        block = b" " * 2**20
        for _ in range(MAX_UNCOMPRESSED_BYTES // 2**20 + 1):
            member.write(block)
    return path.read_bytes()


# --- successful downloads ---------------------------------------------------------------------


def test_official_layers_build_urls_from_the_bases() -> None:
    layers = {layer.key: layer for layer in official_layers()}
    assert list(layers) == ["comunas", "barrios", "sedes"]
    assert layers["comunas"].url == (
        fetch.DEFAULT_OPEN_DATA_BASE + "OD1043/geojson_limite_catastral_de_comun.zip"
    )
    assert layers["barrios"].url.endswith("OD1044/geojson_limite_barrio_vereda_cata.zip")
    assert layers["comunas"].kind == layers["barrios"].kind == "zip_geojson"
    sedes = layers["sedes"]
    assert sedes.kind == "arcgis_geojson"
    assert sedes.url.startswith(fetch.DEFAULT_ARCGIS_BASE + "educacion/VC_Sedes/MapServer/0/query?")
    assert parse_qs(urlsplit(sedes.url).query) == {
        "where": ["1=1"],
        "outFields": ["*"],
        "f": ["geojson"],
    }
    assert layers["comunas"].title == "Comunas y corregimientos"
    custom = official_layers("http://x/od/", "http://y/rest/")
    assert custom[0].url.startswith("http://x/od/OD1043/")
    assert custom[2].url.startswith("http://y/rest/educacion/")
    assert fetch.DEFAULT_CACHE_DIR == REPO / "cache" / "official"


def test_zip_in_metres_without_crs_is_cached_in_degrees_with_provenance(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    serve_good(server, bodies)
    cache = tmp_path / "cache"
    layer = server.layers()["comunas"]
    cached = fetch_layer(layer, cache, timeout=5)

    assert cached.path == cache / "comunas.geojson"
    assert sorted(p.name for p in cache.iterdir()) == ["comunas.geojson", "comunas.json"]
    assert cached.source_crs == "EPSG:9377"
    assert cached.features == 3
    meta = json.loads((cache / "comunas.json").read_text(encoding="utf-8"))
    assert meta["source_url"] == layer.url
    assert meta["sha256"] == hashlib.sha256(bodies.good_zip).hexdigest() == cached.sha256
    assert meta["licence"] == LICENCE
    assert "CC BY-SA 4.0" in meta["licence"] and "comercializados" in meta["licence"]
    assert meta["features"] == 3
    assert meta["source_crs"] == "EPSG:9377"
    assert meta["title"] == "Comunas y corregimientos"
    retrieved = datetime.fromisoformat(meta["retrieved"])
    assert retrieved.utcoffset() is not None and retrieved.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - retrieved).total_seconds()) < 60

    raw = json.loads(cached.path.read_text(encoding="utf-8"))
    assert "crs" not in raw  # RFC 7946: EPSG:4326 implied
    back = gpd.read_file(cached.path)
    assert back.crs.to_epsg() == 4326
    assert list(back["comuna"]) == ["01", "02", "03"]
    assert list(back["nombre"]) == ["Popular", "Santa Cruz", "Manrique"]
    for got, expected in zip(back.geometry, COMUNAS_4326, strict=True):
        assert got.symmetric_difference(expected).area < 1e-10

    assert cached_layers(cache) == {"comunas": cached}


@pytest.mark.parametrize(
    ("crs", "declare", "expected"),
    [
        (9377, "EPSG:9377", "EPSG:9377"),
        (9377, "urn:ogc:def:crs:EPSG::9377", "EPSG:9377"),
        (4326, "EPSG:9377", "EPSG:4326"),  # says metres, holds degrees
        (4326, None, "EPSG:4326"),
    ],
    ids=["declared-9377", "declared-urn", "wrong-declaration", "degrees-undeclared"],
)
def test_declared_and_wrongly_declared_crs_end_in_medellin(
    server: Server, bodies: Bodies, tmp_path: Path, crs: int, declare: str | None, expected: str
) -> None:
    served = geojson_bytes(comunas().to_crs(crs), declare=declare)
    server.routes[COMUNAS_PATH] = (200, ZIP, bodies.zipped({"a/b/limite.geojson": served}))
    cached = fetch_layer(server.layers()["comunas"], tmp_path / "cache", timeout=5)
    assert cached.source_crs == expected
    back = gpd.read_file(cached.path)
    west, south, east, north = back.total_bounds
    assert -75.63 < west < east < -75.57 and 6.22 < south < north < 6.28
    for got, want in zip(back.geometry, COMUNAS_4326, strict=True):
        assert got.symmetric_difference(want).area < 1e-10


def test_geojson_is_preferred_and_json_accepted_in_the_zip(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    metres = geojson_bytes(comunas().to_crs(9377))
    served = bodies.zipped(
        {
            "__MACOSX/datos/._limite.geojson": b"\x00\x05junk",
            "datos/leeme.txt": b"Alcaldia de Medellin",
            "datos/metadatos.json": b'{"not": "a layer"}',
            "datos/deep/limite.geojson": metres,
        }
    )
    server.routes[COMUNAS_PATH] = (200, ZIP, served)
    assert fetch_layer(server.layers()["comunas"], tmp_path / "c", timeout=5).features == 3
    only_json = bodies.zipped({"limite.json": metres})
    server.routes[COMUNAS_PATH] = (200, ZIP, only_json)
    assert fetch_layer(server.layers()["comunas"], tmp_path / "d", timeout=5).features == 3


def test_arcgis_pages_are_followed_and_hashed_in_order(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    serve_good(server, bodies)
    layer = server.layers()["sedes"]
    cached = fetch_layer(layer, tmp_path / "cache", timeout=5)

    assert len(bodies.pages) == 2
    assert [q["resultOffset"] for _, q in server.requests] == [["0"], ["3"]]
    for path, query in server.requests:
        assert path == SEDES_PATH
        assert query["resultRecordCount"] == ["1000"]
        assert query["where"] == ["1=1"] and query["outFields"] == ["*"]
        assert query["f"] == ["geojson"]
    assert cached.features == 5
    assert cached.sha256 == hashlib.sha256(b"".join(bodies.pages)).hexdigest()
    assert cached.source_url == layer.url
    assert cached.source_crs == "EPSG:4326"
    back = gpd.read_file(cached.path)
    assert list(back["codigo_dane"]) == list(sites_frame()["codigo_dane"])
    for got, want in zip(back.geometry, SITES_4326, strict=True):
        assert got.distance(want) < 1e-9


@pytest.mark.parametrize("where", ["properties", "top"])
def test_arcgis_paging_reads_the_flag_wherever_it_is(
    server: Server, tmp_path: Path, where: str
) -> None:
    features = json.loads(sites_frame().to_json(drop_id=True))["features"]
    pages = arcgis_pages(features, per_page=2, where=where)
    server.routes[SEDES_PATH] = arcgis_route(pages, per_page=2)
    cached = fetch_layer(server.layers()["sedes"], tmp_path / "cache", timeout=5)
    assert cached.features == 5
    assert [q["resultOffset"] for _, q in server.requests] == [["0"], ["2"], ["4"]]


def test_arcgis_short_page_without_flag_ends_paging(server: Server, tmp_path: Path) -> None:
    features = json.loads(sites_frame().to_json(drop_id=True))["features"]
    server.routes[SEDES_PATH] = (200, GEOJSON, arcgis_page(features, more=None))
    cached = fetch_layer(server.layers()["sedes"], tmp_path / "cache", timeout=5)
    assert cached.features == 5
    assert len(server.requests) == 1


def test_a_new_good_download_replaces_the_cached_copy(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    serve_good(server, bodies)
    cache = tmp_path / "cache"
    layer = server.layers()["comunas"]
    first = fetch_layer(layer, cache, timeout=5)
    two = bodies.zipped({"limite.geojson": geojson_bytes(comunas(COMUNAS_4326[:2]))})
    server.routes[COMUNAS_PATH] = (200, ZIP, two)
    second = fetch_layer(layer, cache, timeout=5)
    assert second.sha256 == hashlib.sha256(two).hexdigest() != first.sha256
    assert second.features == 2 and len(gpd.read_file(second.path)) == 2
    assert cached_layers(cache) == {"comunas": second}
    assert sorted(p.name for p in cache.iterdir()) == ["comunas.geojson", "comunas.json"]


def test_fetch_all_goes_on_after_a_failing_layer(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    serve_good(server, bodies)  # barrios has no route: 404
    cache = tmp_path / "cache"
    results = fetch_all(
        cache, open_data_base=server.url(OPEN_DATA), arcgis_base=server.url(ARCGIS), timeout=5
    )
    assert [type(r) for r in results] == [CachedLayer, DataError, CachedLayer]
    comunas_result, barrios_error, sedes_result = results
    assert isinstance(barrios_error, DataError)
    assert "HTTP 404" in barrios_error.problem.render("en")
    assert barrios_error.where == server.url(BARRIOS_PATH)
    assert "datosAbiertos/1044" in barrios_error.fix.render("en")
    assert set(cached_layers(cache)) == {"comunas", "sedes"}
    assert cached_layers(cache)["sedes"] == sedes_result
    assert cached_layers(cache)["comunas"] == comunas_result


def test_cached_layers_skips_what_it_cannot_use(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    assert cached_layers(tmp_path / "missing") == {}
    cache = tmp_path / "cache"
    cache.mkdir()
    assert cached_layers(cache) == {}
    serve_good(server, bodies)
    fetch_layer(server.layers()["comunas"], cache, timeout=5)
    (cache / "broken.json").write_text("{not json")
    (cache / "broken.geojson").write_text("{}")
    (cache / "orphan.json").write_text((cache / "comunas.json").read_text(encoding="utf-8"))
    (cache / "partial.json").write_text('{"title": "x"}')
    (cache / "partial.geojson").write_text("{}")
    assert list(cached_layers(cache)) == ["comunas"]


def test_engine_module_never_imports_streamlit() -> None:
    code = "import sys, geo.io.fetch; sys.exit('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()


# --- faults: a clear DataError, and the good copy untouched -----------------------------------


def second_page_fails(bodies: Bodies) -> Route:
    def route(query: dict[str, list[str]]) -> Answer:
        if query["resultOffset"] == ["0"]:
            return 200, GEOJSON, bodies.pages[0]
        return 500, TEXT, b"Internal Server Error"

    return route


ARCGIS_ERROR = b'{"error": {"code": 400, "message": "Invalid query", "details": []}}'

# name -> (layer key, route factory (None: connection refused), words the problem must hold)
FAULTS: dict[str, tuple[str, Callable[[Bodies], Route] | None, str]] = {
    "http-500": ("comunas", lambda b: (500, TEXT, b"Internal Server Error"), "HTTP 500"),
    "http-404": ("comunas", lambda b: (404, HTML, ERROR_PAGE), "HTTP 404"),
    "html-page-200": ("comunas", lambda b: (200, HTML, ERROR_PAGE), "web page instead"),
    "html-page-as-zip": ("comunas", lambda b: (200, ZIP, ERROR_PAGE), "web page instead"),
    "empty-body": ("comunas", lambda b: (200, ZIP, b""), "empty body"),
    "truncated-zip": (
        "comunas",
        lambda b: (200, ZIP, b.good_zip[: len(b.good_zip) // 2]),
        "damaged or incomplete",
    ),
    "zip-without-geojson": (
        "comunas",
        lambda b: (200, ZIP, b.zipped({"datos/limite.shp": b"\x00" * 100, "leeme.txt": b"x"})),
        "no .geojson or .json",
    ),
    "zip-member-over-the-limit": (
        "comunas",
        lambda b: (200, ZIP, huge_member_zip(b)),
        f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB",
    ),
    "zip-with-bad-json": (
        "comunas",
        lambda b: (200, ZIP, b.zipped({"limite.geojson": b'{"type": "FeatureCollection", '})),
        "not valid GeoJSON",
    ),
    "zip-with-no-features": (
        "comunas",
        lambda b: (
            200,
            ZIP,
            b.zipped({"l.geojson": b'{"type":"FeatureCollection","features":[]}'}),
        ),
        "no features",
    ),
    "outside-medellin": (
        "comunas",
        lambda b: (
            200,
            ZIP,
            b.zipped({"l.geojson": geojson_bytes(comunas([box(-74.1, 4.6, -74.0, 4.7)]))}),
        ),
        "do not fall in Medellín",
    ),
    "metres-in-an-unknown-crs": (
        "comunas",
        lambda b: (
            200,
            ZIP,
            b.zipped({"l.geojson": geojson_bytes(comunas([box(1e6, 1e6, 1.1e6, 1.1e6)]))}),
        ),
        "unexpected CRS",
    ),
    "slow-server": (
        "comunas",
        lambda b: (200, ZIP, b.good_zip, 2.0),
        "did not answer within 0.5 s",
    ),
    "connection-refused": ("comunas", None, "refused"),
    "arcgis-error-200": ("sedes", lambda b: (200, GEOJSON, ARCGIS_ERROR), "'Invalid query'"),
    "arcgis-500": ("sedes", lambda b: (500, TEXT, b"Internal Server Error"), "HTTP 500"),
    "arcgis-html": ("sedes", lambda b: (200, HTML, ERROR_PAGE), "web page instead"),
    "arcgis-second-page-500": ("sedes", second_page_fails, "HTTP 500"),
    "arcgis-slow": ("sedes", lambda b: (200, GEOJSON, b.pages[0], 2.0), "did not answer"),
    "arcgis-connection-refused": ("sedes", None, "refused"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_raises_a_clear_error_and_keeps_the_good_copy(
    server: Server, bodies: Bodies, tmp_path: Path, fault: str
) -> None:
    key, make_route, words = FAULTS[fault]
    serve_good(server, bodies)
    cache = tmp_path / "cache"
    layer = server.layers()[key]
    fetch_layer(layer, cache, timeout=5)
    before = snapshot(cache)
    assert sorted(before) == [f"{key}.geojson", f"{key}.json"]

    if make_route is None:
        port = closed_port()
        layer = dataclasses.replace(layer, url=layer.url.replace(f":{server.port}/", f":{port}/"))
    else:
        server.routes[PATHS[key]] = make_route(bodies)
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        fetch_layer(layer, cache, timeout=0.5)
    elapsed = time.monotonic() - started

    error = caught.value
    assert layer.url in str(error)
    assert error.where.startswith(layer.url)
    problem, fix = error.problem.render("en"), error.fix.render("en")
    assert words in problem, problem
    for lang in ("es", "en"):
        assert error.problem.render(lang).endswith(".") and "\n" not in error.problem.render(lang)
    assert "Traceback" not in str(error)
    if key == "comunas":
        assert "https://www.medellin.gov.co/geomedellin/datosAbiertos/1043" in fix
    else:
        assert "VC_Sedes/MapServer/0" in fix
    assert "Data page" in fix
    assert "página Datos" in error.fix.render("es")
    assert elapsed < 1.9  # the slow server waits 2 s; the 0.5 s timeout must win
    assert snapshot(cache) == before  # same files, same bytes, no temporary file left


def test_a_write_failure_keeps_the_good_copy(
    server: Server, bodies: Bodies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_good(server, bodies)
    cache = tmp_path / "cache"
    layer = server.layers()["comunas"]
    fetch_layer(layer, cache, timeout=5)
    before = snapshot(cache)
    calls = []

    def failing_replace(src: str | os.PathLike, dst: str | os.PathLike) -> None:
        calls.append(dst)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fetch.os, "replace", failing_replace)
    with pytest.raises(DataError) as caught:
        fetch_layer(layer, cache, timeout=5)
    assert calls and "No space left" in caught.value.problem.render("en")
    assert caught.value.where == str(cache)
    assert snapshot(cache) == before


class DnsFailure:
    """An opener whose every lookup fails, as when the machine is offline."""

    def open(self, request: urllib.request.Request, timeout: float) -> None:
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))


def test_dns_failure_is_a_clear_error(tmp_path: Path) -> None:
    layer = official_layers()[0]
    with pytest.raises(DataError) as caught:
        fetch_layer(layer, tmp_path / "cache", opener=DnsFailure())
    assert caught.value.where == layer.url
    assert "could not be found" in caught.value.problem.render("en")
    assert caught.value.fix.render("en").startswith("Check your internet connection")
    assert not (tmp_path / "cache").exists()


# --- real data (optional) ---------------------------------------------------------------------


@pytest.mark.real_data
def test_real_comunas_served_as_the_open_data_zip(
    real_data: Path, server: Server, tmp_path: Path
) -> None:
    source = real_data / "comunas_corregimientos_4326.geojson"
    served = zip_bytes(
        tmp_path / "served", {"geojson/limite_catastral_de_comun.geojson": source.read_bytes()}
    )
    server.routes[COMUNAS_PATH] = (200, ZIP, served)
    cached = fetch_layer(server.layers()["comunas"], tmp_path / "cache", timeout=30)
    assert cached.features == 21
    assert cached.source_crs == "EPSG:4326"
    assert cached.sha256 == hashlib.sha256(served).hexdigest()
    back = gpd.read_file(cached.path)
    assert back.crs.to_epsg() == 4326 and len(back) == 21
    assert sorted(back["COMUNA"]) == sorted(gpd.read_file(source)["COMUNA"])
    west, south, east, north = back.total_bounds
    assert -75.75 < west < east < -75.4 and 6.1 < south < north < 6.45


@pytest.mark.real_data
def test_real_sites_served_as_arcgis_pages_of_500(
    real_data: Path, server: Server, tmp_path: Path
) -> None:
    collection = json.loads((real_data / "sedes_educativas_2024_9377.geojson").read_bytes())
    pages = arcgis_pages(collection["features"], per_page=500, crs=collection["crs"])
    assert len(pages) == 2
    server.routes[SEDES_PATH] = arcgis_route(pages, per_page=500)
    cached = fetch_layer(server.layers()["sedes"], tmp_path / "cache", timeout=30)
    assert [q["resultOffset"] for _, q in server.requests] == [["0"], ["500"]]
    assert cached.features == 779
    assert cached.source_crs == "EPSG:9377"
    assert cached.sha256 == hashlib.sha256(b"".join(pages)).hexdigest()
    back = gpd.read_file(cached.path)
    west, south, east, north = back.total_bounds
    assert -76.2 < west < east < -75.0 and 5.8 < south < north < 6.8
    # The reprojected points agree with the publisher's own latitud/longitud attributes.
    known = back.dropna(subset=["latitud", "longitud"])
    assert len(known) >= 770
    assert (known.geometry.x - known["longitud"].astype(float)).abs().max() < 1e-4
    assert (known.geometry.y - known["latitud"].astype(float)).abs().max() < 1e-4


# --- the CLI and the official dataset, against the same local server ---------------------------


def test_cli_fetch_then_official_dataset(server: Server, bodies: Bodies, tmp_path: Path) -> None:
    """``python -m geo fetch --base-url`` fills the cache; the app's official dataset reads it."""
    import subprocess
    import sys

    from geo.io.ingest import load_official

    serve_good(server, bodies)
    cache = tmp_path / "cache"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "fetch",
            "--base-url",
            server.url(OPEN_DATA),
            "--arcgis-url",
            server.url(ARCGIS),
            "--cache",
            str(cache),
            "--timeout",
            "5",
        ],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "no_proxy": "*"},
    )
    assert result.returncode == 1  # barrios are not served: one layer failed, others landed
    assert "Barrios y veredas" not in result.stdout and "OD1044" in result.stderr
    assert "licence: CC BY-SA 4.0" in result.stdout
    dataset, _ = load_official(cache)
    assert not dataset.is_demo
    assert dataset.sources[0].licence == LICENCE
    assert len(dataset.territories) == len(comunas())
    assert dataset.sites["codigo_territorio"].notna().any()
    assert "sites" in dataset.available_indicators()


def test_datos_page_downloads_and_offers_the_official_dataset(
    server: Server, bodies: Bodies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Datos page button fetches into the cache and switches to the official dataset."""
    from streamlit.testing.v1 import AppTest

    import pages._shell.data

    serve_good(server, bodies)
    monkeypatch.setattr(pages._shell.data, "OFFICIAL_CACHE", tmp_path / "cache")
    monkeypatch.setattr(pages._shell.data, "OPEN_DATA_URL", server.url(OPEN_DATA))
    monkeypatch.setattr(pages._shell.data, "ARCGIS_URL", server.url(ARCGIS))
    monkeypatch.setattr(pages._shell.data, "SOCRATA_URL", server.url(""))  # answers 404
    monkeypatch.setenv("ATLAS_CKAN_URL", server.url(""))  # MEData: 404 too, never the internet
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    at.switch_page("pages/datos.py").run()
    (button,) = [b for b in at.button if b.label == "Descargar los datos oficiales"]
    button.click().run()
    assert not at.exception
    assert any("Barrios y veredas" in e.value and "404" in e.value for e in at.error)
    bars = [p.proto.text.replace("\\", "") for p in at.get("progress")]  # markdown-escaped
    assert any(b.startswith("Comunas y corregimientos: ") and "elementos" in b for b in bars)
    assert at.selectbox(key="dataset_choice_es").value == "official"
    assert "Capas oficiales \\(GeoMedellín\\)" in [h.value for h in at.subheader]  # escaped
    assert any("ICFES, Saber 11 por estudiante" in e.value and "404" in e.value for e in at.error)
    assert any("CC BY-SA 4.0" in m.value for m in at.markdown)  # the licence is shown


# In a fresh interpreter, as at server start: no script run, the cache from the environment.
WARM_UP_OFFICIAL = """
import pages
import pages._shell.data as data

loads = []
load_official = data.load_official
data.load_official = lambda cache: loads.append(str(cache)) or load_official(cache)
pages.warm_up()
warmed = len(loads)
dataset = pages._official(pages.official_version())  # what a ?ds=official visit asks for
print({"warmed": warmed, "visited": len(loads), "demo": dataset.is_demo})
"""


def test_warm_up_also_prepares_official_layers_downloaded_before(
    server: Server, bodies: Bodies, tmp_path: Path
) -> None:
    serve_good(server, bodies)
    cache = tmp_path / "cache"
    fetch_all(
        cache, open_data_base=server.url(OPEN_DATA), arcgis_base=server.url(ARCGIS), timeout=5
    )
    result = subprocess.run(
        [sys.executable, "-c", WARM_UP_OFFICIAL],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "ATLAS_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout.strip().splitlines()[-1]
    assert report == "{'warmed': 1, 'visited': 1, 'demo': False}"  # loaded once, at start
