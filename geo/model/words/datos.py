"""Words of the Datos page's official download (issues 22 and 23): one button for the layers
and every portal source, a bar per source while it runs, then what each gave or why it failed."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "datos_official_title": {"es": "Datos oficiales", "en": "Official data"},
    "datos_official_intro": {
        "es": "Descarga, a una carpeta local que no se publica, las comunas y corregimientos, "
        "los barrios y veredas y las sedes educativas de la Alcaldía de Medellín (licencia del "
        "publicador: CC BY-SA 4.0; los datos no pueden ser comercializados ni transferidos) y "
        "las tablas por sede de los portales de datos abiertos: {sources}. Años de las fuentes: "
        "{years}; los años ya descargados no se piden de nuevo. Una descarga fallida nunca "
        "reemplaza la copia anterior ni detiene las demás.",
        "en": "Downloads into a local folder that is never published the comunas and "
        "corregimientos, barrios and veredas and school sites of the Alcaldía de Medellín "
        "(publisher's licence: CC BY-SA 4.0; the data may not be sold or transferred) and the "
        "per-site tables of the open-data portals: {sources}. Years of the sources: {years}; "
        "years already downloaded are not asked for again. A failed download never replaces "
        "the previous copy nor stops the others.",
    },
    "datos_official_fetch": {
        "es": "Descargar los datos oficiales",
        "en": "Download the official data",
    },
    "datos_waiting": {"es": "{title}: en espera", "en": "{title}: waiting"},
    "datos_running_layer": {"es": "{title}: descargando…", "en": "{title}: downloading…"},
    "datos_running_years": {
        "es": "{title}: {done} de {total} años · {seconds} s",
        "en": "{title}: {done} of {total} years · {seconds} s",
    },
    "datos_done_rows": {
        "es": "{title}: {rows} filas · {seconds} s",
        "en": "{title}: {rows} rows · {seconds} s",
    },
    "datos_done_features": {
        "es": "{title}: {rows} elementos · {seconds} s",
        "en": "{title}: {rows} features · {seconds} s",
    },
    "datos_done_current": {
        "es": "{title}: ya al día, nada nuevo que pedir · {seconds} s",
        "en": "{title}: already up to date, nothing new to ask for · {seconds} s",
    },
    "datos_failed_bar": {
        "es": "{title}: falló · {seconds} s",
        "en": "{title}: failed · {seconds} s",
    },
    "datos_summary_title": {
        "es": "Lo que dio cada fuente",
        "en": "What each source gave",
    },
    "datos_failed": {
        "es": "{title}: no se pudo descargar; {kept}. {message}",
        "en": "{title}: could not be downloaded; {kept}. {message}",
    },
    "datos_kept": {
        "es": "se conserva la copia del {date}",
        "en": "the copy of {date} is kept",
    },
    "datos_nothing_kept": {"es": "no hay copia anterior", "en": "there is no previous copy"},
    "datos_now_official": {
        "es": "El atlas muestra ahora los datos oficiales: {indicators} indicadores posibles.",
        "en": "The atlas now shows the official data: {indicators} indicators possible.",
    },
    "datos_col_source": {"es": "Fuente", "en": "Source"},
    "datos_col_status": {"es": "Estado", "en": "Status"},
    "datos_col_fetched": {"es": "Años descargados", "en": "Years downloaded"},
    "datos_col_cached": {"es": "Ya en caché", "en": "Already cached"},
    "datos_col_rows": {"es": "Filas", "en": "Rows"},
    "datos_col_seconds": {"es": "Segundos", "en": "Seconds"},
    "datos_col_date": {"es": "Fecha de la copia", "en": "Date of the copy"},
    "datos_status_ok": {"es": "Descargado", "en": "Downloaded"},
    "datos_status_current": {"es": "Ya al día", "en": "Already up to date"},
    "datos_status_failed": {"es": "Falló", "en": "Failed"},
    "datos_cache_title": {"es": "En la carpeta local", "en": "In the local folder"},
}
