"""What the engine tells users when it refuses an input, in Spanish (first) and English.

A :class:`Msg` is a key of :data:`MESSAGES` plus the facts to fill in (file names, columns,
sizes); it becomes text only when the language is known, so the same refusal reads in Spanish on
the Spanish page, in English on the English page and in either on the command line. A parameter
may itself be a :class:`Msg` (the fix "try again later, or download it by hand from ..." is two
parts), rendered in the same language.

These texts live apart from :mod:`geo.model.i18n` (the interface words) because they are the
engine's: readers, ingest, fetch and the CLI raise them without any page, and a catalogue of about a
hundred sentences would double the interface table that every page edits.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from geo.model.messages_real import REAL_MESSAGES
from geo.model.messages_sources import SOURCE_MESSAGES

# key -> {"es": template, "en": template}; templates are str.format strings over the facts.
MESSAGES: Final[dict[str, dict[str, str]]] = {
    # --- reading a file (geo/io/readers.py, geo/cli/) --------------------------------------------
    "path_missing": {"es": "no existe.", "en": "does not exist."},
    "path_missing_fix": {"es": "Revise la ruta.", "en": "Check the path."},
    "file_empty": {"es": "está vacío.", "en": "is empty."},
    "file_empty_fix": {
        "es": "Elija el archivo de nuevo; no tiene contenido.",
        "en": "Choose the file again; it has no content.",
    },
    "zip_damaged": {
        "es": "parece un archivo zip, pero está dañado o incompleto.",
        "en": "looks like a zip file but is damaged or incomplete.",
    },
    "zip_damaged_fix": {
        "es": "Descárguelo o expórtelo de nuevo.",
        "en": "Download or export it again.",
    },
    "zip_too_big": {
        "es": "se expandiría a {size_mb:.0f} MB, más que el límite de {limit_mb:.0f} MB.",
        "en": "would expand to {size_mb:.0f} MB, above the limit of {limit_mb:.0f} MB.",
    },
    "zip_too_big_fix": {
        "es": "Envíe la capa sin comprimir o divídala.",
        "en": "Send the layer without compression or split it.",
    },
    "zip_nested": {
        "es": "no contiene ninguna capa vectorial, solo otro zip dentro ({inner}).",
        "en": "holds no vector layer, only another zip inside it ({inner}).",
    },
    "zip_nested_fix": {
        "es": "Descomprima el archivo interno {inner} y cárguelo.",
        "en": "Unzip the inner file {inner} and upload it.",
    },
    "zip_no_layer": {
        "es": "no contiene ninguna capa vectorial (.shp, .geojson, .gpkg, .fgb o .kml).",
        "en": "holds no vector layer (.shp, .geojson, .gpkg, .fgb or .kml).",
    },
    "zip_no_layer_fix": {
        "es": "Comprima juntos los archivos .shp, .shx, .dbf y .prj del shapefile, o use GeoJSON.",
        "en": "Zip the shapefile's .shp, .shx, .dbf and .prj together, or use GeoJSON.",
    },
    "shp_incomplete": {
        "es": "contiene {member} sin su(s) archivo(s) {missing}.",
        "en": "holds {member} without its {missing} file(s).",
    },
    "shp_incomplete_fix": {
        "es": "Comprima juntos todos los archivos del shapefile (.shp, .shx, .dbf y .prj).",
        "en": "Zip all the shapefile's files together (.shp, .shx, .dbf and .prj).",
    },
    "shp_part": {
        "es": "es solo una parte de un shapefile; un shapefile son varios archivos.",
        "en": "is one part of a shapefile; a shapefile is several files.",
    },
    "shp_part_fix": {
        "es": "Comprima juntos los archivos .shp, .shx, .dbf y .prj y cargue el .zip.",
        "en": "Zip the .shp, .shx, .dbf and .prj files together and load the .zip.",
    },
    "not_geojson": {
        "es": "no es un GeoJSON válido: no empieza con '{{'.",
        "en": "is not valid GeoJSON: it does not start with '{{'.",
    },
    "not_geojson_fix": {
        "es": "Exporte la capa de nuevo como GeoJSON, o envíe un shapefile comprimido o un "
        "GeoPackage.",
        "en": "Export the layer again as GeoJSON, or send a zipped shapefile or a GeoPackage.",
    },
    "not_a_layer": {
        "es": "es un archivo {fmt}, no una capa de mapa.",
        "en": "is a {fmt} file, not a map layer.",
    },
    "not_a_layer_fix": {
        "es": "Para los límites use GeoJSON, GeoPackage, un shapefile comprimido, FlatGeobuf o "
        "KML/KMZ.",
        "en": "Use GeoJSON, GeoPackage, a zipped shapefile, FlatGeobuf or KML/KMZ for boundaries.",
    },
    "no_features": {"es": "no tiene elementos.", "en": "has no features."},
    "no_features_fix": {
        "es": "Revise que exportó la capa correcta.",
        "en": "Check that the right layer was exported.",
    },
    "no_geometry": {
        "es": "tiene {n} elemento(s), pero ninguno tiene geometría (todas nulas o vacías{detail}).",
        "en": "has {n} feature(s) but none has a geometry (all null or empty{detail}).",
    },
    "no_geometry_fix": {
        "es": "Exporte la capa de nuevo con sus geometrías (en QGIS: Exportar > Guardar objetos "
        "como).",
        "en": "Export the layer again with its geometries (in QGIS: Export > Save Features As).",
    },
    "crs_unknown_fix": {
        "es": "Revise las coordenadas en QGIS y, si están en metros, declare el CRS de la capa "
        "(un archivo .prj).",
        "en": "Check the coordinates in QGIS, and declare the layer's CRS (a .prj file) if they "
        "are in metres.",
    },
    "layer_unreadable": {
        "es": "no se pudo leer como capa {fmt} ({detail}).",
        "en": "could not be read as a {fmt} layer ({detail}).",
    },
    "layer_unreadable_fix": {
        "es": "Ábralo en QGIS para revisarlo, o expórtelo de nuevo como GeoJSON.",
        "en": "Open it in QGIS to check it, or export it again as GeoJSON.",
    },
    "table_binary": {
        "es": "no es una tabla de texto: contiene datos binarios (caracteres de control donde "
        "debería estar la fila de encabezado).",
        "en": "is not a text table: it holds binary data (control characters where the header "
        "row should be).",
    },
    "table_binary_fix": {
        "es": "Revise que eligió el archivo correcto, y guarde la tabla desde Excel como "
        "'CSV UTF-8' o .xlsx.",
        "en": "Check that the right file was chosen, and save the table from Excel as "
        "'CSV UTF-8' or .xlsx.",
    },
    "table_no_rows": {"es": "no tiene filas.", "en": "has no rows."},
    "table_no_rows_fix": {
        "es": "Revise que el archivo no esté vacío.",
        "en": "Check that the file is not empty.",
    },
    "csv_unreadable": {
        "es": "no se pudo leer como CSV ({detail}).",
        "en": "could not be read as CSV ({detail}).",
    },
    "csv_unreadable_fix": {
        "es": "Guárdelo desde Excel como 'CSV UTF-8' con una sola fila de encabezado.",
        "en": "Save it from Excel as 'CSV UTF-8' with one header row.",
    },
    "table_header_only": {
        "es": "tiene fila de encabezado ({columns}) pero ninguna fila de datos.",
        "en": "has a header row ({columns}) but no data rows.",
    },
    "table_header_only_fix": {
        "es": "Agregue una fila por registro bajo el encabezado, o elija el archivo que tiene "
        "los datos.",
        "en": "Add one row per record under the header, or choose the file that holds the data.",
    },
    "xlsx_unreadable": {
        "es": "no se pudo leer como libro de Excel ({detail}).",
        "en": "could not be read as an Excel workbook ({detail}).",
    },
    "xlsx_unreadable_fix": {
        "es": "Ábralo en Excel y guárdelo de nuevo como .xlsx.",
        "en": "Open it in Excel and save it again as .xlsx.",
    },
    "xlsx_no_data": {"es": "no tiene ninguna hoja con datos.", "en": "has no sheet with data."},
    "xlsx_no_data_fix": {
        "es": "Ponga la tabla en la primera hoja.",
        "en": "Put the table on the first sheet.",
    },
    "xlsx_merged": {
        "es": "tiene celdas combinadas en la fila de encabezado de la hoja '{sheet}' ({cells}), "
        "así que sus columnas no se pueden distinguir.",
        "en": "has merged cells in the header row of sheet '{sheet}' ({cells}), so its columns "
        "cannot be told apart.",
    },
    "xlsx_merged_fix": {
        "es": "Separe las celdas combinadas y deje una sola fila de encabezado (un nombre por "
        "columna) justo encima de los datos, sin filas de título.",
        "en": "Unmerge the cells and leave one header row (one name per column) right above the "
        "data, with no title rows.",
    },
    "json_invalid": {
        "es": "no es un JSON válido ({detail}).",
        "en": "is not valid JSON ({detail}).",
    },
    "json_invalid_fix": {"es": "Expórtelo de nuevo.", "en": "Export it again."},
    "json_no_records": {
        "es": "no contiene ninguna lista de registros.",
        "en": "holds no list of records.",
    },
    "json_no_records_fix": {
        "es": "Use un arreglo JSON de objetos, o CSV.",
        "en": "Use a JSON array of objects, or CSV.",
    },
    # --- the coordinates (geo/io/crs.py) ----------------------------------------------------------
    "crs_no_match": {
        "es": "las coordenadas ({x:.0f}, {y:.0f}) no corresponden a ningún CRS conocido cerca "
        "de Medellín (declarado: {declared}){beyond}.",
        "en": "coordinates ({x:.0f}, {y:.0f}) match no known CRS near Medellín (declared: "
        "{declared}){beyond}.",
    },
    "none": {"es": "ninguno", "en": "none"},
    "crs_beyond": {
        "es": "; leídas como grados, la {axis} {value:.1f} del elemento {feature} pasa de "
        "±{limit}: la longitud y la latitud pueden estar intercambiadas o desplazadas",
        "en": "; read as degrees, {axis} {value:.1f} in feature {feature} is beyond ±{limit}: "
        "longitude and latitude may be swapped or shifted",
    },
    "longitude": {"es": "longitud", "en": "longitude"},
    "latitude": {"es": "latitud", "en": "latitude"},
    # --- what is typed or loaded in the sidebar (geo/analysis/classify.py, geo/model/view.py) -----
    "breaks_not_numbers": {
        "es": "los cortes deben ser números separados por ';' o espacios.",
        "en": "breaks must be numbers separated by ';' or spaces.",
    },
    "breaks_not_distinct": {
        "es": "los cortes deben ser números distintos.",
        "en": "breaks must be distinct numbers.",
    },
    "breaks_fix": {
        "es": "Escriba, por ejemplo, 0,03; 0,05; 0,08.",
        "en": "Type, for example, 0.03; 0.05; 0.08.",
    },
    "views_not_json": {
        "es": "no es un archivo JSON de vistas guardadas ({detail}).",
        "en": "is not a JSON file of saved views ({detail}).",
    },
    "views_no_list": {
        "es": 'no tiene una lista "views" de enlaces a vistas.',
        "en": 'has no "views" list of view links.',
    },
    "views_fix": {
        "es": "Elija un archivo de vistas descargado de este atlas.",
        "en": "Choose a file of views downloaded from this atlas.",
    },
    # --- details and notes of the join report (geo/io/crs.py, geo/io/readers.py, geo/io/ingest/)
    "crs_assumed_detail": {
        "es": "sin CRS declarado; las coordenadas corresponden a {used}",
        "en": "no CRS declared; the coordinates fit {used}",
    },
    "crs_contradiction_detail": {
        "es": "declara {declared} pero las coordenadas corresponden a {used}",
        "en": "declares {declared} but the coordinates fit {used}",
    },
    "crs_degrees_detail": {
        "es": "declara {declared} pero las coordenadas son grados; se usa EPSG:4326",
        "en": "declares {declared} but the coordinates are degrees; EPSG:4326 is used",
    },
    "note_csv": {
        "es": "CSV {encoding}, separador {separator}, decimal '{decimal}'",
        "en": "CSV {encoding}, {separator} separator, decimal '{decimal}'",
    },
    "utf16_no_bom": {"es": "UTF-16 sin BOM", "en": "UTF-16 without BOM"},
    "utf8_bom": {"es": "UTF-8 con BOM", "en": "UTF-8 with BOM"},
    "semicolon": {"es": "punto y coma", "en": "semicolon"},
    "comma": {"es": "coma", "en": "comma"},
    "tab": {"es": "tabulador", "en": "tab"},
    "bar": {"es": "barra", "en": "bar"},
    "note_xlsx": {"es": "XLSX, hoja '{sheet}'", "en": "XLSX, sheet '{sheet}'"},
    "note_json": {"es": "JSON, lista '{key}'", "en": "JSON, list '{key}'"},
    "note_duplicate_column": {
        "es": "columna repetida: '{base}' aparece más de una vez; se usa la primera y la otra "
        "queda como '{column}'. Deje una sola columna con ese nombre o renómbrela.",
        "en": "repeated column: '{base}' appears more than once; the first is used and the "
        "other becomes '{column}'. Keep one column of that name or rename it.",
    },
    "note_empty_formulas": {
        "es": "celdas con fórmula sin valor guardado, leídas como vacías: {cells}. Abra el libro "
        "en Excel y guárdelo para que guarde los valores de las fórmulas",
        "en": "cells with a formula but no saved value, read as empty: {cells}. Open the "
        "workbook in Excel and save it so that it stores the formulas' values",
    },
    "detail_other_separator": {
        "es": "la fila usa {other} como separador y el encabezado {separator}; guarde el archivo "
        "con un solo separador",
        "en": "the row uses {other} as separator and the header {separator}; save the file "
        "with one separator",
    },
    "detail_empty_geometry": {
        "es": "geometría {kind} vacía",
        "en": "empty {kind} geometry",
    },
    "detail_not_polygon": {"es": "{kind}: no es un polígono", "en": "{kind}: not a polygon"},
    "detail_unreadable_geometry": {
        "es": "sin geometría, o geometría ilegible ({detail}); corríjala en QGIS",
        "en": "no geometry, or an unreadable one ({detail}); fix it in QGIS",
    },
    "detail_null_geometry": {"es": "sin geometría (null)", "en": "no geometry (null)"},
    "detail_first_used": {"es": "se usa la primera", "en": "the first one is used"},
    "detail_scientific_code": {
        "es": "código DANE en notación científica ({value}): Excel perdió sus dígitos. Dé "
        "formato de texto a la columna '{column}' y escriba los códigos de nuevo",
        "en": "DANE code in scientific notation ({value}): Excel lost its digits. Format the "
        "column '{column}' as text and type the codes again",
    },
    "detail_no_dane_code": {"es": "sin código DANE", "en": "no DANE code"},
    "note_placed_by_geometry": {
        "es": "{n} sede(s) sin latitud/longitud en los atributos se ubicaron por su geometría "
        "(filas {rows})",
        "en": "{n} site(s) without latitude/longitude in the attributes were placed by their "
        "geometry (rows {rows})",
    },
    "detail_coordinates": {"es": "coordenadas", "en": "coordinates"},
    "detail_no_year_column": {
        "es": "sin columna de año; indique el año (--year) para usar los conteos",
        "en": "no year column; give the year (--year) to use the counts",
    },
    "detail_code_year_repeated": {
        "es": "código y año repetidos",
        "en": "code and year repeated",
    },
    "detail_above_enrolment": {
        "es": "{column} {value:g} > {enrolled} {total:g}; no se usa",
        "en": "{column} {value:g} > {enrolled} {total:g}; not used",
    },
    "detail_out_of_range": {
        "es": "latitud {lat:g}, longitud {lon:g}: fuera de rango (±90, ±180). Revise las "
        "columnas de latitud y longitud de esta fila; pueden estar intercambiadas o mal escritas",
        "en": "latitude {lat:g}, longitude {lon:g}: out of range (±90, ±180). Check this row's "
        "latitude and longitude columns; they may be swapped or mistyped",
    },
    "detail_within_tolerance": {
        "es": "a {metres:.0f} m de {territory}",
        "en": "{metres:.0f} m from {territory}",
    },
    "detail_beyond_tolerance": {
        "es": "a {metres:.0f} m del territorio más cercano",
        "en": "{metres:.0f} m from the nearest territory",
    },
    "detail_declares": {
        "es": "declara {declared}, el punto cae en {found}",
        "en": "declares {declared}, the point falls in {found}",
    },
    "detail_declares_unknown": {
        "es": "declara {declared}, que no es un territorio de la capa; el punto cae en {found}",
        "en": "declares {declared}, which is no territory of the layer; the point falls in {found}",
    },
    "detail_not_in_sites": {
        "es": "no está en la tabla de sedes",
        "en": "not in the table of sites",
    },
    "detail_no_territory_match": {
        "es": "no coincide con ningún código ni nombre de la capa de límites",
        "en": "matches no code or name of the boundaries layer",
    },
    "note_joined_by_code": {"es": "unido por código: {column}", "en": "joined by code: {column}"},
    "note_joined_by_name": {"es": "unido por nombre: {column}", "en": "joined by name: {column}"},
    "note_wide": {
        "es": "formato ancho: {n} columnas de año",
        "en": "wide format: {n} year columns",
    },
    "note_benchmark": {
        "es": "{n} tasas publicadas por el MEN para el municipio {code}, como línea de referencia",
        "en": "{n} rates published by the MEN for municipality {code}, as a reference line",
    },
    "benchmark_unusable": {
        "es": "Este archivo no sirve como estadísticas del MEN por municipio.",
        "en": "This file cannot be used as the MEN's statistics by municipality.",
    },
    "detail_benchmark_shape": {
        "es": "No tiene columnas de año y de tasas del MEN (DESERCIÓN, APROBACIÓN, "
        "REPROBACIÓN, REPITENCIA, COBERTURA_NETA...). Descargue las estadísticas por municipio "
        "de datos.gov.co (nudc-7mev) o cargue el archivo en el campo que corresponde.",
        "en": "It has no year column nor MEN rate columns (DESERCIÓN, APROBACIÓN, REPROBACIÓN, "
        "REPITENCIA, COBERTURA_NETA...). Download the statistics by municipality from "
        "datos.gov.co (nudc-7mev) or upload this file in the slot it belongs to.",
    },
    "detail_benchmark_municipality": {
        "es": "No tiene filas del municipio {code}: descargue las estadísticas con las filas de "
        "CÓDIGO_MUNICIPIO {code}.",
        "en": "It has no rows for municipality {code}: download the statistics with the rows "
        "of CÓDIGO_MUNICIPIO {code}.",
    },
    "note_long_by_level": {
        "es": "una fila por nivel educativo (columna {column}): {rows} filas unidas en {sites} "
        "filas de sede y año, con una columna por nivel",
        "en": "one row per education level (column {column}): {rows} rows joined into {sites} "
        "rows of site and year, with a column per level",
    },
    "detail_empty_cell": {"es": "{column} vacío", "en": "{column} empty"},
    "detail_negative_not_used": {
        "es": "{column} = {value:g}; no se usa",
        "en": "{column} = {value:g}; not used",
    },
    "note_no_school_age": {
        "es": "sin población de 5 a 16 años: la cobertura no se puede calcular",
        "en": "no population aged 5 to 16: coverage cannot be computed",
    },
    "detail_year_text": {"es": "año '{value}'", "en": "year '{value}'"},
    "detail_year_implausible": {
        "es": "año {value:g} fuera de {first}–{last} (¿una fecha de Excel?); escriba el año con "
        "cuatro cifras en '{column}'",
        "en": "year {value:g} outside {first}–{last} (an Excel date?); type the year with four "
        "digits in '{column}'",
    },
    # --- the command line (geo/cli/) -------------------------------------------------------------
    "cli_located": {
        "es": "{located} de {total} sedes ubicadas en {territories} territorios; años: {years}.",
        "en": "{located} of {total} sites located in {territories} territories; years: {years}.",
    },
    # --- joining the files (geo/io/ingest/) ---------------------------------------------------
    "no_official_comunas": {
        "es": "no contiene la capa oficial de comunas.",
        "en": "holds no official comunas layer.",
    },
    "no_official_comunas_fix": {
        "es": "Descargue primero las capas oficiales (página Datos, o python -m geo fetch).",
        "en": "Download the official layers first (Data page, or python -m geo fetch).",
    },
    "boundaries_no_columns": {
        "es": "no tiene columnas reconocibles de código y nombre (columnas encontradas: {found}).",
        "en": "has no recognisable code and name columns (columns found: {found}).",
    },
    "boundaries_no_columns_fix": {
        "es": "Elíjalas en la correspondencia de columnas (--map {prefix}_codigo=COLUMNA "
        "--map {prefix}_nombre=COLUMNA).",
        "en": "Choose them in the column mapping (--map {prefix}_codigo=COLUMN "
        "--map {prefix}_nombre=COLUMN).",
    },
    "boundaries_no_polygons": {
        "es": "no tiene polígonos: sus {n} elemento(s) son {kinds}, así que no pueden ser "
        "territorios.",
        "en": "has no polygons: its {n} feature(s) are {kinds}, so they cannot be territories.",
    },
    "kinds_empty": {"es": "vacíos", "en": "empty"},
    "boundaries_no_polygons_fix": {
        "es": "Cargue la capa de polígonos de comunas o barrios (los puntos van en el archivo de "
        "sedes).",
        "en": "Load the layer of comuna or barrio polygons (points belong in the schools file).",
    },
    "schools_no_code": {
        "es": "no tiene columna de código DANE (columnas encontradas: {found}).",
        "en": "has no DANE code column (columns found: {found}).",
    },
    "schools_no_code_fix": {
        "es": "Renómbrela a '{column}' o indíquela en la correspondencia (--map {column}=COLUMNA).",
        "en": "Rename it to '{column}' or map it (--map {column}=COLUMN).",
    },
    "indicators_no_key": {
        "es": "no tiene columna de código DANE ni de código o nombre de comuna (columnas "
        "encontradas: {found}).",
        "en": "has neither a DANE code nor a comuna code or name column (columns found: {found}).",
    },
    "indicators_no_key_fix": {
        "es": "Agregue una columna 'codigo_dane' para datos por sede, o 'comuna'/'nombre' para "
        "datos por territorio.",
        "en": "Add a 'codigo_dane' column for school data, or 'comuna'/'nombre' for territory "
        "data.",
    },
    # --- downloading the official layers (geo/io/fetch.py) ----------------------------------------
    "fetch_fix": {"es": "{first}, o {manual}", "en": "{first}, or {manual}"},
    "fetch_by_hand": {
        "es": "descargue el archivo a mano desde {url} y cárguelo en la página Datos.",
        "en": "download the file by hand from {url} and load it on the Data page.",
    },
    "fetch_export_by_hand": {
        "es": "exporte la capa como GeoJSON a mano desde {url} y cárguela en la página Datos.",
        "en": "export the layer as GeoJSON by hand from {url} and load it on the Data page.",
    },
    "try_later": {"es": "Intente de nuevo más tarde", "en": "Try again later"},
    "try_later_timeout": {
        "es": "Intente de nuevo más tarde, con un tiempo de espera mayor si la conexión es lenta",
        "en": "Try again later, with a longer timeout if the connection is slow",
    },
    "try_later_cut": {
        "es": "Intente de nuevo más tarde (la descarga pudo cortarse)",
        "en": "Try again later (the download may have been cut)",
    },
    "check_address": {"es": "Revise la dirección", "en": "Check the address"},
    "check_address_right": {
        "es": "Revise que la dirección sea correcta",
        "en": "Check that the address is right",
    },
    "check_right_layer": {
        "es": "Revise que la dirección sea la de la capa correcta",
        "en": "Check that the address is the right layer",
    },
    "check_moved": {
        "es": "Puede que el publicador la haya movido o retirado; revise la dirección",
        "en": "The publisher may have moved or removed it; check the address",
    },
    "check_server": {
        "es": "El servidor tiene un problema; intente de nuevo más tarde",
        "en": "The server has a problem; try again later",
    },
    "check_connection_address": {
        "es": "Revise la dirección y su conexión, e intente de nuevo",
        "en": "Check the address and your connection, then try again",
    },
    "check_internet_address": {
        "es": "Revise su conexión a internet y la dirección",
        "en": "Check your internet connection and the address",
    },
    "check_internet_later": {
        "es": "Revise su conexión a internet e intente de nuevo más tarde",
        "en": "Check your internet connection and try again later",
    },
    "check_format_changed": {
        "es": "Puede que el publicador haya cambiado el formato; intente de nuevo más tarde",
        "en": "The publisher may have changed the format; try again later",
    },
    "check_paging": {
        "es": "Puede que el servicio ignore la paginación; intente de nuevo más tarde",
        "en": "The service may ignore paging; try again later",
    },
    "check_service_changed": {
        "es": "Puede que el servicio o su capa hayan cambiado; intente de nuevo más tarde",
        "en": "The service or its layer may have changed; try again later",
    },
    "check_emptied_or_moved": {
        "es": "Puede que el publicador haya vaciado o movido la capa; intente de nuevo más tarde",
        "en": "The publisher may have emptied or moved the layer; try again later",
    },
    "check_emptied": {
        "es": "Puede que el publicador haya vaciado la capa; intente de nuevo más tarde",
        "en": "The publisher may have emptied the layer; try again later",
    },
    "fetch_bad_url": {
        "es": "no es una dirección web que este programa pueda descargar.",
        "en": "is not a web address this program can download.",
    },
    "fetch_cut": {
        "es": "la conexión se cortó antes de que llegara toda la respuesta ({detail}).",
        "en": "the connection broke before the whole answer arrived ({detail}).",
    },
    "fetch_too_big": {
        "es": "respondió con más de {limit_mb} MB, más de lo que debería pesar cualquier capa "
        "oficial.",
        "en": "answered with more than {limit_mb} MB, more than any official layer should be.",
    },
    "fetch_http": {
        "es": "el servidor respondió HTTP {status}{reason} en lugar de los datos.",
        "en": "the server answered HTTP {status}{reason} instead of the data.",
    },
    "fetch_timeout": {
        "es": "el servidor no respondió en {timeout:g} s (tiempo de espera agotado).",
        "en": "the server did not answer within {timeout:g} s (timeout).",
    },
    "fetch_refused": {
        "es": "el servidor rechazó la conexión (nada escucha en esa dirección).",
        "en": "the server refused the connection (nothing is listening at that address).",
    },
    "fetch_dns": {
        "es": "no se encontró el nombre del servidor (falla de DNS; ¿está sin conexión?).",
        "en": "the server's name could not be found (DNS failure; are you offline?).",
    },
    "fetch_unreachable": {
        "es": "no se pudo contactar al servidor ({detail}).",
        "en": "the server could not be reached ({detail}).",
    },
    "fetch_empty": {
        "es": "respondió con un cuerpo vacío en lugar de los datos.",
        "en": "answered with an empty body instead of the data.",
    },
    "fetch_web_page": {
        "es": "respondió con una página web en lugar de los datos (puede que el sitio esté caído, "
        "en mantenimiento o se haya movido).",
        "en": "answered with a web page instead of the data (the site may be down, under "
        "maintenance or moved).",
    },
    "fetch_zip_damaged": {
        "es": "respondió con un archivo zip dañado o incompleto.",
        "en": "answered with a zip file that is damaged or incomplete.",
    },
    "fetch_zip_no_geojson": {
        "es": "respondió con un zip sin ningún archivo .geojson ni .json (contiene {names}).",
        "en": "answered with a zip that holds no .geojson or .json file (it holds {names}).",
    },
    "nothing": {"es": "nada", "en": "nothing"},
    "fetch_zip_too_big": {
        "es": "respondió con un zip cuyo {member} se expande a más de {limit_mb} MB; no se abrió.",
        "en": "answered with a zip whose {member} expands to more than {limit_mb} MB; it was not "
        "opened.",
    },
    "fetch_zip_unreadable": {
        "es": "respondió con un zip que no se puede abrir ({detail}).",
        "en": "answered with a zip that cannot be opened ({detail}).",
    },
    "fetch_too_many_pages": {
        "es": "siguió anunciando más elementos después de {pages} páginas.",
        "en": "kept announcing more features after {pages} pages.",
    },
    "fetch_not_json": {
        "es": "respondió con datos que no son un GeoJSON válido ({detail}).",
        "en": "answered with data that is not valid GeoJSON ({detail}).",
    },
    "fetch_service_error": {
        "es": "el servicio de mapas respondió con un error: '{message}'{code}.",
        "en": "the map service answered with an error: '{message}'{code}.",
    },
    "fetch_service_code": {"es": " (código {code})", "en": " (code {code})"},
    "no_message": {"es": "sin mensaje", "en": "no message"},
    "fetch_not_collection": {
        "es": "respondió con un JSON que no es una FeatureCollection de GeoJSON.",
        "en": "answered with JSON that is not a GeoJSON FeatureCollection.",
    },
    "fetch_no_features": {
        "es": "respondió con una capa sin elementos.",
        "en": "answered with a layer that has no features.",
    },
    "fetch_geojson_unreadable": {
        "es": "respondió con un GeoJSON que no se pudo leer ({detail}).",
        "en": "answered with GeoJSON that could not be read ({detail}).",
    },
    "fetch_no_geometries": {
        "es": "respondió con una capa sin geometrías.",
        "en": "answered with a layer that has no geometries.",
    },
    "fetch_elsewhere": {
        "es": "las coordenadas no caen en Medellín; puede que la capa esté en un CRS inesperado.",
        "en": "the coordinates do not fall in Medellín; the layer may be in an unexpected CRS.",
    },
    "fetch_convert_failed": {
        "es": "no se pudo convertir a GeoJSON ({detail}).",
        "en": "could not be converted to GeoJSON ({detail}).",
    },
    "fetch_cache_write": {
        "es": "no se pudo escribir en la caché ({detail}).",
        "en": "could not be written to the cache ({detail}).",
    },
    "fetch_cache_write_fix": {
        "es": "Revise que la carpeta exista, se pueda escribir y tenga espacio libre, e intente "
        "de nuevo.",
        "en": "Check that the folder exists, is writable and has free space, then try again.",
    },
    "fetch_readback": {
        "es": "se convirtió, pero el resultado no se pudo volver a leer ({detail}).",
        "en": "was converted, but the result could not be read back ({detail}).",
    },
    "fetch_mismatch": {
        "es": "se convirtió, pero el resultado no corresponde a lo descargado.",
        "en": "was converted, but the result does not match what was downloaded.",
    },
    # --- formats of other publishers: layers of a file, non-finite coordinates (issue 13) ---------
    "layer_not_found": {
        "es": "no tiene la capa «{layer}»; sus capas son: {layers}.",
        "en": "holds no layer named «{layer}»; its layers are: {layers}.",
    },
    "layer_not_found_fix": {
        "es": "Escriba el nombre de una de sus capas, por ejemplo --layer {first}.",
        "en": "Give the name of one of its layers, for example --layer {first}.",
    },
    "note_layer_chosen": {
        "es": "capa «{layer}» ({count}) de {n} capas",
        "en": "layer «{layer}» ({count}) of {n} layers",
    },
    "note_layer_named": {
        "es": "capa «{layer}» (elegida) de {n} capas",
        "en": "layer «{layer}» (as chosen) of {n} layers",
    },
    "note_layer_polygons": {"es": "{n} polígonos", "en": "{n} polygons"},
    "note_layer_points": {"es": "{n} puntos", "en": "{n} points"},
    "note_layer_features": {"es": "{n} elementos", "en": "{n} features"},
    "detail_not_finite": {
        "es": "{kind} con coordenadas que no son números (NaN o infinito); no se usa",
        "en": "{kind} whose coordinates are not numbers (NaN or infinite); not used",
    },
    "detail_all_not_finite": {
        "es": ": sus coordenadas no son números, NaN o infinito",
        "en": ": their coordinates are not numbers, NaN or infinite",
    },
    # --- spreadsheets as they come (geo/io/readers.py: title rows, totals, sheets, es-CO numbers) -
    "note_header_row": {
        "es": "encabezado en la fila {row}; {skipped} filas de título omitidas",
        "en": "header on row {row}; {skipped} title rows skipped",
    },
    "note_other_sheets": {
        "es": "otras hojas del libro: {others}; elija otra con --sheet o en la página Datos",
        "en": "other sheets in the workbook: {others}; choose another with --sheet or on the "
        "Datos page",
    },
    "xlsx_no_sheet": {
        "es": "no tiene ninguna hoja llamada '{sheet}'; sus hojas son: {sheets}.",
        "en": "has no sheet named '{sheet}'; its sheets are: {sheets}.",
    },
    "xlsx_no_sheet_fix": {
        "es": "Escriba el nombre exacto de una de esas hojas (--sheet NOMBRE).",
        "en": "Give the exact name of one of those sheets (--sheet NAME).",
    },
    "xlsx_sheet_empty": {"es": "la hoja '{sheet}' está vacía.", "en": "sheet '{sheet}' is empty."},
    "xlsx_sheet_empty_fix": {
        "es": "Elija una hoja con datos: {sheets}.",
        "en": "Choose a sheet that holds data: {sheets}.",
    },
    "detail_left_out": {
        "es": "fila de totales o notas, no se usa como dato: «{text}»",
        "en": "totals or notes row, not used as data: «{text}»",
    },
    "detail_ambiguous_numbers": {
        "es": "la columna '{column}' mezcla {first} y {second}: no se sabe si el punto o la "
        "coma separa miles o decimales; esas celdas no se usan. Escriba los números de la "
        "columna de una sola forma",
        "en": "column '{column}' mixes {first} and {second}: whether the point or the comma "
        "separates thousands or decimals cannot be told; those cells are not used. Write the "
        "column's numbers in one way",
    },
    # --- which columns of a boundary layer were used, and why (geo/io/columns.py) -----------------
    "what_code": {"es": "código", "en": "code"},
    "what_name": {"es": "nombre", "en": "name"},
    "column_by_mapping": {
        "es": "{what}: «{column}» elegida en la correspondencia de columnas.",
        "en": "{what}: «{column}» chosen in the column mapping.",
    },
    "column_by_alias": {
        "es": "{what}: «{column}» por alias.",
        "en": "{what}: «{column}» by alias.",
    },
    "column_by_content_code": {
        "es": "{what}: «{column}» por contenido: {n} valores únicos de {digits} dígitos ({kind}).",
        "en": "{what}: «{column}» by content: {n} unique values of {digits} digits ({kind}).",
    },
    "code_kind_comuna": {
        "es": "códigos de comuna o corregimiento",
        "en": "comuna or corregimiento codes",
    },
    "code_kind_barrio": {"es": "códigos de barrio CCBB", "en": "CCBB barrio codes"},
    "code_kind_municipality": {
        "es": "códigos DANE de municipio",
        "en": "DANE municipality codes",
    },
    "code_kind_site": {"es": "códigos DANE de sede", "en": "DANE site codes"},
    "code_kind_digits": {"es": "solo dígitos", "en": "digits only"},
    "column_by_content_name": {
        "es": "{what}: «{column}» por contenido: {n} textos únicos, {matched} reconocidos como "
        "comunas o corregimientos.",
        "en": "{what}: «{column}» by content: {n} unique texts, {matched} recognised as comunas "
        "or corregimientos.",
    },
    "code_from_name": {
        "es": "código derivado del nombre («{column}»): {matched} de {n} nombres son comunas o "
        "corregimientos oficiales.",
        "en": "code derived from the name («{column}»): {matched} of {n} names are official "
        "comunas or corregimientos.",
    },
    "name_from_official": {
        "es": "nombre tomado de la lista oficial de comunas y corregimientos, por el código.",
        "en": "name taken from the official list of comunas and corregimientos, by the code.",
    },
    "name_from_code": {
        "es": "ninguna columna parece un nombre: el código sirve de nombre.",
        "en": "no column looks like a name: the code stands for the name.",
    },
    # Red escolar (issue 18)
    "network_no_population": {
        "es": "no hay población por edades para proyectar al nivel «{level}»",
        "en": "there is no population by age to project at the «{level}» level",
    },
    "network_no_level_population": {
        "es": "la población no trae las edades de este nivel ({low} a {high} años), ni los "
        "datos permiten repartirla: los cupos necesarios no se pueden calcular",
        "en": "the population has no figures for this level's ages ({low} to {high}), nor can "
        "the data split it: the seats needed cannot be computed",
    },
    "network_fix": {
        "es": "Cargue la población por barrio/vereda y año hasta el año horizonte (grupos de "
        "edad 5, 6-10, 11-14, 15-16, o edades simples), o la proyección de población por "
        "comuna (p. ej. la del DAP, 2018-2030).",
        "en": "Load the population per barrio/vereda and year up to the horizon year (age "
        "groups 5, 6-10, 11-14, 15-16, or single ages), or the population projection per "
        "comuna (e.g. DAP's, 2018-2030).",
    },
    "network_horizon": {
        "es": "el año horizonte {horizon} está fuera de lo que se puede proyectar "
        "({first}-{last}: del último año de sedes al último año de población).",
        "en": "the horizon year {horizon} is outside what can be projected ({first}-{last}: "
        "from the school table's latest year to the population's last year).",
    },
    "network_no_seats": {
        "es": "la tabla de sedes no trae cupos ni matrícula por nivel («{column}» o su matrícula)",
        "en": "the school table has neither seats nor enrolment by level («{column}» or its "
        "enrolment)",
    },
    "network_seats_fix": {
        "es": "Agregue por sede y año los cupos (cupos_primaria...) o la matrícula por nivel "
        "(matricula_primaria...).",
        "en": "Add per site and year the seats (cupos_primaria...) or the enrolment by level "
        "(matricula_primaria...).",
    },
    "network_split": {
        "es": "Donde solo se tiene la población total, la población en edad escolar se obtuvo "
        "repartiendo el total según la estructura de edades de la ciudad.",
        "en": "Where only the total population is given, the school-age population was "
        "obtained by splitting the total by the city's age structure.",
    },
    "network_enrolment_as_seats": {
        "es": "Algunas sedes no declaran cupos: para ellas se usa su matrícula actual del nivel "
        "como cupos ofrecidos.",
        "en": "Some sites declare no seats: their current enrolment of the level stands for "
        "their seats.",
    },
    "network_gross_coverage": {
        "es": "La tabla no trae matrícula por edad: la cobertura actual es bruta (todas las "
        "edades), no neta.",
        "en": "The table has no enrolment by age: the current coverage is gross (all ages), "
        "not net.",
    },
    "network_no_level_sites": {
        "es": "La tabla de sedes no dice qué niveles ofrece cada sede: se cuentan todas.",
        "en": "The school table does not say which levels each site offers: all are counted.",
    },
    "network_no_sites": {
        "es": "ninguna sede ofrece el nivel «{level}» con la elección actual",
        "en": "no site offers the «{level}» level with the current choice",
    },
    "network_travel_used": {
        "es": "Se usa la tabla de tiempos de viaje por la red vial ({n} pares origen-sede) en "
        "lugar de la distancia en línea recta.",
        "en": "The road-network travel-time table ({n} origin-site pairs) is used instead of "
        "the straight-line distance.",
    },
    "travel_no_columns": {
        "es": "no se encontraron las columnas de origen, sede y minutos (columnas: {found})",
        "en": "the origin, site and minutes columns were not found (columns: {found})",
    },
    "travel_fix": {
        "es": "Use una tabla con una fila por par: codigo_barrio (origen), codigo_dane (sede) "
        "y minutos.",
        "en": "Use a table with one row per pair: codigo_barrio (origin), codigo_dane (site) "
        "and minutos (minutes).",
    },
    "barrio_population_no_key": {
        "es": "no se encontró la columna del código de barrio/vereda (columnas: {found})",
        "en": "the barrio/vereda code column was not found (columns: {found})",
    },
}
MESSAGES.update(REAL_MESSAGES)  # issue 23, kept apart so features do not edit one table
MESSAGES.update(SOURCE_MESSAGES)  # issue 23: the ArcGIS population layer and MEData


def placeholders(template: str) -> set[str]:
    """The names a template fills in (``{size_mb:.0f}`` -> ``size_mb``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Msg:
    """One text of :data:`MESSAGES` with its facts; :meth:`render` writes it in a language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A wrong key or a missing fact is a programming error: fail where the Msg is made,
        # not later when a page shows it.
        wanted = placeholders(MESSAGES[self.key]["es"])
        if wanted != set(self.params):
            raise KeyError(f"{self.key} needs {sorted(wanted)}, got {sorted(self.params)}")

    def render(self, lang: str) -> str:
        """The text in ``lang`` ("es" or "en"); nested messages in the same language."""
        facts = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.params.items()}
        return MESSAGES[self.key][lang].format(**facts)


def msg(key: str, /, **facts: object) -> Msg:
    """``msg("zip_nested", inner="interno.zip")``: a message with its facts."""
    return Msg(key, facts)
