"""Choosing the code and name columns of a boundary layer: by mapping, by alias, by content."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.errors import DataError
from geo.io.columns import choose_area_columns
from geo.io.ingest import Inputs, load
from geo.io.names import normalise_name
from geo.model import schema as s
from geo.model.territories import TERRITORIES

OFFICIAL_CODES = [t.code for t in TERRITORIES]
OSM_NAMES = [
    f"Comuna {int(t.code)} - {t.name.replace('-', ' ')}"
    if t.kind == "comuna"
    else f"Corregimiento de {t.name}"
    for t in TERRITORIES
]


def osm_comunas(with_ref: bool = True) -> pd.DataFrame:
    """The columns of an OpenStreetMap extract of Medellín's comunas and corregimientos."""
    frame = pd.DataFrame(
        {
            "@id": [f"relation/{7000 + i}" for i in range(21)],
            "admin_level": ["10"] * 21,
            "boundary": ["administrative"] * 21,
            "name": OSM_NAMES,
            "official_name": [n.upper() for n in OSM_NAMES],
        }
    )
    if with_ref:
        frame.insert(1, "ref", [str(int(c)) for c in OFFICIAL_CODES])
    return frame


def mgn_municipalities(count: int = 30) -> pd.DataFrame:
    """The columns of DANE's MGN municipality layer, ``count`` rows including 05001."""
    departments = ["05", "08", "11", "13", "15"]
    codes = ["05001"] + [f"{departments[i % 5]}{i + 1:03d}" for i in range(1, count)]
    return pd.DataFrame(
        {
            "DPTO_CCDGO": [c[:2] for c in codes],
            "MPIO_CCDGO": [c[2:] for c in codes],
            "MPIO_CDPMP": codes,
            "DPTO_CNMBR": ["ANTIOQUIA" if c[:2] == "05" else "OTRO" for c in codes],
            "MPIO_CNMBR": ["MEDELLÍN"] + [f"MUNICIPIO {c}" for c in codes[1:]],
            "MPIO_CRSLC": ["Ordenanza 1"] * count,
            "MPIO_NAREA": [374.83 + i for i in range(count)],
            "MPIO_NANO": [2018] * count,
            "Shape_Area": [0.03 + i for i in range(count)],
        }
    )


def chosen(frame: pd.DataFrame, **kwargs) -> tuple[str | None, str, str | None, str]:
    columns = choose_area_columns(frame, **kwargs)
    return columns.code.column, columns.code.how, columns.name.column, columns.name.how


def test_mgn_municipalities_by_alias() -> None:
    assert chosen(mgn_municipalities()) == ("MPIO_CDPMP", "alias", "MPIO_CNMBR", "alias")


def test_osm_comunas_by_alias() -> None:
    assert chosen(osm_comunas()) == ("ref", "alias", "name", "alias")


def test_osm_without_ref_derives_the_code_from_the_name() -> None:
    columns = choose_area_columns(osm_comunas(with_ref=False))
    assert (columns.code.column, columns.code.how) == (None, "name")
    assert (columns.name.column, columns.name.how) == ("name", "alias")
    assert "derivado del nombre" in columns.code.why.render("es")
    assert "derived from the name" in columns.code.why.render("en")


def test_unknown_headers_are_chosen_by_content() -> None:
    frame = pd.DataFrame(
        {
            "OBJECTID": range(1, 22),  # unique digits too, but an id, never a code
            "TIPO": ["comuna"] * 16 + ["corregimiento"] * 5,
            "C1": [str(int(c)) for c in OFFICIAL_CODES],
            "T": [t.name.upper() for t in TERRITORIES],
            "Shape_Area": [1.5 + i for i in range(21)],
        }
    )
    columns = choose_area_columns(frame)
    assert (columns.code.column, columns.code.how) == ("C1", "content")
    assert (columns.name.column, columns.name.how) == ("T", "content")
    assert columns.code.why.render("es") == (
        "código: «C1» por contenido: 21 valores únicos de 1-2 dígitos "
        "(códigos de comuna o corregimiento)."
    )
    assert columns.code.why.render("en") == (
        "code: «C1» by content: 21 unique values of 1-2 digits (comuna or corregimiento codes)."
    )
    assert "21 textos únicos, 21 reconocidos" in columns.name.why.render("es")


def test_five_digit_codes_are_dane_municipalities_by_content() -> None:
    frame = mgn_municipalities().rename(columns={"MPIO_CDPMP": "K", "MPIO_CNMBR": "N"})
    frame = frame.drop(columns=["DPTO_CNMBR"])
    assert chosen(frame) == ("K", "content", "N", "content")
    assert "DANE" in choose_area_columns(frame).code.why.render("en")


def test_official_names_beat_unique_numbers_of_no_known_pattern() -> None:
    frame = pd.DataFrame(
        {"NOMBRE": [t.name for t in TERRITORIES], "POBLACION": [1000 + 7 * i for i in range(21)]}
    )
    assert chosen(frame) == (None, "name", "NOMBRE", "alias")


