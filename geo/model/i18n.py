"""Interface words in Spanish (first) and English, in one table."""

from __future__ import annotations

from typing import Final

from geo.model.formatting import format_number
from geo.model.words import gather

LANGUAGES: Final = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE: Final = "es"

_CORE_TEXT: Final[dict[str, dict[str, str]]] = {
    "page_crashed": {
        "es": "Esta página tuvo un error inesperado y no se pudo mostrar. El resto del atlas "
        "sigue funcionando: cambie la vista en la barra lateral o abra otra página. Si se "
        "repite, informe la referencia {reference}.",
        "en": "This page hit an unexpected error and could not be shown. The rest of the atlas "
        "still works: change the view in the sidebar or open another page. If it happens "
        "again, report reference {reference}.",
    },
    "page_map": {"es": "Mapa", "en": "Map"},
    "page_data": {"es": "Datos", "en": "Data"},
    "page_method": {"es": "Metodología", "en": "Methodology"},
    "demo_badge": {
        "es": "Datos de demostración — no oficiales",
        "en": "Demo data — not official",
    },
    "language": {"es": "Idioma", "en": "Language"},
    "indicator": {"es": "Indicador", "en": "Indicator"},
    "level": {"es": "Nivel territorial", "en": "Geographic level"},
    "level_not_available": {
        "es": "Este indicador no se calcula para {level}; se muestra por comunas y corregimientos.",
        "en": "This indicator is not computed for {level}; shown by comunas and corregimientos.",
    },
    "year": {"es": "Año", "en": "Year"},
    "scheme": {"es": "Clasificación", "en": "Classification"},
    "classes": {"es": "Clases", "en": "Classes"},
    "dataset": {"es": "Conjunto de datos", "en": "Dataset"},
    "dataset_demo": {"es": "Ciudad de demostración", "en": "Demo city"},
    "dataset_official": {
        "es": "Capas oficiales (GeoMedellín)",
        "en": "Official layers (GeoMedellín)",
    },
    "territory": {"es": "Territorio", "en": "Territory"},
    "n": {"es": "n", "en": "n"},
    "sites": {"es": "Sedes", "en": "Sites"},
    "rank": {"es": "Puesto", "en": "Rank"},
    "ranking_caption": {
        "es": "Ordenado del peor al mejor valor. Los territorios sin datos van al final.",
        "en": "Sorted from worst to best. Territories without data come last.",
    },
    "ranking_caption_neutral": {
        "es": "Ordenado de mayor a menor. Los territorios sin datos van al final.",
        "en": "Sorted from highest to lowest. Territories without data come last.",
    },
    "city": {"es": "Medellín (total)", "en": "Medellín (total)"},
    "higher_worse": {"es": "más alto = peor", "en": "higher = worse"},
    "lower_worse": {"es": "más bajo = peor", "en": "lower = worse"},
    "neutral": {"es": "", "en": ""},
    "no_data": {"es": "Sin datos", "en": "No data"},
    "small_sample": {"es": "Muestra pequeña", "en": "Small sample"},
    "small_sample_legend": {"es": "Muestra pequeña (n < {n})", "en": "Small sample (n < {n})"},
    "filters": {"es": "Filtros", "en": "Filters"},
    "share": {"es": "Compartir y presentar", "en": "Share and present"},
    "copy_link_help": {
        "es": "Copiar enlace: el botón de la esquina copia la dirección de esta vista exacta.",
        "en": "Copy link: the corner button copies the address of this exact view.",
    },
    "save_view": {"es": "Guardar esta vista", "en": "Save this view"},
    "saved_views": {
        "es": "{n} vistas guardadas para presentar.",
        "en": "{n} views saved for presenting.",
        "es.one": "{n} vista guardada para presentar.",
        "en.one": "{n} view saved for presenting.",
    },
    "present": {"es": "Presentar (pantalla completa)", "en": "Present (full screen)"},
    "page_present": {"es": "Presentar", "en": "Present"},
    "saved_views_json": {"es": "Descargar las vistas (JSON)", "en": "Download the views (JSON)"},
    "load_views": {"es": "Cargar vistas guardadas (JSON)", "en": "Load saved views (JSON)"},
    "load_views_help": {
        "es": "Un archivo descargado con «Descargar las vistas».",
        "en": "A file downloaded with 'Download the views'.",
    },
    "clear_views": {"es": "Vaciar la lista", "en": "Clear the list"},
    "previous": {"es": "Anterior", "en": "Previous"},
    "next": {"es": "Siguiente", "en": "Next"},
    "exit_presentation": {"es": "Salir de la presentación", "en": "Leave the presentation"},
    "palette": {"es": "Paleta (ColorBrewer)", "en": "Palette (ColorBrewer)"},
    "palette_auto": {"es": "La del indicador", "en": "The indicator's own"},
    "change": {"es": "Cambio", "en": "Change"},
    "clusters": {"es": "Agrupamientos", "en": "Clusters"},
    "mode_clusters": {
        "es": "Agrupamientos espaciales (Moran local)",
        "en": "Spatial clusters (local Moran)",
    },
    "lisa_legend_note": {
        "es": "Moran local, contigüidad reina, {permutations} permutaciones, significancia p < {alpha}.",
        "en": "Local Moran, queen contiguity, {permutations} permutations, significance p < {alpha}.",
    },
    "lisa_too_few": {
        "es": "Con {n} territorios hay muy pocas unidades para estadísticos locales (se necesitan al menos {min}). Elija el nivel *Barrios y veredas*, o vea los valores atípicos con el mapa de caja.",
        "en": "With {n} territories there are too few units for local statistics (at least {min} are needed). Choose the *Barrios and veredas* level, or see the outliers with the box map.",
        "es.one": "Con {n} territorio hay muy pocas unidades para estadísticos locales (se necesitan al menos {min}). Elija el nivel *Barrios y veredas*, o vea los valores atípicos con el mapa de caja.",
        "en.one": "With {n} territory there are too few units for local statistics (at least {min} are needed). Choose the *Barrios and veredas* level, or see the outliers with the box map.",
    },
    "lisa_box_link": {"es": "Abrir el mapa de caja", "en": "Open the box map"},
    "lisa_global": {
        "es": "I de Moran global = {i} (p = {p}).",
        "en": "Global Moran's I = {i} (p = {p}).",
    },
    "enrolled": {"es": "Matrícula", "en": "Enrolment"},
    "show_sites": {
        "es": "Mostrar las sedes (tamaño = matrícula)",
        "en": "Show the sites (size = enrolment)",
    },
    "page_priority": {"es": "Prioridad", "en": "Priority"},
    "page_export": {"es": "Exportar", "en": "Export"},
    "export_demo_note": {
        "es": "Cada archivo dice que son datos de demostración (columna notice, metadatos, mapa).",
        "en": "Every file says it is demo data (notice column, metadata, map).",
    },
    "export_areas": {
        "es": "Datos por territorio de la vista",
        "en": "The view's data per territory",
    },
    "export_sites": {"es": "Sedes de la vista (puntos)", "en": "The view's sites (points)"},
    "export_metadata": {"es": "Metadatos (JSON)", "en": "Metadata (JSON)"},
    "export_map": {"es": "El mapa", "en": "The map"},
    "png_width": {"es": "Ancho (px)", "en": "Width (px)"},
    "png_height": {"es": "Alto (px)", "en": "Height (px)"},
    "export_png": {"es": "Imagen PNG para presentaciones", "en": "PNG image for slides"},
    "export_html": {"es": "Mapa HTML que abre sin internet", "en": "HTML map that opens offline"},
    "export_csv": {"es": "CSV (estándar)", "en": "CSV (standard)"},
    "export_csv_help": {
        "es": "Para programas (R, Python, QGIS): separado por comas, punto decimal, nombres de "
        "columna en inglés, sin BOM.",
        "en": "For programs (R, Python, QGIS): comma-separated, decimal point, English column "
        "names, no BOM.",
    },
    "export_csv_excel_es": {"es": "CSV para Excel en español", "en": "CSV for Excel in Spanish"},
    "export_csv_excel_es_help": {
        "es": "Separado por punto y coma, con coma decimal y encabezados en español: Excel "
        "configurado en español lo abre con doble clic y lee bien los números.",
        "en": "Semicolon-separated, with decimal comma and Spanish headers: Excel set to "
        "Spanish opens it with a double click and reads the numbers right.",
    },
    "export_cli": {
        "es": "La misma exportación desde la línea de comandos",
        "en": "The same export from the command line",
    },
    "export_cli_help": {
        "es": "Reproduce exactamente esta vista; la extensión del archivo elige el formato (.geojson .gpkg .csv .xlsx .html .png).",
        "en": "Reproduces exactly this view; the file's extension picks the format (.geojson .gpkg .csv .xlsx .html .png).",
    },
    "small_sample_explained": {
        "es": "**Muestras pequeñas.** Una tasa cuyo denominador es menor que el mínimo elegido (por defecto {n} estudiantes) se muestra con su n pero sin color de clase (blanco con borde punteado) y no entra en el cálculo de las clases ni en la clasificación de territorios: con tan pocos estudiantes, un par de casos cambia la tasa. *Sin datos* (gris) significa que ninguna sede reportó, lo que no es cero. Con **mismos cortes para todos los años**, las clases se calculan sobre los valores de todos los años juntos, de modo que un color significa lo mismo en cada año.",
        "en": "**Small samples.** A rate whose denominator is below the chosen minimum (default {n} students) is shown with its n but without a class colour (white with a dotted outline) and takes no part in the classes or the ranking: with so few students a couple of cases move the rate. *No data* (grey) means no site reported, which is not zero. With **same breaks for every year**, classes are computed over every year's values together, so a colour means the same in each year.",
    },
    "compare_explained": {
        "es": "**Cambio entre años**: valor del año final menos el del inicial, solo donde ambos años tienen datos suficientes; las tasas cambian en puntos porcentuales; clases simétricas alrededor de cero, rojo = empeora. **Lado a lado**: dos mapas del mismo indicador (dos años o dos sectores) con los mismos cortes, calculados sobre ambos. **Bivariado**: cada indicador se divide en tercios de territorios; el color más oscuro reúne los territorios que están en el peor tercio de ambos.",
        "en": "**Change between years**: the final year's value minus the first's, only where both years have enough data; rates change in percentage points; classes symmetric around zero, red = worse. **Side by side**: two maps of one indicator (two years or two sectors) with the same breaks, computed over both. **Bivariate**: each indicator is cut into thirds of the territories; the darkest colour gathers the territories in the worst third of both.",
    },
    "priority_explained": {
        "es": "Cada indicador elegido se normaliza entre los territorios del nivel y año (mín-máx: 0 el mejor, 1 el peor; o puntaje z), se orienta para que más alto sea peor (la cobertura se invierte), se multiplica por su peso (los pesos se reescalan para sumar 100 %) y se suma. Solo reciben índice los territorios con datos suficientes en todos los indicadores elegidos. Pesos por defecto:",
        "en": "Each chosen indicator is normalised across the territories of the level and year (min-max: 0 the best, 1 the worst; or z-score), oriented so that higher is worse (coverage is inverted), multiplied by its weight (weights are rescaled to add up to 100 %) and summed. Only territories with enough data in every chosen indicator get an index. Default weights:",
    },
    "priority_intro": {
        "es": "Combine indicadores en un **índice de prioridad**: cada uno se normaliza entre los territorios, se orienta para que más alto sea peor, se multiplica por su peso y se suma. Los pesos se reescalan para sumar 100 %.",
        "en": "Combine indicators into a **priority index**: each is normalised across the territories, oriented so that higher is worse, multiplied by its weight and summed. Weights are rescaled to add up to 100 %.",
    },
    "priority_none": {
        "es": "Estos datos no tienen indicadores con dirección (mejor/peor) en este nivel.",
        "en": "This data has no indicators with a direction (better/worse) at this level.",
    },
    "priority_no_weight": {
        "es": "Dé un peso mayor que cero a al menos un indicador.",
        "en": "Give at least one indicator a weight above zero.",
    },
    "normalisation": {"es": "Normalización", "en": "Normalisation"},
    "weights": {"es": "Pesos", "en": "Weights"},
    "priority_source": {"es": "índice calculado por el atlas", "en": "index computed by the atlas"},
    "priority_table_note": {
        "es": "Cada columna de indicador es su aporte al índice (peso × puntaje normalizado). Más alto = actuar primero.",
        "en": "Each indicator column is its contribution to the index (weight × normalised score). Higher = act first.",
    },
    "priority_method_note": {
        "es": "Normalización: {method}. Solo reciben índice los territorios con datos suficientes (n ≥ {n}) en todos los indicadores elegidos.",
        "en": "Normalisation: {method}. Only territories with enough data (n ≥ {n}) in every chosen indicator get an index.",
    },
    "one_year_only": {
        "es": "Los datos tienen un solo año: no hay cambio que mostrar.",
        "en": "The data has a single year: there is no change to show.",
    },
    "one_sector_only": {
        "es": "Los datos no distinguen dos sectores.",
        "en": "The data does not distinguish two sectors.",
    },
    "one_indicator_only": {
        "es": "Los datos tienen un solo indicador.",
        "en": "The data has a single indicator.",
    },
    "same_breaks_note": {
        "es": "Los dos mapas usan los mismos cortes, calculados sobre ambos: el mismo color es el mismo valor.",
        "en": "Both maps use the same breaks, computed over both: the same colour is the same value.",
    },
    "act_first": {
        "es": "Ambos indicadores en su peor tercio:",
        "en": "Both indicators in their worst third:",
    },
    "bivariate_note": {
        "es": "Tercios de cada indicador; el más oscuro: ambos en su peor tercio, donde actuar primero.",
        "en": "Thirds of each indicator; darkest: both in their worst third, where to act first.",
    },
    "page_compare": {"es": "Comparar", "en": "Compare"},
    "compare_mode": {"es": "Comparación", "en": "Comparison"},
    "mode_change": {"es": "Cambio entre dos años", "en": "Change between two years"},
    "mode_side": {"es": "Lado a lado (mismos cortes)", "en": "Side by side (same breaks)"},
    "mode_bivariate": {"es": "Bivariado (dos indicadores)", "en": "Bivariate (two indicators)"},
    "from_year": {"es": "Desde", "en": "From"},
    "to_year": {"es": "Hasta", "en": "To"},
    "compare_by": {"es": "Comparar", "en": "Compare"},
    "by_year": {"es": "dos años", "en": "two years"},
    "by_sector": {"es": "dos sectores", "en": "two sectors"},
    "second_year": {"es": "Año del mapa derecho", "en": "Year of the right map"},
    "second_sector": {"es": "Sector del mapa derecho", "en": "Sector of the right map"},
    "first_sector": {"es": "Sector del mapa izquierdo", "en": "Sector of the left map"},
    "second_indicator": {
        "es": "Segundo indicador (eje vertical)",
        "en": "Second indicator (vertical axis)",
    },
    "change_note": {
        "es": "Solo tienen cambio los territorios con datos suficientes en ambos años. Las tasas cambian en puntos porcentuales (pp).",
        "en": "Only territories with enough data in both years have a change. Rates change in percentage points (pp).",
    },
    "selected_area": {
        "es": "Territorio seleccionado (o haga clic en el mapa)",
        "en": "Selected territory (or click the map)",
    },
    "none_selected": {"es": "— ninguno —", "en": "— none —"},
    "trend": {"es": "Evolución frente a la ciudad", "en": "Trend against the city"},
    "change_since": {"es": "Cambio {first} → {last}", "en": "Change {first} → {last}"},
    "trend_empty": {
        "es": "Este territorio no tiene datos de este indicador en ningún año.",
        "en": "This territory has no data for this indicator in any year.",
    },
    "sites_of_area": {"es": "Sedes del territorio", "en": "Sites of the territory"},
    "site_code": {"es": "Código DANE", "en": "DANE code"},
    "site_name": {"es": "Sede", "en": "Site"},
    "all": {"es": "Todos", "en": "All"},
    "min_n": {"es": "Denominador mínimo (n)", "en": "Minimum denominator (n)"},
    "min_n_help": {
        "es": "Por debajo de este número de estudiantes una tasa se muestra como muestra pequeña.",
        "en": "Below this number of students a rate is shown as a small sample.",
    },
    "fixed_breaks": {"es": "Mismos cortes para todos los años", "en": "Same breaks for every year"},
    "breaks": {
        "es": "Cortes (límites superiores, separados por ;)",
        "en": "Breaks (upper bounds, separated by ;)",
    },
    "source": {"es": "Fuente", "en": "Source"},
    "link_upload_missing": {
        "es": "Este enlace se hizo con datos cargados, que no viajan en el enlace: lo que ve son "
        "datos de demostración, no los del enlace. Para ver esos datos, cárguelos en la página "
        "Datos.",
        "en": "This link was made with uploaded data, which does not travel in links: what you "
        "see is demo data, not the link's. To see that data, upload it on the Data page.",
    },
    "link_official_missing": {
        "es": "Este enlace pide las capas oficiales, que no están descargadas en este servidor: lo "
        "que ve son datos de demostración. Descárguelas en la página Datos.",
        "en": "This link asks for the official layers, which are not downloaded on this server: "
        "what you see is demo data. Download them on the Data page.",
    },
    "upload_no_indicator": {
        "es": "Con estos archivos no se puede calcular ningún indicador: la tabla de sedes no "
        "tiene año ni conteos. Indique el año de la tabla (campo «Año de los datos») o agregue "
        "una columna de año y conteos como la matrícula; los datos anteriores siguen en uso.",
        "en": "No indicator can be computed from these files: the school table has no year and "
        "no counts. Give the table's year (the 'Year of the data' field) or add a year column "
        "and counts such as enrolment; the previous data stay in use.",
    },
    "indicators_allowed": {
        "es": "Indicadores que permiten los datos",
        "en": "Indicators the data allow",
    },
    "indicators_allowed_help": {
        "es": "Cada indicador necesita ciertas columnas; si falta alguna, el indicador no se "
        "ofrece en la barra lateral. Agregue la columna al archivo y cárguelo de nuevo.",
        "en": "Each indicator needs certain columns; if one is missing, the indicator is not "
        "offered in the sidebar. Add the column to the file and upload it again.",
    },
    "available": {"es": "Disponible", "en": "Available"},
    "missing_inputs": {"es": "Qué falta", "en": "What is missing"},
    "yes": {"es": "Sí", "en": "Yes"},
    "no": {"es": "No", "en": "No"},
    "needs_column": {
        "es": "{what} (columna «{column}») en {file}",
        "en": "{what} (column '{column}') in {file}",
    },
    "file_schools": {"es": "la tabla de sedes", "en": "the school table"},
    "file_population": {"es": "la tabla de población", "en": "the population table"},
    "view_notes": {
        "es": "Algunos valores del enlace no eran válidos y se reemplazaron:",
        "en": "Some values in the link were not valid and were replaced:",
    },
    "coverage_note": {
        "es": "La matrícula se cuenta donde está la sede y la población donde vive: la "
        "cobertura de un territorio puede superar el 100 %.",
        "en": "Enrolment counts where the school is and population where people live: a "
        "territory's coverage can exceed 100 %.",
    },
    "definition": {"es": "Definición", "en": "Definition"},
    "formula": {"es": "Fórmula", "en": "Formula"},
    "unit": {"es": "Unidad", "en": "Unit"},
    "direction": {"es": "Lectura", "en": "Reading"},
    "levels": {"es": "Niveles territoriales", "en": "Geographic levels"},
    "rows": {"es": "filas", "en": "rows"},
    "licence": {"es": "Licencia", "en": "Licence"},
    "demo_explained": {
        "es": "Esta es una ciudad de demostración generada por el propio proyecto: los "
        "límites son esquemáticos y las sedes, matrículas e indicadores son sintéticos. "
        "Sirve para conocer la herramienta; no describe la realidad de Medellín.",
        "en": "This is a demo city generated by the project itself: boundaries are schematic "
        "and the sites, enrolment and indicators are synthetic. It is for learning the tool; "
        "it does not describe Medellín.",
    },
    "territories_count": {"es": "Comunas y corregimientos", "en": "Comunas and corregimientos"},
    "barrios_count": {"es": "Barrios y veredas", "en": "Barrios and veredas"},
    "sites_count": {"es": "Sedes educativas", "en": "School sites"},
    "years_label": {"es": "Años", "en": "Years"},
    "sector": {"es": "Sector", "en": "Sector"},
    "sites_table": {"es": "Sedes educativas", "en": "School sites"},
    "no_direction": {"es": "sin dirección (conteo)", "en": "no direction (a count)"},
    "method_intro": {
        "es": "Cada tasa de un territorio es la **suma de sus numeradores sobre la suma de sus "
        "denominadores**, nunca el promedio de las tasas de sus sedes; el numerador, el "
        "denominador y el número de sedes (n) se muestran junto a cada valor. Un territorio "
        "sin sedes que reporten aparece como *Sin datos*, distinto de cero.",
        "en": "Each territory's rate is the **sum of its numerators over the sum of its "
        "denominators**, never the mean of its sites' rates; the numerator, denominator and "
        "number of sites (n) are shown beside every value. A territory with no reporting "
        "sites shows as *No data*, which is not zero.",
    },
    "upload_title": {"es": "Cargar datos propios", "en": "Load your own data"},
    "upload_intro": {
        "es": "Suba los archivos que tenga; lo que no suba se toma de la demostración. Límites: "
        "GeoJSON (también por líneas), shapefile comprimido (.zip), GeoPackage (se elige la "
        "capa), FlatGeobuf, KML o KMZ de Google Earth o My Maps, en cualquier CRS declarado; "
        "las columnas de código y nombre se reconocen solas (DANE, OpenStreetMap, ArcGIS...). "
        "Sedes e indicadores: CSV (también el de Excel en español, con `;` y coma decimal), "
        "XLSX tal como lo publican (con filas de título, totales y varias hojas) o puntos de "
        "esos formatos. Los datos cargados solo los ve usted, en esta sesión.",
        "en": "Upload the files you have; anything not uploaded comes from the demo. Boundaries: "
        "GeoJSON (also line by line), zipped shapefile, GeoPackage (the layer is chosen), "
        "FlatGeobuf, KML or KMZ from Google Earth or My Maps, in any declared CRS; the code and "
        "name columns are recognised on their own (DANE, OpenStreetMap, ArcGIS...). Sites and "
        "indicators: CSV (including Spanish Excel's, with `;` and decimal comma), XLSX as "
        "publishers send it (title rows, totals, several sheets) or points in those formats. "
        "Uploaded data is visible only to you, in this session.",
    },
    "upload_boundaries": {
        "es": "Comunas y corregimientos (polígonos)",
        "en": "Comunas and corregimientos (polygons)",
    },
    "upload_barrios": {
        "es": "Barrios y veredas (opcional)",
        "en": "Barrios and veredas (optional)",
    },
    "upload_schools": {
        "es": "Sedes educativas (con o sin indicadores)",
        "en": "School sites (with or without indicators)",
    },
    "upload_indicators": {
        "es": "Indicadores por sede o por comuna (opcional)",
        "en": "Indicators per site or per comuna (optional)",
    },
    "upload_population": {
        "es": "Población por comuna (opcional)",
        "en": "Population per comuna (optional)",
    },
    "upload_year": {
        "es": "Año de las tablas sin columna de año",
        "en": "Year of tables without a year column",
    },
    "upload_layer": {
        "es": "Capa de {file}",
        "en": "Layer of {file}",
    },
    "upload_layer_help": {
        "es": "El archivo tiene varias capas; la primera es la que más se parece a lo pedido "
        "(polígonos con más elementos para límites, puntos para sedes).",
        "en": "The file holds several layers; the first is the likeliest for this input "
        "(polygons with most features for boundaries, points for schools).",
    },
    "upload_year_help": {
        "es": "Solo para tablas de conteos que no traen el año.",
        "en": "Only for count tables that carry no year.",
    },
    "upload_sheet": {
        "es": "Hoja del libro {file}",
        "en": "Sheet of the workbook {file}",
    },
    "mapping_title": {
        "es": "Asignación de columnas de la tabla de sedes",
        "en": "Column mapping of the sites table",
    },
    "mapping_help": {
        "es": "Cada campo del atlas y la columna de su archivo que lo contiene. Se propone lo "
        "detectado; corríjalo si hace falta.",
        "en": "Each atlas field and the column of your file that holds it. The detected choice "
        "is proposed; correct it if needed.",
    },
    "upload_apply": {"es": "Validar y usar estos datos", "en": "Validate and use this data"},
    "upload_nothing": {"es": "Suba al menos un archivo.", "en": "Upload at least one file."},
    "upload_failed": {
        "es": "No se pudo usar la carga; los datos y la vista anteriores siguen activos.",
        "en": "The upload could not be used; the previous data and view stay active.",
    },
    "uploaded_label": {"es": "Datos cargados", "en": "Uploaded data"},
    "official_title": {"es": "Capas oficiales de GeoMedellín", "en": "GeoMedellín official layers"},
    "official_intro": {
        "es": "Descarga las comunas y corregimientos, los barrios y veredas y las sedes educativas publicados por la Alcaldía de Medellín, a una carpeta local que no se publica. Licencia del publicador: CC BY-SA 4.0; los datos no pueden ser comercializados ni transferidos. Una descarga fallida nunca reemplaza la copia anterior.",
        "en": "Downloads the comunas and corregimientos, barrios and veredas and school sites published by the Alcaldía de Medellín into a local folder that is never published. Publisher's licence: CC BY-SA 4.0; the data may not be sold or transferred. A failed download never replaces the previous copy.",
    },
    "official_fetch": {"es": "Descargar las capas oficiales", "en": "Download the official layers"},
    "official_done": {
        "es": "{title}: {n} elementos descargados.",
        "en": "{title}: {n} features downloaded.",
        "es.one": "{title}: {n} elemento descargado.",
        "en.one": "{title}: {n} feature downloaded.",
    },
    "downloaded": {"es": "Descargado", "en": "Downloaded"},
    "templates_title": {"es": "Plantillas", "en": "Templates"},
    "template_csv": {"es": "Plantilla de sedes (CSV)", "en": "Sites template (CSV)"},
    "template_xlsx": {"es": "Plantilla de sedes (XLSX)", "en": "Sites template (XLSX)"},
    "template_columns": {"es": "Columnas de la plantilla", "en": "Template columns"},
    "report_title": {"es": "Reporte de la unión", "en": "Join report"},
    "report_role": {"es": "Papel", "en": "Role"},
    "report_file": {"es": "Archivo", "en": "File"},
    "report_format": {"es": "Formato", "en": "Format"},
    "report_columns": {"es": "Columnas usadas", "en": "Columns used"},
    "report_notes": {"es": "Notas", "en": "Notes"},
    "report_located": {
        "es": "**{located} de {n}** sedes ubicadas en un territorio.",
        "en": "**{located} of {n}** sites located in a territory.",
        "es.one": "**{located} de {n}** sede ubicada en un territorio.",
        "en.one": "**{located} of {n}** site located in a territory.",
    },
    "report_problem": {"es": "Problema", "en": "Problem"},
    "report_count": {"es": "Filas", "en": "Rows"},
    "report_download": {"es": "Descargar el reporte (CSV)", "en": "Download the report (CSV)"},
    "report_clean": {
        "es": "Sin problemas: todas las filas se usaron.",
        "en": "No problems: every row was used.",
    },
    "classification_methods": {"es": "Clasificación del mapa", "en": "Map classification"},
    "classification_explained": {
        "es": "Las clases se calculan con mapclassify sobre los territorios con datos. Los "
        "colores son paletas ColorBrewer aptas para daltonismo; el color más oscuro indica "
        "el extremo peor del indicador.",
        "en": "Classes are computed with mapclassify over the territories with data. Colours "
        "are colour-blind-safe ColorBrewer palettes; the darkest colour marks the worse end "
        "of the indicator.",
    },
    "legend_toggle": {"es": "Mostrar u ocultar la leyenda", "en": "Show or hide the legend"},
    "show_sites_unsized": {"es": "Mostrar las sedes", "en": "Show the sites"},
    "sites_legend": {
        "es": "Sedes (color = su propio valor)",
        "en": "Sites (colour = their own value)",
    },
    "sites_size_legend": {
        "es": "Tamaño = matrícula (estudiantes)",
        "en": "Size = enrolment (students)",
    },
    "outside_nucleos": {
        "es": "Fuera de todo núcleo: {n} barrios y veredas sin sedes de un núcleo",
        "es.one": "Fuera de todo núcleo: {n} barrio o vereda sin sedes de un núcleo",
        "en": "Outside any núcleo: {n} barrios and veredas without a núcleo's sites",
        "en.one": "Outside any núcleo: {n} barrio or vereda without a núcleo's sites",
    },
    # --- column mapping of the boundaries file (pages/datos.py) --------------------------------
    "mapping_boundaries_title": {
        "es": "Columnas de código y nombre de los límites",
        "en": "Code and name columns of the boundaries",
    },
    "mapping_boundaries_help": {
        "es": "Lo que se eligió y por qué; corríjalo si hace falta. Sin columna («—»), el código "
        "se deriva del nombre y el nombre de la lista oficial.",
        "en": "What was chosen and why; correct it if needed. Without a column («—»), the code "
        "is derived from the name and the name from the official list.",
    },
    "mapping_boundaries_none": {
        "es": "Ninguna columna parece un código ni un nombre de territorio: elíjalas aquí.",
        "en": "No column looks like a territory code or name: choose them here.",
    },
    # --- issue 15: comunas apart from corregimientos (zone choice, ranking, legend) ----------
    "zone_choice": {"es": "Comunas o corregimientos", "en": "Comunas or corregimientos"},
    "zone_help": {
        "es": "Con una zona, las clases y el ranking se calculan solo sobre sus territorios (un "
        "barrio o vereda pertenece a la zona de su territorio); los demás se muestran en gris "
        "claro. El valor de la ciudad sigue siendo el de toda la ciudad.",
        "en": "With a zone, the classes and the ranking are computed over its territories only "
        "(a barrio or vereda belongs to the zone of its territory); the others are drawn light "
        "grey. The city value stays the whole city's.",
    },
    "territory_kind": {"es": "Tipo", "en": "Type"},
    "kind_comuna": {"es": "Comuna", "en": "Comuna"},
    "kind_corregimiento": {"es": "Corregimiento", "en": "Corregimiento"},
    "outside_zone": {"es": "fuera de la zona elegida", "en": "outside the chosen zone"},
    # --- issue 16: education levels --------------------------------------------------------
    "education_level": {"es": "Nivel educativo", "en": "Education level"},
    "education_level_help": {
        "es": "Transición (5 años), primaria (6 a 10), secundaria (11 a 14) y media (15 y 16): "
        "el indicador con las cifras de ese nivel y, para la cobertura, la población de sus "
        "edades oficiales.",
        "en": "Transition (age 5), primary (6-10), lower secondary (11-14) and upper secondary "
        "(15-16): the indicator with that level's figures and, for coverage, the population of "
        "its official ages.",
    },
    "method_levels_line": {
        "es": "todos los niveles; también por nivel: {levels} (p. ej. `{formula}`)",
        "en": "all levels; also per level: {levels} (e.g. `{formula}`)",
    },
    "method_education_levels": {"es": "Niveles educativos", "en": "Education levels"},
    "method_education_levels_text": {
        "es": "Los indicadores de matrícula, eficiencia interna y cobertura se pueden ver por "
        "nivel: **transición** (edad oficial 5 años), **primaria** (6 a 10), **secundaria** "
        "(11 a 14) y **media** (15 y 16); el sistema completo va de 5 a 16 años (MEN). Un "
        "indicador de un nivel suma las columnas de ese nivel (`desertores_secundaria`, "
        "`matricula_secundaria`) y, en la cobertura, divide por la población de sus edades "
        "oficiales (`poblacion_11_14`). Una sede sin estudiantes en el nivel no suma ni cuenta "
        "en n. Aprobación, reprobación y deserción siguen la identidad del MEN: matrícula = "
        "aprobados + reprobados + desertores. Saber 11 es el examen del último grado de la "
        "media: su puntaje promedio es Σ (puntaje promedio de la sede × evaluados) / Σ "
        "evaluados, nunca el promedio de los promedios. La tabla de sedes puede traer los "
        "niveles en columnas (`matricula_primaria`) o en filas (una columna `nivel`). Si se "
        "cargan las estadísticas del MEN por municipio (datos.gov.co, nudc-7mev), la tendencia "
        "de la ciudad añade la línea punteada *Medellín según MEN* con la tasa publicada del "
        "mismo indicador y nivel; solo sin filtros, porque el MEN cuenta todas las sedes, y sin "
        "n, porque publica tasas.",
        "en": "Enrolment, internal-efficiency and coverage indicators can be seen per level: "
        "**transition** (official age 5), **primary** (6-10), **lower secondary** (11-14) and "
        "**upper secondary (media)** (15-16); the whole system covers ages 5-16 (MEN). An "
        "indicator for one level sums that level's columns (`desertores_secundaria`, "
        "`matricula_secundaria`) and, for coverage, divides by the population of its official "
        "ages (`poblacion_11_14`). A site with no students in the level neither adds to the "
        "sums nor counts in n. Approval, failure and dropout follow the MEN identity: "
        "enrolment = passed + failed + dropped out. Saber 11 is the exam of media's last "
        "grade: its mean score is Σ (site's mean score × candidates) / Σ candidates, never "
        "the mean of the means. The school table may give levels as columns "
        "(`matricula_primaria`) or as rows (a `nivel` column). Where the MEN's statistics by "
        "municipality are loaded (datos.gov.co, nudc-7mev), the city's trend adds the dotted "
        "line *Medellín per MEN* with the published rate of the same indicator and level; only "
        "without filters, since the MEN counts every site, and without n, since it publishes "
        "rates.",
    },
    "upload_benchmark": {
        "es": "Estadísticas del MEN por municipio (opcional)",
        "en": "MEN statistics by municipality (optional)",
    },
    "upload_benchmark_help": {
        "es": "El archivo de datos.gov.co (nudc-7mev) con DESERCIÓN, APROBACIÓN, REPROBACIÓN, "
        "REPITENCIA, COBERTURA_NETA... por año: las tasas de Medellín (05001) se dibujan como "
        "línea de referencia en la tendencia de la ciudad.",
        "en": "The datos.gov.co file (nudc-7mev) with DESERCIÓN, APROBACIÓN, REPROBACIÓN, "
        "REPITENCIA, COBERTURA_NETA... per year: Medellín's (05001) rates are drawn as a "
        "reference line in the city's trend.",
    },
    "benchmark_line": {"es": "Medellín según MEN", "en": "Medellín per MEN"},
    "benchmark_n": {"es": "tasa publicada", "en": "published rate"},
    "education_level_none": {
        "es": "Este indicador no se desagrega por nivel en estos datos.",
        "en": "This indicator has no figures per level in this data.",
    },
    # Names on the map (issue 15, territory labels)
    "map_labels": {"es": "Nombres en el mapa", "en": "Names on the map"},
    "map_labels_help": {
        "es": "El nombre de cada área dentro de ella, donde cabe sin tapar otro; acerque el "
        "mapa para ver más.",
        "en": "Each area's name inside it, where it fits without covering another; zoom in "
        "to see more.",
    },
    # Searching a school site and its own panel (geo.analysis.search, pages/mapa.py).
    "site_search": {
        "es": "Buscar una sede (nombre o código DANE)",
        "en": "Find a school site (name or DANE code)",
    },
    "site_search_placeholder": {
        "es": "p. ej. jose maria cordoba, o 6 o más dígitos del código",
        "en": "e.g. jose maria cordoba, or 6 or more digits of the code",
    },
    "site_search_none": {
        "es": "Ninguna sede coincide con «{query}». Escriba parte del nombre (las tildes no "
        "importan) o el código DANE (al menos 6 dígitos).",
        "en": "No site matches “{query}”. Type part of its name (accents do not matter) or its "
        "DANE code (at least 6 digits).",
    },
    "site_search_results": {
        "es": "{n} sedes coinciden; elija una:",
        "es.one": "{n} sede coincide; elíjala:",
        "en": "{n} sites match; choose one:",
        "en.one": "{n} site matches; choose it:",
    },
    "site_search_more": {
        "es": "Se muestran solo las primeras ({n}); escriba más para afinar.",
        "en": "Only the first ({n}) are shown; type more to narrow the search.",
    },
    "site_stale": {
        "es": "El enlace pide la sede {code}, que no está en estos datos; el resto de la vista "
        "se mantiene.",
        "en": "The link asks for site {code}, which is not in this data; the rest of the view "
        "is kept.",
    },
    "site_panel_trend": {
        "es": "La sede año a año, frente a su territorio y la ciudad",
        "en": "The site year by year, against its territory and the city",
    },
    "site_not_comparable": {
        "es": "«{indicator}» no se calcula por sede (se suma por territorio o se mide sobre su "
        "población); elija una tasa, como la deserción, para ver la sede año a año.",
        "en": "“{indicator}” is not computed per site (it is summed per territory or measured "
        "over its population); choose a rate, such as dropout, to see the site year by year.",
    },
    "site_outside_filters": {
        "es": "Los filtros actuales no incluyen esta sede: sus valores se muestran igual; los "
        "del territorio y la ciudad siguen los filtros.",
        "en": "The current filters leave this site out: its values are shown all the same; "
        "the territory's and the city's follow the filters.",
    },
    "site_no_area": {
        "es": "Esta sede no quedó ubicada en ninguna área de este nivel.",
        "en": "This site was not placed in any area of this level.",
    },
    "site_clear": {"es": "Quitar la sede", "en": "Clear the site"},
    "site_barrio": {"es": "Barrio o vereda", "en": "Barrio or vereda"},
    "site_nucleo": {"es": "Núcleo educativo", "en": "Núcleo educativo"},
}

