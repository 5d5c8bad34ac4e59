"""Interface words of the Fichas territoriales (issue 25): the page, the document, the command."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "page_fichas": {"es": "Fichas", "en": "Profiles"},
    "ficha_title": {"es": "Ficha territorial", "en": "Territorial profile"},
    "ficha_of": {"es": "Ficha de {name}", "en": "Profile of {name}"},
    "ficha_booklet": {"es": "Fichas territoriales", "en": "Territorial profiles"},
    "ficha_contents": {"es": "Contenido", "en": "Contents"},
    "ficha_pick": {"es": "Territorio", "en": "Territory"},
    "ficha_level": {"es": "Nivel territorial", "en": "Territorial level"},
    "ficha_indicators": {"es": "Indicadores", "en": "Indicators"},
    "ficha_indicator": {"es": "Indicador", "en": "Indicator"},
    "ficha_value": {"es": "Valor", "en": "Value"},
    "ficha_city": {"es": "Ciudad", "en": "City"},
    "ficha_rank": {"es": "Puesto", "en": "Rank"},
    "ficha_change": {"es": "Cambio desde {year}", "en": "Change since {year}"},
    "ficha_change_short": {"es": "Cambio", "en": "Change"},
    "ficha_trend": {"es": "Tendencia", "en": "Trend"},
    "ficha_trend_key": {
        "es": "Tendencia: línea negra continua = {name}; gris discontinua = ciudad.",
        "en": "Trend: solid black line = {name}; dashed grey = city.",
    },
    "ficha_change_key": {
        "es": "Cambio: del primer año con dato ({since}) a {year}; entre paréntesis, el de la "
        "ciudad. "
        "Para porcentajes, en puntos porcentuales.",
        "en": "Change: from the first year with data ({since}) to {year}; in brackets, the "
        "city's. "
        "For percentages, in percentage points.",
    },
    "ficha_levels": {"es": "Por nivel educativo", "en": "By education level"},
    "ficha_levels_key": {
        "es": "Valor del territorio; entre paréntesis, el de la ciudad.",
        "en": "The territory's value; in brackets, the city's.",
    },
    "ficha_sites": {"es": "Sedes educativas", "en": "School sites"},
    "ficha_sites_total": {"es": "Total", "en": "Total"},
    "ficha_risk": {
        "es": "Las cinco sedes con mayor riesgo de deserción",
        "en": "The five sites with the highest dropout risk",
    },
    "ficha_risk_index": {"es": "Índice", "en": "Index"},
    "ficha_risk_rank": {"es": "Puesto en la ciudad", "en": "City rank"},
    "ficha_risk_none": {
        "es": "Ninguna sede de este territorio tiene índice de riesgo en {year}.",
        "en": "No site of this territory has a risk index in {year}.",
    },
    "ficha_band_alto": {"es": "alto", "en": "high"},
    "ficha_band_medio": {"es": "medio", "en": "medium"},
    "ficha_band_bajo": {"es": "bajo", "en": "low"},
    "ficha_summary": {"es": "En pocas palabras", "en": "In a few words"},
    "ficha_locator": {"es": "Ubicación en la ciudad", "en": "Where it is in the city"},
    "ficha_source": {"es": "Fuente", "en": "Source"},
    "ficha_demo": {
        "es": "Datos de demostración — no oficiales",
        "en": "Demo data — not official",
    },
    "ficha_generated": {"es": "Datos de {year}", "en": "Data for {year}"},
    "ficha_filters": {"es": "Filtros: {filters}", "en": "Filters: {filters}"},
    "ficha_live": {"es": "Vista en línea", "en": "Live view"},
    "ficha_small": {"es": "muestra pequeña", "en": "small sample"},
    "ficha_not_ranked": {"es": "sin puesto", "en": "not ranked"},
    "ficha_not_ranked_small": {
        "es": "sin puesto (muestra pequeña)",
        "en": "not ranked (small sample)",
    },
    "ficha_rank_of": {"es": "{rank}.º de {n} {group}", "en": "{rank} of {n} {group}"},
    "ficha_rank_worst": {"es": "1 = peor", "en": "1 = worst"},
    "ficha_rank_largest": {"es": "1 = mayor", "en": "1 = largest"},
    "ficha_group_comunas": {"es": "comunas", "en": "comunas"},
    "ficha_group_corregimientos": {"es": "corregimientos", "en": "corregimientos"},
    "ficha_group_territorios": {"es": "territorios", "en": "territories"},
    "ficha_group_barrios_comunas": {"es": "barrios", "en": "barrios"},
    "ficha_group_barrios_corregimientos": {"es": "veredas", "en": "veredas"},
    "ficha_group_barrios": {"es": "barrios y veredas", "en": "barrios and veredas"},
    "ficha_group_nucleos": {"es": "núcleos", "en": "núcleos"},
    "ficha_kind_comuna": {"es": "Comuna", "en": "Comuna"},
    "ficha_kind_corregimiento": {"es": "Corregimiento", "en": "Corregimiento"},
    "ficha_kind_barrio": {"es": "Barrio", "en": "Barrio"},
    "ficha_kind_vereda": {"es": "Vereda", "en": "Vereda"},
    "ficha_kind_nucleo": {"es": "Núcleo educativo", "en": "School núcleo"},
    "ficha_points": {"es": "puntos", "en": "points"},
    # Sentences (numbers already written the language's way).
    "ficha_sentence_rate": {
        "es": "{indicator} en {name}: {value}, {diff} {above_below} que la ciudad ({city}).",
        "en": "{indicator} in {name}: {value}, {diff} {above_below} the city ({city}).",
    },
    "ficha_sentence_same": {
        "es": "{indicator} en {name}: {value}, igual que la ciudad ({city}).",
        "en": "{indicator} in {name}: {value}, the same as the city ({city}).",
    },
    "ficha_above": {"es": "más", "en": "above"},
    "ficha_below": {"es": "menos", "en": "below"},
    "ficha_sentence_trend": {
        "es": "Desde {year} {went} {change} (la ciudad: {city_change}).",
        "en": "Since {year} it {went} {change} (the city: {city_change}).",
    },
    "ficha_sentence_flat": {
        "es": "Desde {year} se mantuvo (la ciudad: {city_change}).",
        "en": "Since {year} it stayed level (the city: {city_change}).",
    },
    "ficha_up": {"es": "subió", "en": "rose"},
    "ficha_down": {"es": "bajó", "en": "fell"},
    "ficha_sentence_share": {
        "es": "{indicator} en {name}: {value}, el {share} de la ciudad.",
        "en": "{indicator} in {name}: {value}, {share} of the city's.",
    },
    "ficha_sentence_worst": {
        "es": "Entre los {limit} primeros puestos de {n} {group} (1 = peor) en: {names}.",
        "en": "Within the first {limit} places of {n} {group} (1 = worst) in: {names}.",
    },
    "ficha_sentence_worst_one": {
        "es": "En el primer puesto (el peor) de {n} {group} en: {names}.",
        "en": "In first place (the worst) of {n} {group} in: {names}.",
    },
    "ficha_level_transicion": {"es": "Transición", "en": "Transition"},
    "ficha_level_primaria": {"es": "Primaria", "en": "Primary"},
    "ficha_level_secundaria": {"es": "Secundaria", "en": "Lower sec."},
    "ficha_level_media": {"es": "Media", "en": "Upper sec."},
    "ficha_in": {"es": "en {name}", "en": "in {name}"},
    "ficha_and_more": {
        "es": "{names} y {n} más",
        "es.one": "{names} y {n} más",
        "en": "{names} and {n} more",
        "en.one": "{names} and {n} more",
    },
    "ficha_sentence_sites": {
        "es": "Sedes en {year}: {total} ({sectors}).",
        "en": "Sites in {year}: {total} ({sectors}).",
    },
    "ficha_sentence_risk": {
        "es": "La sede con mayor riesgo de deserción es {site} (índice {index}, puesto "
        "{rank} de la ciudad).",
        "en": "The site with the highest dropout risk is {site} (index {index}, rank "
        "{rank} in the city).",
    },
    # Page.
    "ficha_download_pdf": {"es": "Descargar ficha (PDF)", "en": "Download profile (PDF)"},
    "ficha_download_html": {"es": "Descargar ficha (HTML)", "en": "Download profile (HTML)"},
    "ficha_download_booklet": {
        "es": "Todas las fichas del nivel (PDF)",
        "en": "Every profile of the level (PDF)",
    },
    "ficha_cli": {
        "es": "La misma ficha desde la línea de comandos",
        "en": "The same profile from the command line",
    },
    "ficha_unknown": {
        "es": "La ficha {code!r} del enlace no es un territorio de este nivel; se muestra {used}.",
        "en": "The link's profile {code!r} is not a territory of this level; showing {used}.",
    },
    "ficha_link": {"es": "Ficha de {name}", "en": "Profile of {name}"},
}
