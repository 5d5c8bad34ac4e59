"""Interface words of Seguimiento (issue 26): targets and the evaluation of an intervention."""

TEXT = {
    "page_follow": {"es": "Seguimiento", "en": "Follow-up"},
    "follow_intro": {
        "es": "¿Vamos camino de la meta del plan? ¿Funcionó lo que se hizo? Una meta por "
        "indicador, el estado de cada territorio según su tendencia, y la evaluación de una "
        "intervención por diferencias en diferencias.",
        "en": "Are we on track to the plan's target? Did what was done work? One target per "
        "indicator, each territory's status from its trend, and the evaluation of an "
        "intervention by difference in differences.",
    },
    "follow_no_direction": {
        "es": "{indicator} no tiene un sentido mejor ni peor: elija en la barra lateral un "
        "indicador donde más sea peor (deserción) o mejor (cobertura) para fijarle una meta.",
        "en": "{indicator} has no better or worse direction: choose in the sidebar an "
        "indicator where more is worse (dropout) or better (coverage) to set it a target.",
    },
    "follow_set_target": {
        "es": "Escriba la meta y su año para ver el estado de cada territorio.",
        "en": "Enter the target and its year to see each territory's status.",
    },
    "follow_targets": {"es": "Metas", "en": "Targets"},
    "follow_evaluation": {
        "es": "Evaluación de una intervención",
        "en": "Evaluating an intervention",
    },
    "follow_section": {"es": "Sección", "en": "Section"},
    "follow_target_value": {"es": "Meta ({unit})", "en": "Target ({unit})"},
    "follow_target_year": {"es": "Año de la meta", "en": "Target year"},
    "follow_target_file": {
        "es": "Metas desde un archivo (CSV o XLSX: indicador, valor, anio; nivel y territorio "
        "opcionales)",
        "en": "Targets from a file (CSV or XLSX: indicador, valor, anio; nivel and territorio "
        "optional)",
    },
    "follow_target_sentence": {
        "es": "Meta: {indicator} {op} {value} en {year}",
        "en": "Target: {indicator} {op} {value} by {year}",
    },
    "follow_rule_title": {"es": "Cómo se decide el estado", "en": "How the status is decided"},
    "follow_rule": {
        "es": "Tendencia: recta de mínimos cuadrados sobre los años observados ({first}–{last}), "
        "proyectada al año de la meta con su intervalo de predicción del 95 %. "
        "1) **Sin datos**: sin valor en {last} o menos de {min_years} años observados. "
        "2) **Meta cumplida**: el último valor ya cumple la meta. "
        "3) **En camino**: la proyección cumple la meta. "
        "4) **En riesgo**: la proyección no la cumple, pero el extremo favorable del intervalo "
        "sí. 5) **Fuera de camino**: ni el extremo favorable la cumple. "
        "La trayectoria necesaria es la recta del último valor a la meta.",
        "en": "Trend: a least-squares line through the observed years ({first}–{last}), "
        "projected to the target year with its 95 % prediction interval. "
        "1) **No data**: no value in {last} or fewer than {min_years} observed years. "
        "2) **Target met**: the last value already meets the target. "
        "3) **On track**: the projection meets the target. "
        "4) **At risk**: the projection misses it, but the favourable end of the interval "
        "meets it. 5) **Off track**: not even the favourable end meets it. "
        "The needed trajectory is the straight line from the last value to the target.",
    },
    "follow_status_map": {"es": "Estado frente a la meta", "en": "Status against the target"},
    "follow_no_target": {"es": "Sin meta", "en": "No target"},
    "follow_status": {"es": "Estado", "en": "Status"},
    "follow_last": {"es": "Último valor ({year})", "en": "Last value ({year})"},
    "follow_gap": {"es": "Brecha a la meta", "en": "Gap to the target"},
    "follow_needed": {"es": "Cambio necesario por año", "en": "Change needed per year"},
    "follow_trend": {"es": "Tendencia por año", "en": "Trend per year"},
    "follow_projected": {"es": "Proyección {year}", "en": "Projection {year}"},
    "follow_interval": {"es": "Intervalo 95 %", "en": "95 % interval"},
    "follow_years_used": {"es": "Años", "en": "Years"},
    "follow_chart_title": {
        "es": "{area}: serie, tendencia y meta",
        "en": "{area}: series, trend and target",
    },
    "follow_area": {"es": "Serie de", "en": "Series of"},
    "follow_observed": {"es": "Observado", "en": "Observed"},
    "follow_trend_line": {"es": "Tendencia", "en": "Trend"},
    "follow_needed_line": {"es": "Trayectoria necesaria", "en": "Needed trajectory"},
    "follow_target_point": {"es": "Meta", "en": "Target"},
    "follow_band": {"es": "Intervalo de predicción 95 %", "en": "95 % prediction interval"},
    "follow_too_few": {
        "es": "{area}: solo {n} años observados; hacen falta {min_years} para proyectar una "
        "tendencia con su incertidumbre.",
        "en": "{area}: only {n} observed years; {min_years} are needed to project a trend with "
        "its uncertainty.",
        "es.one": "{area}: solo {n} año observado; hacen falta {min_years} para proyectar una "
        "tendencia con su incertidumbre.",
        "en.one": "{area}: only {n} observed year; {min_years} are needed to project a trend "
        "with its uncertainty.",
    },
    "follow_counts": {
        "es": "Meta cumplida: {met} · En camino: {on} · En riesgo: {risk} · Fuera de camino: "
        "{off} · Sin datos: {none}",
        "en": "Target met: {met} · On track: {on} · At risk: {risk} · Off track: {off} · "
        "No data: {none}",
    },
    # --- evaluation -------------------------------------------------------------------------
    "follow_treated_source": {"es": "Sedes tratadas", "en": "Treated sites"},
    "follow_source_demo": {
        "es": "Programa de la demostración (conectividad en casa, 2021)",
        "en": "The demo's programme (home connectivity, 2021)",
    },
    "follow_source_file": {"es": "Lista de códigos DANE", "en": "List of DANE codes"},
    "follow_source_plan": {"es": "Plan de Focalizar", "en": "Focalizar plan"},
    "follow_source_switch": {
        "es": "Filtro: banda ancha desde un año",
        "en": "Filter: broadband since a year",
    },
    "follow_treated_file": {
        "es": "Lista de sedes (CSV o XLSX con codigo_dane y anio_tratamiento)",
        "en": "List of sites (CSV or XLSX with codigo_dane and anio_tratamiento)",
    },
    "follow_treatment_year": {"es": "Año de tratamiento", "en": "Treatment year"},
    "follow_outcome": {"es": "Resultado", "en": "Outcome"},
    "follow_cohort": {"es": "Cohorte (año de inicio)", "en": "Cohort (start year)"},
    "follow_plan_hint": {
        "es": "Las sedes que el plan de Focalizar del enlace atiende (abra Focalizar, arme el "
        "plan y vuelva aquí con el mismo enlace).",
        "en": "The sites the link's Focalizar plan serves (open Focalizar, build the plan and "
        "come back here with the same link).",
    },
    "follow_effect": {"es": "Efecto estimado", "en": "Estimated effect"},
    "follow_effect_ci": {"es": "Intervalo 95 %", "en": "95 % interval"},
    "follow_treated_n": {"es": "Sedes tratadas", "en": "Treated sites"},
    "follow_comparison_n": {"es": "Sedes de comparación", "en": "Comparison sites"},
    "follow_pretrend": {"es": "Prueba de tendencias previas", "en": "Pre-trend test"},
    "follow_pretrend_text": {
        "es": "Prueba de Wald de que el efecto antes del tratamiento (años {years}) es cero: "
        "χ²({df}) = {stat}, p = {p}. {verdict}",
        "en": "Wald test that the effect before treatment (years {years}) is zero: "
        "χ²({df}) = {stat}, p = {p}. {verdict}",
    },
    "follow_pretrend_ok": {
        "es": "No se rechaza al 5 %: nada indica que las sedes ya divergían antes (no lo prueba).",
        "en": "Not rejected at 5 %: nothing shows the sites were already diverging before (it "
        "does not prove they were not).",
    },
    "follow_pretrend_bad": {
        "es": "Se rechaza al 5 %: las sedes tratadas ya se movían distinto antes; el efecto "
        "puede estar sesgado.",
        "en": "Rejected at 5 %: the treated sites were already moving differently before; the "
        "effect may be biased.",
    },
    "follow_pretrend_none": {
        "es": "Con un solo año antes del tratamiento no hay tendencia previa que probar.",
        "en": "With one year before treatment only, there is no pre-trend to test.",
    },
    "follow_event_title": {
        "es": "Efecto por año relativo al tratamiento (estudio de eventos)",
        "en": "Effect by year relative to treatment (event study)",
    },
    "follow_relative_year": {"es": "Años desde el tratamiento", "en": "Years since treatment"},
    "follow_coefficient": {"es": "Efecto", "en": "Effect"},
    "follow_method": {
        "es": "Diferencias en diferencias sobre el panel de sedes: efectos fijos de sede y de "
        "año, {weights}, errores estándar agrupados por sede (linearmodels PanelOLS). "
        "Comparación: sedes nunca tratadas entre {first} y {last}.",
        "en": "Difference in differences on the site panel: site and year fixed effects, "
        "{weights}, standard errors clustered by site (linearmodels PanelOLS). Comparison: "
        "sites never treated between {first} and {last}.",
    },
    "follow_weighted": {"es": "ponderado por la matrícula", "en": "weighted by enrolment"},
    "follow_unweighted": {"es": "sin ponderar", "en": "unweighted"},
    "follow_reading_title": {"es": "Cómo leerlo", "en": "How to read it"},
    "follow_reading": {
        "es": "En las {treated} sedes tratadas desde {cohort}, {outcome} pasó de {tb} a {ta}; "
        "en las {comparison} sedes de comparación, de {cb} a {ca}. La diferencia en "
        "diferencias, con efectos fijos, estima un efecto de {effect} (intervalo del 95 %: "
        "{low} a {high}). {significance}",
        "en": "In the {treated} sites treated from {cohort}, {outcome} went from {tb} to {ta}; "
        "in the {comparison} comparison sites, from {cb} to {ca}. The difference in "
        "differences, with fixed effects, estimates an effect of {effect} (95 % interval: "
        "{low} to {high}). {significance}",
    },
    "follow_significant": {
        "es": "El intervalo no incluye el cero.",
        "en": "The interval does not include zero.",
    },
    "follow_not_significant": {
        "es": "El intervalo incluye el cero: no se distingue un efecto.",
        "en": "The interval includes zero: no effect can be told apart.",
    },
    "follow_does_not_prove": {
        "es": "Lo que no prueba: que el programa causó el cambio si las sedes tratadas se "
        "eligieron por algo que ya las estaba cambiando, o si otra cosa les pasó solo a ellas "
        "al mismo tiempo; tampoco dice cuánto funcionaría en otras sedes. Descansa en que, sin "
        "el programa, habrían seguido la misma tendencia que las de comparación.",
        "en": "What it does not prove: that the programme caused the change if the treated "
        "sites were chosen for something already changing them, or if something else "
        "happened only to them at the same time; nor how well it would work in other sites. "
        "It rests on their having followed the comparison sites' trend without the programme.",
    },
    "follow_left_out": {
        "es": "{n} sedes quedaron fuera de la comparación (otras cohortes o sin año claro); "
        "{unknown} sedes de la lista no están en los datos.",
        "en": "{n} sites were left out of the comparison (other cohorts or no clear year); "
        "{unknown} listed sites are not in the data.",
        "es.one": "{n} sede quedó fuera de la comparación (otra cohorte o sin año claro); "
        "{unknown} sedes de la lista no están en los datos.",
        "en.one": "{n} site was left out of the comparison (another cohort or no clear year); "
        "{unknown} listed sites are not in the data.",
    },
    "follow_demo_truth": {
        "es": "Dato de demostración: el generador evitó {share} de las deserciones de estas "
        "sedes desde 2021; el efecto verdadero es {truth}.",
        "en": "Demo data: the generator averted {share} of these sites' dropouts from 2021; "
        "the true effect is {truth}.",
    },
    "follow_method_targets": {
        "es": "**Metas.** Una meta es un valor que un indicador debe alcanzar en un año, para la "
        "ciudad y cada territorio (o uno solo), opcionalmente en un nivel educativo; en el "
        "enlace, `meta.<indicador>=<valor>@<año>` (`meta.dropout=2.5@2027`), en la unidad que "
        "muestra el atlas. La serie observada de cada territorio es la agregación del atlas "
        "(Σ numeradores / Σ denominadores, un valor por año). La **trayectoria necesaria** es "
        "la recta del último valor a la meta; la **tendencia**, una recta de mínimos cuadrados "
        "(statsmodels OLS) sobre los años observados, proyectada al año de la meta con su "
        "intervalo de predicción del 95 % (dónde caería el valor de un año nuevo si la recta "
        "se mantuviera). Con menos de {min_years} años no hay tendencia que proyectar. "
        "«Cumplir» es ≤ donde más es peor (deserción) y ≥ donde más es mejor (cobertura).",
        "en": "**Targets.** A target is a value an indicator should reach by a year, for the "
        "city and every territory (or one), optionally at one education level; in the link, "
        "`meta.<indicator>=<value>@<year>` (`meta.dropout=2.5@2027`), in the unit the atlas "
        "shows. Each territory's observed series is the atlas's aggregation (Σ numerators / "
        "Σ denominators, one value a year). The **needed trajectory** is the straight line from "
        "the last value to the target; the **trend**, a least-squares line (statsmodels OLS) "
        "through the observed years, projected to the target year with its 95 % prediction "
        "interval (where a new year's value would fall if the line held). With fewer than "
        '{min_years} years there is no trend to project. "Meets" is ≤ where more is worse '
        "(dropout) and ≥ where more is better (coverage).",
    },
    "follow_method_status": {
        "es": "**Estado**, en este orden: 1) *Sin datos*: sin valor en el último año de los "
        "datos o menos de {min_years} años. 2) *Meta cumplida*: el último valor ya la cumple. "
        "3) *En camino*: la proyección la cumple. 4) *En riesgo*: la proyección no, pero el "
        "extremo favorable del intervalo sí. 5) *Fuera de camino*: ni ese extremo la cumple. "
        "Una recta sobre pocos años es una extrapolación, no un pronóstico: no sabe de "
        "programas nuevos ni de crisis.",
        "en": "**Status**, in this order: 1) *No data*: no value in the data's last year or "
        "fewer than {min_years} years. 2) *Target met*: the last value already meets it. "
        "3) *On track*: the projection meets it. 4) *At risk*: the projection does not, but "
        "the favourable end of the interval does. 5) *Off track*: not even that end does. "
        "A line through few years is an extrapolation, not a forecast: it knows nothing of new "
        "programmes or crises.",
    },
    "follow_method_evaluation": {
        "es": "**Evaluación de una intervención.** Diferencias en diferencias sobre el panel de "
        "sedes: la tasa de cada sede y año (numerador / denominador) sobre un indicador de "
        "tratamiento, con efectos fijos de sede y de año, ponderada por el denominador "
        "(matrícula), errores estándar agrupados por sede (linearmodels PanelOLS). La "
        "comparación son las sedes nunca tratadas en los años del panel. El **estudio de "
        "eventos** estima un efecto por año relativo al tratamiento (referencia: el año "
        "anterior, −1) y la **prueba de tendencias previas** es la prueba de Wald conjunta de "
        "que los efectos antes del tratamiento son cero. **Adopción escalonada**: si las sedes "
        "empiezan en años distintos, se evalúa una cohorte a la vez contra las nunca tratadas "
        "(las demás quedan fuera); una sola estimación con todas se rechaza, porque con efectos "
        "distintos por cohorte mezcla comparaciones entre tratadas y puede cambiar de signo. "
        "Se rechaza también sin sedes de comparación o sin un año antes del programa.",
        "en": "**Evaluating an intervention.** Difference in differences on the site panel: each "
        "site's rate per year (numerator / denominator) on a treatment indicator, with site and "
        "year fixed effects, weighted by the denominator (enrolment), standard errors clustered "
        "by site (linearmodels PanelOLS). The comparison is the sites never treated in the "
        "panel's years. The **event study** estimates one effect per year relative to treatment "
        "(reference: the year before, −1) and the **pre-trend test** is the joint Wald test "
        "that the effects before treatment are zero. **Staggered adoption**: when sites start "
        "in different years, one cohort is evaluated at a time against the never-treated (the "
        "others left out); one estimate pooling them all is refused, because with effects that "
        "differ by cohort it mixes comparisons between treated sites and can change sign. It "
        "is refused too without comparison sites or without a year before the programme.",
    },
    "follow_method_demo": {
        "es": "**La verdad de la demostración.** El generador de datos de demostración incluye "
        "un programa documentado, conectividad en el hogar (una tableta y un plan de datos por "
        "estudiante): {sites} sedes oficiales elegidas al azar desde {year}, en las "
        "que cada deserción se evita con probabilidad {share}. El efecto verdadero se calcula "
        "de las deserciones evitadas y la página lo muestra junto a la estimación, para que el "
        "método se pueda comprobar contra una verdad; unas pruebas automáticas comprueban que "
        "el intervalo del 95 % la contiene y que un placebo (un año de tratamiento falso, o "
        "sedes al azar) da un intervalo que contiene el cero.",
        "en": "**The demo's truth.** The demo data generator includes a documented "
        "programme, home connectivity (a tablet and a data plan per student): {sites} "
        "official sites chosen at random from {year}, in which each dropout is averted "
        "with probability {share}. The true effect is computed from the averted dropouts and "
        "the page shows it beside the estimate, so the method can be checked against a truth; "
        "automated tests check that the 95 % interval contains it and that a placebo (a false "
        "treatment year, or random sites) gives an interval that contains zero.",
    },
    "follow_download_targets": {"es": "Metas (CSV)", "en": "Targets (CSV)"},
    "follow_download_effect": {"es": "Efecto (JSON)", "en": "Effect (JSON)"},
    "follow_cli": {
        "es": "Lo mismo en la línea de comandos:",
        "en": "The same on the command line:",
    },
    "follow_present": {"es": "Presentar", "en": "Present"},
}