# The basemap (geo.render.basemap): the sidebar's choice and the note when its tiles fail.
_CORE_TEXT.update(
    {
        "basemap": {"es": "Mapa base", "en": "Basemap"},
        "basemap_none": {"es": "Ninguno", "en": "None"},
        "basemap_help": {
            "es": "Un mapa de calles o satélite bajo los territorios. Se descarga de internet, "
            "del proveedor elegido; con «Ninguno» el atlas no pide nada fuera de este servidor.",
            "en": "A street or satellite map under the territories. It is downloaded from the "
            "chosen provider over the internet; with “None” the atlas asks for nothing outside "
            "this server.",
        },
        "basemap_offline": {
            "es": "No se pudo cargar el mapa base (¿sin conexión?). El mapa sigue funcionando.",
            "en": "The basemap could not be loaded (offline?). The map still works.",
        },
        "basemap_note_close": {"es": "Cerrar este aviso", "en": "Close this note"},
        "basemap_png": {
            "es": "La imagen PNG se dibuja sin mapa base ({name}): solo los territorios.",
            "en": "The PNG image is drawn without the basemap ({name}): the territories only.",
        },
    }
)


# Riesgo de deserción (issue 16): the index by school site (geo.analysis.risk), on Prioridad,
# in Metodología and in its export.
_CORE_TEXT.update(
    {
        "risk_title": {"es": "Riesgo de deserción por sede", "en": "Dropout risk by school site"},
        "risk_definition": {
            "es": "Índice de 0 a 100 de cada sede, hecho con su propia historia: deserción de los "
            "últimos 3 años, reprobación, extraedad y estudiantes sin internet o sin computador "
            "en casa; cada componente como percentil entre las sedes del año, ponderado.",
            "en": "A 0-100 index of each school site, made from its own history: dropout over "
            "the last 3 years, failure, over-age and students without internet or a computer "
            "at home; each component as a percentile among the year's sites, weighted.",
        },
        "risk_ranks_sites": {
            "es": "Ordena sedes, no estudiantes: señala las sedes donde se concentran las "
            "señales de riesgo, no qué estudiante va a desertar.",
            "en": "It ranks schools, not students: it points to the sites where the signs of "
            "risk gather, not to which student will drop out.",
        },
        "risk_ties": {
            "es": "Empates en el índice: se ordenan por código DANE.",
            "en": "Ties in the index are ordered by DANE code.",
        },
        "risk_intro": {
            "es": "Las sedes ordenadas por su índice de riesgo de deserción en {year}. Banda "
            "**alta**: el 20 % de las sedes de la ciudad con mayor índice; **media**: el 30 % "
            "siguiente. Los filtros y la zona eligen sedes de ese orden de la ciudad: no lo "
            "recalculan.",
            "en": "School sites ranked by their dropout-risk index in {year}. **High** band: "
            "the city's 20 % of sites with the highest index; **medium**: the next 30 %. "
            "Filters and the zone pick sites from that city-wide order: they do not re-rank.",
        },
        "risk_demo_note": {
            "es": "Datos sintéticos de la demostración: las sedes y sus cifras no son reales.",
            "en": "The demo's synthetic data: the sites and their figures are not real.",
        },
        "risk_used": {
            "es": "Componentes y pesos: {parts}.",
            "en": "Components and weights: {parts}.",
        },
        "risk_dropped": {
            "es": "Sin datos en este conjunto, omitidos (su peso se repartió entre los demás): "
            "{parts}.",
            "en": "Not in this data, left out (their weight went to the others): {parts}.",
        },
        "risk_none": {
            "es": "Estos datos no permiten calcular el índice en {year}: hacen falta la "
            "matrícula por sede y al menos uno de sus componentes.",
            "en": "This data cannot give the index in {year}: it needs the enrolment per site "
            "and at least one of its components.",
        },
        "risk_none_kept": {
            "es": "Ninguna sede de la ciudad queda con estos filtros.",
            "en": "No site of the city is left with these filters.",
        },
        "risk_summary": {
            "es": "{high} de {total} sedes en banda alta, con {enrolled} estudiantes "
            "({share} de la matrícula de estas sedes).",
            "en": "{high} of {total} sites in the high band, with {enrolled} students "
            "({share} of these sites' enrolment).",
        },
        "risk_index": {"es": "Índice", "en": "Index"},
        "risk_band": {"es": "Banda", "en": "Band"},
        "risk_no_index": {"es": "Sin índice", "en": "No index"},
        "risk_table_note": {
            "es": "Cada componente con su n: desertores de 3 años sobre la matrícula de esos "
            "años; los demás sobre la matrícula del año. Sin índice: a la sede le falta un "
            "componente que las demás tienen.",
            "en": "Each component with its n: dropouts over 3 years over those years' "
            "enrolment; the others over the year's enrolment. No index: the site lacks a "
            "component the others have.",
        },
        "risk_download": {"es": "Descargar la lista de sedes", "en": "Download the site list"},
        "risk_sites_legend": {
            "es": "Sedes (color = su banda de riesgo)",
            "en": "Sites (colour = their risk band)",
        },
        "risk_legend_sub": {
            "es": "Sedes por banda de riesgo, {year}",
            "en": "Sites by risk band, {year}",
        },
        "risk_method_components": {
            "es": "**Componentes** (tasas de la propia sede; peso por defecto):",
            "en": "**Components** (the site's own rates; default weight):",
        },
        "risk_method_body": {
            "es": "**Normalización:** {normalisation} Un percentil resiste a las tasas extremas "
            "de sedes pequeñas y pone en una misma escala componentes muy distintos.\n\n"
            "**Índice:** 100 × Σ peso × percentil, de 0 a 100. Si un componente no está en los "
            "datos, se omite y los pesos de los demás se reescalan para sumar 1; una sede a la "
            "que le falta un componente que las demás tienen queda sin índice.\n\n"
            "**Bandas:** las sedes se ordenan por índice (empates por código DANE); el 20 % "
            "superior (redondeado hacia arriba) es la banda alta, el 30 % siguiente la media, "
            "el resto la baja. Por territorio, el indicador es la parte de la matrícula que "
            "está en sedes de banda alta: Σ matrícula de sedes de banda alta / Σ matrícula.",
            "en": "**Normalisation:** {normalisation} A percentile resists the extreme rates of "
            "small sites and puts very different components on one scale.\n\n"
            "**Index:** 100 × Σ weight × percentile, from 0 to 100. A component the data lacks "
            "is left out and the other weights are rescaled to sum to 1; a site lacking a "
            "component the others have gets no index.\n\n"
            "**Bands:** sites are ranked by index (ties by DANE code); the top 20 % (rounded "
            "up) are the high band, the next 30 % the medium band, the rest the low band. Per "
            "territory, the indicator is the share of enrolment in high-band sites: Σ "
            "enrolment of high-band sites / Σ enrolment.",
        },
        "risk_validation_intro": {
            "es": "**Comprobación** (calculada ahora sobre {data}): el índice de cada año t "
            "frente a la deserción del año t + 1 en las mismas sedes.",
            "en": "**Check** (computed now on {data}): each year t's index against dropout in "
            "year t + 1 at the same sites.",
        },
        "risk_validation_summary": {
            "es": "En promedio, correlación de rangos de Spearman {rho}; el 20 % de sedes con "
            "mayor índice reunió el {caught} de los desertores del año siguiente y el "
            "{enrolment} de su matrícula: unas sedes elegidas al azar con esa matrícula "
            "reunirían cerca de {enrolment} de los desertores, así que el índice concentra más. "
            "Sobre "
            "datos sintéticos la cifra refleja cómo se generaron; con datos reales hay que "
            "comprobarlo de nuevo, y aquí se recalcula sobre los datos cargados.",
            "en": "On average, Spearman rank correlation {rho}; the 20 % of sites with the "
            "highest index held {caught} of the next year's dropouts and {enrolment} of "
            "its enrolment: sites picked at random with that enrolment would hold about "
            "{enrolment} of the dropouts, so the index gathers more. On synthetic data "
            "the figure reflects how they were generated; on real data it must be checked again, "
            "and it is recomputed here on the data loaded.",
        },
        "risk_validation_none": {
            "es": "Estos datos no tienen dos años seguidos con deserción por sede: el índice no "
            "se puede comprobar.",
            "en": "This data has no two consecutive years of dropout per site: the index cannot "
            "be checked.",
        },
        "risk_val_year": {"es": "Año t", "en": "Year t"},
        "risk_years": {"es": "años", "en": "years"},
        "risk_all_levels": {
            "es": "El índice es de la sede entera: cuenta todos sus niveles educativos.",
            "en": "The index is the whole site's: it counts all its education levels.",
        },
        "risk_val_sites": {"es": "Sedes", "en": "Sites"},
        "risk_val_caught": {
            "es": "Desertores de t + 1 en la banda alta",
            "en": "Dropouts of t + 1 in the high band",
        },
        "risk_val_enrolment": {
            "es": "Matrícula de t + 1 en la banda alta",
            "en": "Enrolment of t + 1 in the high band",
        },
        "risk_demo_data": {
            "es": "los datos sintéticos de la demostración",
            "en": "the demo's synthetic data",
        },
        "risk_this_data": {"es": "los datos cargados", "en": "the data loaded"},
    }
)