def test_only_codes_take_their_names_from_the_official_list() -> None:
    columns = choose_area_columns(pd.DataFrame({"foo": [1, 2]}))
    assert (columns.code.column, columns.code.how) == ("foo", "content")
    assert (columns.name.column, columns.name.how) == (None, "official")


def test_nothing_plausible_gives_no_code() -> None:
    frame = pd.DataFrame({"foo": [1.5, 1.5], "bar": ["a", "a"]})
    assert choose_area_columns(frame).code is None


def test_the_mapping_wins() -> None:
    frame = osm_comunas()
    columns = choose_area_columns(
        frame, mapping={"territorio_codigo": "@id", "territorio_nombre": "official_name"}
    )
    assert (columns.code.column, columns.code.how) == ("@id", "mapping")
    assert (columns.name.column, columns.name.how) == ("official_name", "mapping")


def test_barrio_codes_by_content() -> None:
    frame = pd.DataFrame({"X": ["0101", "0102", "1601"], "Y": ["Santo Domingo", "Popular", "B"]})
    assert chosen(frame, role="barrios") == ("X", "content", "Y", "content")


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Corregimiento de San Cristóbal", "San Cristóbal"),
        ("Comuna 9 - Buenos Aires", "Buenos Aires"),
        ("CASTILLA", "Castilla"),
        ("Candelaria", "La Candelaria"),
    ],
)
def test_names_written_by_other_publishers(written: str, official: str) -> None:
    assert normalise_name(written) == normalise_name(official)
    assert normalise_name("Castilla") == "castilla"


# --- whole files through load ---------------------------------------------------------------


def write_layer(frame: pd.DataFrame, geometry: list, path: Path) -> Path:
    layer = gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)
    path.write_text(layer.to_json(drop_id=True))
    return path


def grid(count: int, west: float, south: float, size: float) -> list:
    return [
        box(west + (i % 6) * size, south + (i // 6) * size, west + (i % 6 + 1) * size,
            south + (i // 6 + 1) * size)
        for i in range(count)
    ]  # fmt: skip


def test_osm_comunas_load_as_the_21_official_territories(tmp_path: Path) -> None:
    path = write_layer(osm_comunas(), grid(21, -75.66, 6.16, 0.03), tmp_path / "osm.geojson")
    dataset, report = load(Inputs(boundaries=path))
    territories = dataset.territories.set_index(s.CODE)
    assert sorted(territories.index) == OFFICIAL_CODES
    assert territories.loc["11", s.NAME] == "Laureles-Estadio"
    assert territories.loc["60", s.NAME] == "San Cristóbal"
    assert report.files[0].columns == {s.CODE: "ref", s.NAME: "name"}
    notes = report.files[0].notes_in("es")
    assert "código: «ref» por alias." in notes and "nombre: «name» por alias." in notes


def test_osm_without_ref_loads_with_codes_from_names(tmp_path: Path) -> None:
    frame = osm_comunas(with_ref=False)
    path = write_layer(frame, grid(21, -75.66, 6.16, 0.03), tmp_path / "osm.geojson")
    dataset, report = load(Inputs(boundaries=path))
    assert sorted(dataset.territories[s.CODE]) == OFFICIAL_CODES
    assert report.files[0].columns == {s.NAME: "name"}
    assert any("derived from the name" in n for n in report.files[0].notes_in("en"))
    assert [p for p in report.problems if p.file == "osm.geojson"] == []


def test_national_mgn_layer_loads_its_municipalities(tmp_path: Path) -> None:
    # 05001 is the cell over Medellín, where the demo schools are.
    frame = mgn_municipalities()
    path = write_layer(frame, grid(30, -75.65, 6.15, 0.5), tmp_path / "mgn.geojson")
    dataset, report = load(Inputs(boundaries=path))
    territories = dataset.territories.set_index(s.CODE)
    assert len(territories) == 30
    assert territories.loc["05001", s.NAME] == "MEDELLÍN"
    assert report.files[0].columns == {s.CODE: "MPIO_CDPMP", s.NAME: "MPIO_CNMBR"}


def test_codes_only_layer_takes_official_names(tmp_path: Path) -> None:
    frame = pd.DataFrame({"foo": [1, 2]})
    path = write_layer(frame, grid(2, -75.60, 6.20, 0.05), tmp_path / "c.geojson")
    dataset, report = load(Inputs(boundaries=path))
    assert dataset.territories[s.NAME].tolist() == ["Popular", "Santa Cruz"]
    assert report.files[0].columns == {s.CODE: "foo"}
    assert any("official list" in n for n in report.files[0].notes_in("en"))


def test_nothing_plausible_is_refused_with_the_columns(tmp_path: Path) -> None:
    frame = pd.DataFrame({"foo": [1.5, 1.5], "bar": ["a", "a"]})
    path = write_layer(frame, grid(2, -75.60, 6.20, 0.05), tmp_path / "x.geojson")
    with pytest.raises(DataError) as raised:
        load(Inputs(boundaries=path))
    assert "foo, bar" in raised.value.message("en")
    assert "--map territorio_codigo=" in raised.value.message("es")
    json.dumps(raised.value.message("en"))
