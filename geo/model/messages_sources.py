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
    "fetch_note_no_rows": {
        "es": "{year}: {title} no tiene filas de este año",
        "en": "{year}: {title} has no rows for this year",
    },
    "fetch_note_repeated": {
        "es": "{period}: {n} candidatos aparecen más de una vez",
        "en": "{period}: {n} candidates appear more than once",
    },
    "fetch_note_no_ages": {
        "es": "la capa trae solo totales, sin grupos de edad: la cobertura bruta y neta "
        "necesitan la población de 5 a 16 años; se estima con la de la ciudad según el MEN "
        "(estadísticas por municipio) en los años que la publica, y no se calcula en los demás",
        "en": "the layer holds totals only, without age groups: gross and net coverage need the "
        "population aged 5-16; it is estimated from the city's according to the MEN "
        "(statistics per municipality) in the years it publishes it, and not computed in others",
    },
    "note_school_age_estimated": {
        "es": "población de 5 a 16 años estimada ({years}): el total de cada territorio × la "
        "población de 5 a 16 años de la ciudad según el MEN / la suma de los totales; supone "
        "que cada territorio tiene la estructura de edades de la ciudad",
        "en": "population aged 5-16 estimated ({years}): each territory's total × the city's "
        "population aged 5-16 according to the MEN / the sum of the totals; it assumes every "
        "territory has the city's age structure",
    },
    "fetch_note_duplicates": {
        "es": "{n} filas de establecimiento y año repetidas en otro recurso de MEData: se usan "
        "las del primero, no su suma",
        "en": "{n} rows of establishment and year repeated in another MEData resource: the "
        "first one's are used, not their sum",
    },
    "fetch_note_precedence": {
        "es": "{year}: {columns} de {first}, no de {other} (cada tasa con numerador y "
        "denominador de una fuente)",
        "en": "{year}: {columns} from {first}, not from {other} (each rate with numerator and "
        "denominator from one source)",
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