# Focalizar (issue 17): plan an intervention.
_CORE_TEXT.update(
    {
        "page_plan": {"es": "Focalizar", "en": "Target"},
        "plan_nothing_to_give": {
            "es": "La cantidad disponible es 0: no hay nada que repartir. Escriba cuántas "
            "unidades hay, o un presupuesto y su costo por unidad.",
            "en": "The amount available is 0: there is nothing to share out. Type how many "
            "units there are, or a budget and its unit cost.",
        },
        "plan_more_than_need": {
            "es": "Hay {amount} unidades y la necesidad de las sedes elegibles es {need}: se "
            "usan {need} y sobran {left}. Amplíe la elegibilidad o reduzca la cantidad.",
            "en": "There are {amount} units and the eligible sites need {need}: {need} are "
            "used and {left} are left over. Widen the eligibility or lower the amount.",
        },
        "plan_simulation": {
            "es": "Simulación, no una asignación oficial",
            "en": "Simulation, not an official allocation",
        },
        "plan_assumption": {
            "es": "«Después» supone que cada unidad llega a un estudiante (o una sede) que la "
            "necesitaba.",
            "en": "“After” assumes that every unit reaches a student (or a site) who needed it.",
        },
        "plan_banner": {
            "es": "**Simulación, no una asignación oficial.** Reparte lo disponible entre las "
            "sedes elegibles según una regla y muestra cuánto cambiaría cada territorio.",
            "en": "**Simulation, not an official allocation.** Shares what is available among "
            "the eligible sites by a rule and shows how much each territory would change.",
        },
        "plan_no_data": {
            "es": "Los datos cargados no traen lo que necesita ninguna intervención (estudiantes "
            "sin computador o sin internet, computadores, banda ancha, desertores).",
            "en": "The loaded data hold none of what the interventions need (students without "
            "a computer or internet, computers, broadband, dropouts).",
        },
        "plan_intervention": {"es": "Intervención", "en": "Intervention"},
        "plan_unit": {"es": "Unidad", "en": "Unit"},
        "plan_rule": {"es": "Regla", "en": "Rule"},
        "plan_amount_in": {"es": "Cantidad disponible en", "en": "Amount available in"},
        "plan_amount_units": {"es": "unidades", "en": "units"},
        "plan_amount_budget": {"es": "presupuesto", "en": "budget"},
        "plan_units": {"es": "Disponibles ({units})", "en": "Available ({units})"},
        "plan_budget": {"es": "Presupuesto (pesos)", "en": "Budget (pesos)"},
        "plan_unit_cost": {"es": "Costo por unidad (pesos)", "en": "Cost per unit (pesos)"},
        "plan_unit_cost_help": {
            "es": "Un valor ilustrativo, no un precio oficial: cámbielo por el de su contrato.",
            "en": "An illustrative value, not an official price: change it to your contract's.",
        },
        "plan_cap": {"es": "Tope por sede (0 = sin tope)", "en": "Cap per site (0 = none)"},
        "plan_cap_help": {
            "es": "Ninguna sede recibe más que esto, aunque necesite más.",
            "en": "No site receives more than this, even if it needs more.",
        },
        "plan_norm": {
            "es": "Norma: estudiantes por computador",
            "en": "Norm: students per computer",
        },
        "plan_territories": {
            "es": "Solo estos territorios (vacío = todos)",
            "en": "Only these territories (empty = all)",
        },
        "plan_eligible": {
            "es": "Sedes elegibles: las de los filtros de la barra lateral ({filters}); "
            "diagnóstico del año de la barra lateral.",
            "en": "Eligible sites: those of the sidebar's filters ({filters}); diagnosis of the "
            "sidebar's year.",
        },
        "plan_units_used": {"es": "Usados ({units})", "en": "Used ({units})"},
        "plan_units_used_help": {
            "es": "Lo menor entre lo disponible ({amount}) y la necesidad elegible ({need}), "
            "con el tope por sede.",
            "en": "The smaller of the amount available ({amount}) and the eligible need "
            "({need}), with the cap per site.",
        },
        "plan_students_reached": {"es": "Estudiantes alcanzados", "en": "Students reached"},
        "plan_share_met": {"es": "Necesidad cubierta", "en": "Need met"},
        "plan_reach_sentence": {
            "es": "Sedes que reciben: {sites} de {eligible} con necesidad · territorios que "
            "reciben: {territories}.",
            "en": "Sites receiving: {sites} of {eligible} in need · territories receiving: "
            "{territories}.",
        },
        "plan_map_mode": {"es": "Mapa", "en": "Map"},
        "plan_map_change": {"es": "Cambio", "en": "Change"},
        "plan_map_pair": {"es": "Antes y después", "en": "Before and after"},
        "plan_moves_nothing": {
            "es": "Esta intervención no cambia un indicador de forma mecánica: el mapa muestra "
            "{indicator} sin cambio, y la lista dice a quién llega.",
            "en": "This intervention moves no indicator mechanically: the map shows "
            "{indicator} unchanged, and the list says who is reached.",
        },
        "plan_before_after": {"es": "Antes → después", "en": "Before → after"},
        "plan_before": {"es": "Antes", "en": "Before"},
        "plan_after": {"es": "Después", "en": "After"},
        "plan_same_classes": {
            "es": "Los dos mapas usan las mismas clases (las de «antes»): un territorio que "
            "cambia de color cruzó un límite de clase.",
            "en": "Both maps use the same classes (those of “before”): a territory that changes "
            "colour has crossed a class boundary.",
        },
        "plan_still_worst": {
            "es": "Siguen peor después del plan",
            "en": "Still worst after the plan",
        },
        "plan_compare_rules": {
            "es": "Dos reglas, la misma cantidad",
            "en": "Two rules, the same amount",
        },
        "plan_other_rule": {"es": "Comparar con", "en": "Compare with"},
        "plan_sites_reached": {"es": "Sedes que reciben", "en": "Sites receiving"},
        "plan_territories_reached": {
            "es": "Territorios que reciben",
            "en": "Territories receiving",
        },
        "plan_gap_before": {"es": "Brecha antes", "en": "Gap before"},
        "plan_gap_after": {"es": "Brecha después", "en": "Gap after"},
        "plan_gap_note": {
            "es": "Brecha: la diferencia entre el peor y el mejor territorio (sin muestras "
            "pequeñas ni territorios sin datos).",
            "en": "Gap: the difference between the worst and the best territory (small samples "
            "and territories without data left out).",
        },
        "plan_sites": {"es": "Sedes que reciben, en orden", "en": "Sites receiving, in order"},
        "plan_rank": {"es": "Orden", "en": "Order"},
        "plan_site": {"es": "Sede", "en": "Site"},
        "plan_need": {"es": "Necesidad", "en": "Need"},
        "plan_metadata": {"es": "Metadatos (JSON)", "en": "Metadata (JSON)"},
        "plan_cli": {
            "es": "La misma asignación desde la línea de comandos (mismos bytes):",
            "en": "The same allocation from the command line (the same bytes):",
        },
        "plan_method_intro": {
            "es": "Focalizar reparte unidades enteras entre las sedes elegibles. Ninguna sede "
            "recibe más que su necesidad ni más que el tope por sede; se usan min(disponible, "
            "necesidad elegible) unidades. «Después» recalcula cada territorio con sus sumas "
            "exactas.",
            "en": "Target places whole units on the eligible sites. No site receives more than "
            "its need or the cap per site; min(available, eligible need) units are used. "
            "“After” recomputes each territory from its exact sums.",
        },
        "plan_link": {
            "es": "Enlace a este plan (la vista, la intervención, la cantidad y la regla):",
            "en": "Link to this plan (the view, the intervention, the amount and the rule):",
        },
        "plan_present": {"es": "Presentar este plan", "en": "Present this plan"},
        "plan_cost_millions": {"es": "Costo (millones de pesos)", "en": "Cost (million pesos)"},
        "plan_eligible_all": {
            "es": "Sedes elegibles: todas las que reportan (filtre por sector, zona o núcleo en "
            "la barra lateral), {year}.",
            "en": "Eligible sites: all those reporting (filter by sector, zone or núcleo in the "
            "sidebar), {year}.",
        },
        "plan_budget_buys": {
            "es": "$ {budget}: alcanza para {n} {units}.",
            "en": "$ {budget}: enough for {n} {units}.",
        },
        "plan_ties": {
            "es": "Los empates se resuelven por el código DANE: las mismas entradas dan siempre "
            "el mismo plan.",
            "en": "Ties are broken by the DANE code: the same inputs always give the same plan.",
        },
    }
)

