"""The engine's sentences about real Medellín sources (issue 23): table shapes, code joins,
indicators a file cannot compute. Merged into :data:`geo.model.messages.MESSAGES`."""

from __future__ import annotations

from typing import Final

REAL_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "real_json_table": {
        "es": "JSON, tabla '{key}' ({shape}, {rows} filas)",
        "en": "JSON, table '{key}' ({shape}, {rows} rows)",
    },
    "real_json_others": {
        "es": "también trae {others}: no se leen (se eligió la tabla de sedes o instituciones)",
        "en": "also holds {others}: not read (the table of sites or institutions was chosen)",
    },
    "real_shape_records": {"es": "lista de registros", "en": "list of records"},
    "real_shape_keyed": {"es": "objeto por código", "en": "object keyed by code"},
    "real_join_summary": {
        "es": "códigos unidos: {sede} por su sede, {institution} a la sede principal de su "
        "institución, {zero} tras recuperar el cero inicial, {consecutive} por su consecutivo "
        "de 14 dígitos; {unmatched} sin sede",
        "en": "codes joined: {sede} to their site, {institution} to their institution's "
        "principal site, {zero} after restoring the leading zero, {consecutive} by their "
        "14-digit consecutive; {unmatched} without a site",
    },
    "real_multi_territory": {
        "es": "{n} instituciones de la tabla tienen sedes en más de un territorio: sus cifras "
        "quedan en el territorio de la sede principal ({codes})",
        "en": "{n} institutions of the table have sites in more than one territory: their "
        "figures sit in the principal site's territory ({codes})",
    },
    "real_multi_territory_none": {
        "es": "ninguna institución de la tabla tiene sedes en más de un territorio",
        "en": "no institution of the table has sites in more than one territory",
    },
    "real_multi_territory_unknown": {
        "es": "la tabla de sedes no dice a qué institución pertenece cada sede: no se sabe si "
        "alguna institución tiene sedes en varios territorios",
        "en": "the table of sites does not say which institution each site belongs to: it "
        "cannot tell whether an institution has sites in several territories",
    },
    "real_by_institution": {
        "es": "tabla por institución (columna '{column}'): cada fila va a la sede principal",
        "en": "table per institution (column '{column}'): each row goes to the principal site",
    },
    "real_detail_no_site": {
        "es": "ni sede ni institución con sede principal en la tabla de sedes",
        "en": "neither a site nor an institution with a principal site in the table of sites",
    },
    "real_indicator_missing": {
        "es": "no se puede calcular '{indicator}' con estos datos: faltan {missing}.",
        "en": "cannot compute '{indicator}' from this data: missing {missing}.",
    },
    "real_indicator_missing_fix": {
        "es": "Agregue esas columnas al archivo indicado (o asígnelas con --map), o elija uno de "
        "los indicadores disponibles: {available}.",
        "en": "Add those columns to the file named (or map them with --map), or choose one of "
        "the indicators available: {available}.",
    },
    "sources_unknown_setting": {
        "es": "el ajuste '{setting}' no corresponde a ninguna fuente o campo conocido.",
        "en": "the setting '{setting}' names no known source or field.",
    },
    "sources_unknown_setting_fix": {
        "es": "Corríjalo o bórrelo; se conocen: {known}.",
        "en": "Correct or remove it; known: {known}.",
    },
    "soda_moved": {
        "es": "el portal no tiene el conjunto '{dataset}' (HTTP 404): puede haberse movido.",
        "en": "the portal has no dataset '{dataset}' (HTTP 404): it may have moved.",
    },
    "soda_bad_field": {
        "es": "el conjunto '{dataset}' no tiene un campo que la consulta usa (HTTP 400).",
        "en": "the dataset '{dataset}' lacks a field the query uses (HTTP 400).",
    },
    "soda_setting_fix": {
        "es": "Busque el conjunto o el campo nuevo en datos.gov.co y escríbalo en el ajuste "
        "{setting} de la carpeta de caché.",
        "en": "Find the new dataset or field on datos.gov.co and write it in the setting "
        "{setting} of the cache folder.",
    },
    "soda_status": {
        "es": "el portal respondió HTTP {status}.",
        "en": "the portal answered HTTP {status}.",
    },
    "soda_web_page": {
        "es": "el portal respondió una página web en vez de datos.",
        "en": "the portal answered a web page instead of data.",
    },
    "soda_network": {
        "es": "no se pudo conectar con el portal ({detail}).",
        "en": "could not reach the portal ({detail}).",
    },
    "soda_try_later": {
        "es": "Intente más tarde; se conserva la última copia descargada.",
        "en": "Try again later; the last downloaded copy is kept.",
    },
}
