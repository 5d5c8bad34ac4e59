"""The engine's sentences about the ArcGIS population layer and MEData's CKAN portal (issue
23). Merged into :data:`geo.model.messages.MESSAGES`."""

from __future__ import annotations

from typing import Final

SOURCE_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "portal_moved": {
        "es": "el servicio no tiene '{dataset}' (HTTP 404): puede haberse movido.",
        "en": "the service has no '{dataset}' (HTTP 404): it may have moved.",
    },
    "portal_setting_fix": {
        "es": "Busque la dirección o el campo nuevo en {landing} y escríbalo en el ajuste "
        "{setting} de la carpeta de caché.",
        "en": "Find the new address or field on {landing} and write it in the setting "
        "{setting} of the cache folder.",
    },
    "portal_unexpected": {
        "es": "el portal respondió algo que no tiene la forma esperada ({detail}).",
        "en": "the portal answered something not shaped as expected ({detail}).",
    },
    "arcgis_error": {
        "es": "el servicio ArcGIS respondió un error: {message}.",
        "en": "the ArcGIS service answered an error: {message}.",
    },
    "arcgis_no_population": {
        "es": "la capa no tiene los campos de población esperados ({expected}); tiene: {found}.",
        "en": "the layer lacks the expected population fields ({expected}); it has: {found}.",
    },
    "ckan_error": {
        "es": "MEData respondió un error: {message}.",
        "en": "MEData answered an error: {message}.",
    },
    "ckan_none": {
        "es": "ningún conjunto de MEData hallado con '{query}' trae {fields} por establecimiento "
        "y año: {indicators} siguen sin datos oficiales (en la demostración son sintéticos; el "
        "atlas no los inventa).",
        "en": "no MEData dataset found with '{query}' holds {fields} per establishment and "
        "year: {indicators} stay without official data (synthetic in the demo; the atlas does "
        "not invent them).",
    },
    "ckan_efficiency_names": {
        "es": "Deserción intra-anual, Aprobación y Reprobación",
        "en": "Within-year dropout, Approval and Failure",
    },
    "ckan_none_fix": {
        "es": "Si el conjunto existe con otro nombre o campos, escriba su resource_id en el "
        "ajuste sources.json: eficiencia.dataset (o sus campos en eficiencia.fields) de la "
        "carpeta de caché.",
        "en": "If the dataset exists under another name or fields, write its resource_id in "
        "the setting sources.json: eficiencia.dataset (or its fields in eficiencia.fields) of "
        "the cache folder.",
    },
    "ckan_rates": {
        "es": "la columna '{column}' de MEData trae valores con decimales ({value}): parece una "
        "tasa, no un conteo de estudiantes.",
        "en": "MEData's column '{column}' holds values with decimals ({value}): it looks like a "
        "rate, not a count of students.",
    },
    "ckan_rates_fix": {
        "es": "Indique la columna de conteos en el ajuste sources.json: eficiencia.fields de la "
        "carpeta de caché.",
        "en": "Name the column of counts in the setting sources.json: eficiencia.fields of the "
        "cache folder.",
    },
}