# What each input column holds, for sentences that say what is missing.
COLUMN_LABELS: Final = {
    "matricula": {"es": "matrícula por sede", "en": "enrolment per site"},
    "matricula_5_16": {
        "es": "matrícula de 5 a 16 años por sede",
        "en": "enrolment aged 5 to 16 per site",
    },
    "desertores": {"es": "desertores por sede", "en": "dropouts per site"},
    "sin_internet": {
        "es": "estudiantes sin internet en casa",
        "en": "students without internet at home",
    },
    "sin_computador": {
        "es": "estudiantes sin computador en casa",
        "en": "students without a computer at home",
    },
    "computadores": {"es": "computadores de la sede", "en": "the site's computers"},
    "banda_ancha": {"es": "banda ancha sí/no por sede", "en": "broadband yes/no per site"},
    "codigo_dane": {"es": "código DANE de la sede", "en": "the site's DANE code"},
    "poblacion_5_16": {
        "es": "población de 5 a 16 años por territorio y año",
        "en": "population aged 5 to 16 per territory and year",
    },
    "poblacion_total": {"es": "población total", "en": "total population"},
}


def column_label(column: str, lang: str) -> str:
    """What an input column holds (``matrícula por sede``), or the column's own name."""
    return COLUMN_LABELS.get(column, {}).get(lang, column)


