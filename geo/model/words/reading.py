"""Words of issue 24: Focalizar, Prioridad and Red escolar as a planner reads them (units,
tense, what a rule favours, what a load above 100 % means, what a download holds)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # --- Focalizar ------------------------------------------------------------------------
    "reading_rule_favours_need": {
        "es": "Esta regla favorece a las sedes con más estudiantes sin atender: lo disponible "
        "se concentra en pocas sedes grandes, aunque otros territorios tengan tasas peores.",
        "en": "This rule favours the sites with the most students left unserved: the amount "
        "goes to a few large sites, even where other territories have worse rates.",
    },
    "reading_rule_favours_rate": {
        "es": "Esta regla favorece a las sedes con la tasa más alta: llega a sedes pequeñas "
        "donde el problema es más agudo, aunque alcance a menos estudiantes por unidad.",
        "en": "This rule favours the sites with the highest rate: it reaches small sites where "
        "the problem is most acute, even if it reaches fewer students per unit.",
    },
    "reading_rule_favours_priority": {
        "es": "Esta regla favorece a los territorios de mayor índice de prioridad, y dentro "
        "de ellos a las sedes de mayor necesidad.",
        "en": "This rule favours the territories with the highest priority index, and within "
        "them the sites with the greatest need.",
    },
    "reading_rule_favours_equity": {
        "es": "Esta regla reparte entre todos los territorios en proporción a su necesidad: "
        "llega a más territorios, con menos en cada uno.",
        "en": "This rule shares the amount among all territories in proportion to their need: "
        "it reaches more territories, with less in each.",
    },
    "reading_rule_instead": {
        "es": "Con «{rule}», la misma cantidad llegaría a {sites} sedes en {territories} "
        "territorios y dejaría la brecha en {gap} (con esta regla: {gap_here}).",
        "en": "With “{rule}”, the same amount would reach {sites} sites in {territories} "
        "territories and leave the gap at {gap} (with this rule: {gap_here}).",
    },
    "reading_gap_pp_note": {
        "es": "Brecha: la diferencia entre el peor y el mejor territorio, en puntos "
        "porcentuales (pp) para las tasas (sin muestras pequeñas ni territorios sin datos).",
        "en": "Gap: the difference between the worst and the best territory, in percentage "
        "points (pp) for rates (small samples and territories without data left out).",
    },
    "reading_no_change": {"es": "Sin cambio", "en": "No change"},
    "reading_plan_download": {
        "es": "Descargar la lista de sedes del plan",
        "en": "Download the plan's list of sites",
    },
    # --- Red escolar ----------------------------------------------------------------------
    "reading_deficit_year": {"es": "Déficit desde", "en": "Deficit from"},
    "reading_deficit_already": {"es": "ya en {year}", "en": "already in {year}"},
    "reading_gap_table_note_future": {
        "es": "Territorios que tendrán déficit en {year}, por el año en que empieza; "
        "«ya en {base}» = falta desde el año base. Pase el cursor por el mapa para ver "
        "población, cupos necesarios y ofrecidos.",
        "en": "Territories that will be short of seats in {year}, by the year it starts; "
        "“already in {base}” = short since the base year. Hover over the map for population, "
        "seats needed and offered.",
    },
    "reading_gap_table_note_now": {
        "es": "Territorios con déficit en {year} (el año base: ya faltan cupos). Pase el "
        "cursor por el mapa para ver población, cupos necesarios y ofrecidos.",
        "en": "Territories short of seats in {year} (the base year: seats are short now). "
        "Hover over the map for population, seats needed and offered.",
    },
    "reading_gap_table_now": {
        "es": "Dónde faltan cupos",
        "en": "Where seats are short",
    },
    "reading_downloads_gap": {
        "es": "Descargar el déficit por área (GeoJSON, GPKG, CSV, XLSX)",
        "en": "Download the gap per area (GeoJSON, GPKG, CSV, XLSX)",
    },
    "reading_downloads_access": {
        "es": "Descargar la distancia por barrio o vereda (GeoJSON, GPKG, CSV, XLSX)",
        "en": "Download the distance per barrio or vereda (GeoJSON, GPKG, CSV, XLSX)",
    },
    "reading_downloads_catchments": {
        "es": "Descargar la carga por sede (GeoJSON, GPKG, CSV, XLSX)",
        "en": "Download the load per school (GeoJSON, GPKG, CSV, XLSX)",
    },
    "reading_catch_sites": {"es": "Sedes con el nivel", "en": "Schools with the level"},
    "reading_catch_over": {"es": "Por encima de 100 %", "en": "Above 100 %"},
    "reading_catch_far_over": {"es": "Por encima de 150 %", "en": "Above 150 %"},
    "reading_catch_median": {"es": "Carga mediana", "en": "Median load"},
    "reading_catch_seats": {"es": "Cupos", "en": "Seats"},
    "reading_seats_declared": {"es": "declarados", "en": "declared"},
    "reading_seats_enrolled": {"es": "matrícula", "en": "enrolment"},
    "reading_catch_table": {
        "es": "Las sedes más cargadas",
        "en": "The most loaded schools",
    },
    "reading_catch_explained": {
        "es": "**Qué quiere decir una carga de más de 100 %.** Viven más niños del nivel cerca "
        "de esa sede (en su área de influencia) que cupos tiene: 200 % es el doble. No "
        "quiere decir que estén matriculados allí: muchos estudian en otra sede. **Cuándo no "
        "es fiable.** Los niños se cuentan por superficie: un área que toma buena parte de "
        "un barrio denso recibe muchos niños aunque la sede sea pequeña, y cargas de miles "
        "por ciento señalan ese reparto, no una cifra de estudiantes. Donde la sede no "
        "declara cupos, su matrícula hace de cupos (columna *Cupos*: «matrícula»), y una "
        "matrícula pequeña da cargas muy altas. Lea una carga por encima de 150 % como "
        "«mirar aquí», no como una cuenta.",
        "en": "**What a load above 100 % means.** More children of the level live near that "
        "school (in its catchment) than it has seats: 200 % is twice as many. It does not "
        "mean they are enrolled there: many study at another school. **When it is not "
        "reliable.** Children are counted by surface: a catchment that takes much of a "
        "dense barrio gets many children even if the school is small, and loads of "
        "thousands of per cent point at that sharing, not at a count of students. Where a "
        "school declares no seats, its enrolment stands for them (column *Seats*: "
        "“enrolment”), and a small enrolment gives very high loads. Read a load above 150 % "
        "as “look here”, not as a count.",
    },
    "reading_catchments_title": {
        "es": "Carga por sede con {level}: niños del área de influencia × cobertura meta / cupos",
        "en": "Load per school with {level}: the catchment's children × target coverage / seats",
    },
    # --- the data changed the view (Datos, Mapa) -------------------------------------------
    "reading_data_changed_view": {
        "es": "Los datos nuevos no tienen todo lo que mostraba la vista; se cambió:",
        "en": "The new data do not have everything the view showed; it changed:",
    },
}
