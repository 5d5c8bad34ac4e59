"""Words of coverage on an estimated population (the official download, issue 23): what the
map, its legend, the exports and Metodología say when the population aged 5-16 of each
territory is its total split by the city's share (:mod:`geo.io.ingest.schoolage`)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "coverage_estimated_note": {
        "es": "Cobertura sobre una población estimada: la población de 5 a 16 años de cada "
        "territorio es su población total × la de 5 a 16 años de la ciudad según el MEN / la "
        "suma de los totales de ese año. Supone que cada comuna y corregimiento tiene la "
        "estructura de edades de la ciudad. La cobertura por nivel educativo no se calcula: "
        "necesita la población de las edades de cada nivel.",
        "en": "Coverage over an estimated population: each territory's population aged 5-16 "
        "is its total population × the city's aged 5-16 according to the MEN / the sum of the "
        "totals that year. It assumes every comuna and corregimiento has the city's age "
        "structure. Coverage per education level is not computed: it needs the population of "
        "each level's ages.",
    },
    "coverage_estimated_source": {
        "es": "población de 5 a 16 años estimada (cada territorio con la estructura de edades "
        "de la ciudad)",
        "en": "population aged 5-16 estimated (each territory with the city's age structure)",
    },
    "yes_estimated": {
        "es": "sí, sobre una población de 5 a 16 años estimada",
        "en": "yes, over an estimated population aged 5-16",
    },
}