def t(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang``; a missing key is a programming error."""
    return TEXT[key][lang]


def t_n(key: str, n: int, lang: str, **values: object) -> str:
    """The sentence for ``key`` that counts ``n`` things, in the grammatical number ``n`` needs.

    An entry gives its plural ("other") form under ``lang`` and, for sentences that can
    count one thing, the singular under ``lang + ".one"`` (Spanish and English both use it
    for exactly 1: "1 vista guardada", "2 vistas guardadas", "0 vistas guardadas"). ``n`` and
    every whole-number ``values`` are written the language's way (``1.024`` / ``1,024``).
    """
    entry = TEXT[key]
    form = entry.get(f"{lang}.one", entry[lang]) if n == 1 else entry[lang]
    numbers = {
        name: format_number(value, 0, lang)
        for name, value in values.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    return form.format(**{**values, **numbers, "n": format_number(n, 0, lang)})


# Red escolar (issue 18): demand to the horizon, seats, gap, distance to a school, catchments.
_CORE_TEXT.update(
    {
        "page_network": {"es": "Red escolar", "en": "School network"},
        "network_intro": {
            "es": "Del diagnóstico a la proyección: cuántos niños de cada nivel vivirán en cada "
            "territorio en el año horizonte, si las sedes tienen los cupos, y qué barrios y "
            "veredas quedan lejos de una sede que ofrezca su nivel.",
            "en": "From diagnosis to projection: how many children of each level will live in "
            "each territory in the horizon year, whether the schools have the seats, and which "
            "barrios and veredas are far from a school that offers their level.",
        },
        "network_edu_level": {"es": "Nivel educativo", "en": "Education level"},
        "network_level_transicion": {"es": "Transición (5 años)", "en": "Transición (age 5)"},
        "network_level_primaria": {"es": "Primaria (6-10 años)", "en": "Primary (ages 6-10)"},
        "network_level_secundaria": {
            "es": "Secundaria (11-14 años)",
            "en": "Lower secondary (ages 11-14)",
        },
        "network_level_media": {"es": "Media (15-16 años)", "en": "Upper secondary (ages 15-16)"},
        "network_horizon": {"es": "Año horizonte", "en": "Horizon year"},
        "network_target": {"es": "Cobertura neta meta", "en": "Target net coverage"},
        "network_target_current": {"es": "La actual ({value})", "en": "The current ({value})"},
        "network_sites": {"es": "Sedes que cuentan", "en": "Sites counted"},
        "network_sites_all": {"es": "Todas", "en": "All"},
        "network_sites_official": {"es": "Solo oficiales", "en": "Official only"},
        "network_map": {"es": "Mapa", "en": "Map"},
        "network_map_gap": {"es": "Déficit de cupos", "en": "Seat gap"},
        "network_map_access": {"es": "Distancia a una sede", "en": "Distance to a school"},
        "network_map_catchments": {"es": "Áreas de influencia", "en": "Catchment areas"},
        "network_threshold_urban": {"es": "Umbral urbano (m)", "en": "Urban threshold (m)"},
        "network_threshold_rural": {"es": "Umbral rural (m)", "en": "Rural threshold (m)"},
        "network_population": {"es": "Población de {ages} años", "en": "Population aged {ages}"},
        "network_needed": {"es": "Cupos necesarios", "en": "Seats needed"},
        "network_offered": {"es": "Cupos ofrecidos", "en": "Seats offered"},
        "network_gap": {
            "es": "Déficit (+) o superávit (−)",
            "en": "Deficit (+) or surplus (−)",
        },
        "network_deficit_year": {
            "es": "Año en que aparece el déficit",
            "en": "Year the deficit appears",
        },
        "network_no_deficit": {"es": "sin déficit hasta {year}", "en": "no deficit up to {year}"},
        "network_sites_count": {"es": "Sedes con el nivel", "en": "Sites with the level"},
        "network_gap_title": {
            "es": "Cupos: necesarios − ofrecidos, {level}, {year}",
            "en": "Seats: needed − offered, {level}, {year}",
        },
        "network_gap_subtitle": {
            "es": "rojo = déficit (faltan cupos) · azul = superávit (sobran cupos)",
            "en": "red = deficit (seats short) · blue = surplus (seats to spare)",
        },
        "network_deficit_class": {"es": "déficit {low} a {high}", "en": "deficit {low} to {high}"},
        "network_surplus_class": {
            "es": "superávit {low} a {high}",
            "en": "surplus {low} to {high}",
        },
        "network_balanced": {"es": "sin déficit (0)", "en": "no deficit (0)"},
        "network_access_title": {
            "es": "Distancia en línea recta a la sede más cercana con {level}",
            "en": "Straight-line distance to the nearest school with {level}",
        },
        "network_access_minutes_title": {
            "es": "Tiempo de viaje a la sede más cercana con {level}",
            "en": "Travel time to the nearest school with {level}",
        },
        "network_access_subtitle": {
            "es": "metros (EPSG:9377) · más oscuro = más lejos",
            "en": "metres (EPSG:9377) · darker = farther",
        },
        "network_access_minutes_subtitle": {
            "es": "minutos por la red vial · más oscuro = más lejos",
            "en": "minutes on the road network · darker = farther",
        },
        "network_distance": {"es": "Distancia (m)", "en": "Distance (m)"},
        "network_minutes": {"es": "Tiempo (min)", "en": "Time (min)"},
        "network_nearest": {"es": "Sede más cercana", "en": "Nearest school"},
        "network_no_site": {"es": "ninguna sede", "en": "no school"},
        "network_beyond": {"es": "Más allá del umbral", "en": "Beyond the threshold"},
        "network_yes": {"es": "sí", "en": "yes"},
        "network_no": {"es": "no", "en": "no"},
        "network_straight_line": {
            "es": "Es la distancia **en línea recta** desde un punto dentro de cada barrio o "
            "vereda hasta la sede más cercana que ofrece el nivel, en metros (EPSG:9377). Las "
            "lomas, el río y las vías hacen los recorridos reales más largos; si tiene una "
            "tabla de tiempos de viaje por la red vial (origen, sede, minutos), cárguela en "
            "Datos y se usará en su lugar.",
            "en": "This is the **straight-line** distance from a point inside each barrio or "
            "vereda to the nearest school that offers the level, in metres (EPSG:9377). Hills, "
            "the river and the roads make real trips longer; if you have a road-network "
            "travel-time table (origin, site, minutes), load it on Data and it is used instead.",
        },
        "network_gap_note": {
            "es": "Cupos necesarios = población del nivel en el año horizonte × cobertura neta "
            "meta ({target}). Cupos ofrecidos = cupos declarados de las sedes del territorio en "
            "{base} (o su matrícula, donde no los declaran). Déficit = necesarios − ofrecidos: "
            "positivo (rojo) faltan cupos; negativo (azul) sobran. Los estudiantes que estudian "
            "en otro territorio no se cuentan aparte.",
            "en": "Seats needed = the level's population in the horizon year × the target net "
            "coverage ({target}). Seats offered = the declared seats of the territory's sites "
            "in {base} (or their enrolment, where none are declared). Gap = needed − offered: "
            "positive (red) seats are short; negative (blue) seats to spare. Students who "
            "study in another territory are not counted apart.",
        },
        "network_gap_table": {
            "es": "Dónde faltarán cupos primero",
            "en": "Where seats will be short first",
        },
        "network_city_needed": {"es": "Cupos necesarios {year}", "en": "Seats needed {year}"},
        "network_city_gap": {
            "es": "Áreas con déficit",
            "es.one": "Áreas con déficit",
            "en": "Areas short of seats",
            "en.one": "Areas short of seats",
        },
        "network_city_beyond": {
            "es": "Niños lejos de una sede",
            "en": "Children far from a school",
        },
        "network_barrios_beyond": {
            "es": "Barrios y veredas lejos de una sede",
            "en": "Barrios and veredas far from a school",
        },
        "network_farthest": {
            "es": "Los barrios y veredas más lejos de una sede",
            "en": "The barrios and veredas farthest from a school",
        },
        "network_shares": {
            "es": "Población más allá del umbral, por territorio",
            "en": "Population beyond the threshold, by territory",
        },
        "network_share": {"es": "Proporción lejos", "en": "Share far"},
        "network_share_count_note": {
            "es": "Sin población por barrio, la proporción cuenta barrios y veredas, no niños.",
            "en": "Without population per barrio, the share counts barrios and veredas, not "
            "children.",
        },
        "network_catchments_note": {
            "es": "Cada sede atiende el área más cercana a ella que a cualquier otra sede con el "
            "nivel (polígonos de Voronoi recortados a la ciudad). Los niños de cada barrio o "
            "vereda se reparten entre esas áreas según su superficie; carga = niños del área × "
            "cobertura meta / cupos de la sede: más de 100 % es una sede sobrecargada (sus "
            "vecinas pueden tener cupos).",
            "en": "Each school serves the area closer to it than to any other school with the "
            "level (Voronoi polygons clipped to the city). Each barrio's or vereda's children "
            "are shared among those areas by surface; load = the area's children × the target "
            "coverage / the school's seats: above 100 % the school is overloaded (its "
            "neighbours may have seats).",
        },
        "network_children": {"es": "Niños del nivel", "en": "Children of the level"},
        "network_load": {"es": "Carga", "en": "Load"},
        "network_site": {"es": "Sede", "en": "School"},
        "network_catchments_title": {
            "es": "Carga de cada sede con {level} (cupos necesarios / cupos)",
            "en": "Load of each school with {level} (seats needed / seats)",
        },
        "network_catchments_subtitle": {
            "es": "rojo = sobrecargada · azul = con cupos libres",
            "en": "red = overloaded · blue = seats to spare",
        },
        "network_downloads": {"es": "Descargar", "en": "Download"},
        "network_cli": {
            "es": "La misma tabla desde la línea de comandos:",
            "en": "The same table from the command line:",
        },
        "network_unavailable": {
            "es": "La Red escolar no se puede calcular con estos datos: {reason}",
            "en": "The school network cannot be computed with these data: {reason}",
        },
        "network_year_short": {"es": "Año del déficit", "en": "Deficit from"},
        "network_gap_short": {"es": "Déficit {year}", "en": "Deficit {year}"},
        "network_gap_table_note": {
            "es": "Territorios con déficit en {year}, por el año en que aparece; pase el cursor "
            "por el mapa para ver población, cupos necesarios y ofrecidos.",
            "en": "Territories with a deficit in {year}, by the year it appears; hover over the "
            "map for population, seats needed and offered.",
        },
        "network_beyond_help": {
            "es": "Más allá de {urban} m en las comunas y de {rural} m en los corregimientos, "
            "en línea recta.",
            "en": "Beyond {urban} m in the comunas and {rural} m in the corregimientos, in a "
            "straight line.",
        },
        "upload_barrio_population": {
            "es": "Población por barrio/vereda y año, por edades (Red escolar)",
            "en": "Population per barrio/vereda and year, by age (School network)",
        },
        "upload_travel_times": {
            "es": "Tiempos de viaje por la red vial: origen, sede, minutos (Red escolar)",
            "en": "Road-network travel times: origin, site, minutes (School network)",
        },
        "network_method": {
            "es": "- **Población en edad escolar** de cada nivel por sus edades oficiales "
            "(transición 5, primaria 6-10, secundaria 11-14, media 15-16), por barrio/vereda "
            "y año hasta el año horizonte; donde solo hay el total (p. ej. la proyección del "
            "DAP por comuna), se reparte según la estructura de edades de la ciudad.\n"
            "- **Cupos necesarios** = población del nivel × cobertura neta meta (por defecto "
            "la actual de la ciudad: matrícula en edad oficial / población en esa edad).\n"
            "- **Cupos ofrecidos** = cupos declarados de cada sede para el nivel; donde no los "
            "declara, su matrícula actual del nivel. Se mantienen fijos hasta el horizonte.\n"
            "- **Déficit** = necesarios − ofrecidos. Positivo (rojo): faltan cupos; negativo "
            "(azul): sobran. Clases divergentes centradas en 0 (ColorBrewer RdBu), con pasos "
            "iguales a ambos lados. El año del déficit es el primer año en que es positivo.\n"
            "- **Distancia** en línea recta desde un punto dentro de cada barrio/vereda a la "
            "sede más cercana que ofrece el nivel, en metros en EPSG:9377 (árbol KD); no es la "
            "distancia a pie. Con una tabla de tiempos por la red vial se usan sus minutos. "
            "Umbrales: 1 km urbano, 3 km rural (editables); la proporción lejos pondera por la "
            "población del nivel de cada barrio.\n"
            "- **Áreas de influencia**: polígonos de Voronoi de las sedes con el nivel, "
            "recortados a la ciudad; los niños de cada barrio se reparten por área; carga = "
            "niños × cobertura meta / cupos.",
            "en": "- **School-age population** of each level by its official ages (transición "
            "5, primary 6-10, lower secondary 11-14, upper secondary 15-16), per barrio/vereda "
            "and year up to the horizon; where only the total is given (e.g. DAP's projection "
            "per comuna), it is split by the city's age structure.\n"
            "- **Seats needed** = the level's population × the target net coverage (by default "
            "the city's current one: official-age enrolment / population of those ages).\n"
            "- **Seats offered** = each site's declared seats for the level; where none are "
            "declared, its current enrolment of the level. Held fixed to the horizon.\n"
            "- **Gap** = needed − offered. Positive (red): seats are short; negative (blue): "
            "seats to spare. Diverging classes centred on 0 (ColorBrewer RdBu), with equal "
            "steps on both sides. The deficit year is the first year the gap is positive.\n"
            "- **Distance** in a straight line from a point inside each barrio/vereda to the "
            "nearest site offering the level, in metres in EPSG:9377 (a KD-tree); not the "
            "walking distance. With a road-network travel-time table its minutes are used. "
            "Thresholds: 1 km urban, 3 km rural (editable); the share far weights by each "
            "barrio's population of the level.\n"
            "- **Catchments**: Voronoi polygons of the sites with the level, clipped to the "
            "city; each barrio's children are shared by area; load = children × target coverage "
            "/ seats.",
        },
        "network_no_barrios": {
            "es": "La distancia a una sede necesita los barrios y veredas.",
            "en": "The distance to a school needs the barrios and veredas.",
        },
    }
)

# The shared words above, and each feature's own (geo/model/words/<feature>.py).
TEXT: Final[dict[str, dict[str, str]]] = gather(_CORE_TEXT)
