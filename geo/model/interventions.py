"""The intervention catalogue (issue 17): what a plan can deliver, in which unit, to whom, and
how each changes the indicator it serves. One definition read by the Focalizar page, the
command line, the exports and the Metodología page (like ``geo.model.catalogue``).

How a site's need is counted and how units are placed lives in ``geo.analysis.plan``; here
are the words and the facts that travel: the unit, the indicator moved and on which side of
its fraction, and the formulas as people read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

# Which side of the moved indicator's fraction a unit changes: ``numerator`` (a student or site
# in need fewer: Σ(need − units) / Σ denominator) or ``denominator`` (one more computer:
# Σ matrícula / Σ(computadores + units)); ``None`` moves nothing mechanically.
Effect = Literal["numerator", "denominator"]
DEFAULT_STUDENTS_PER_COMPUTER: Final = 5
STUDENTS_PER_COMPUTER_RANGE: Final = (1, 100)


@dataclass(frozen=True)
class Intervention:
    """One kind of intervention.

    ``moves`` is the catalogue indicator it improves (``None``: it reaches students without
    changing an indicator mechanically; ``shows`` is then the indicator drawn, unchanged).
    ``unit_cost`` is an illustrative default in pesos, editable on the page and the command
    line: the atlas holds no official prices.
    """

    id: str
    name: dict[str, str]
    unit: dict[str, str]  # one unit, as the amount is counted ("computador por estudiante")
    units: dict[str, str]  # the plural noun in totals ("computadores")
    need: dict[str, str]  # the need it serves, in a sentence
    need_formula: dict[str, str]  # a site's need, as a formula
    after: dict[str, str]  # the indicator after the plan, as a formula
    reached: dict[str, str]  # who counts as a student reached
    moves: str | None
    effect: Effect | None
    shows: str
    unit_cost: int
    default_amount: int

    def label(self, lang: str) -> str:
        return self.name[lang]


INTERVENTIONS: Final[dict[str, Intervention]] = {
    i.id: i
    for i in (
        Intervention(
            id="computers",
            name={
                "es": "Computadores para estudiantes sin computador en casa",
                "en": "Computers for students without one at home",
            },
            unit={"es": "equipo por estudiante", "en": "device per student"},
            units={"es": "equipos", "en": "devices"},
            need={
                "es": "Estudiantes sin computador en el hogar.",
                "en": "Students without a computer at home.",
            },
            need_formula={"es": "sin_computador", "en": "sin_computador"},
            after={
                "es": "Σ (sin_computador − equipos entregados) / Σ matrícula",
                "en": "Σ (sin_computador − devices delivered) / Σ matrícula",
            },
            reached={"es": "un estudiante por equipo", "en": "one student per device"},
            moves="no_computer",
            effect="numerator",
            shows="no_computer",
            unit_cost=2_000_000,
            default_amount=5_000,
        ),
        Intervention(
            id="connectivity",
            name={
                "es": "Conectividad en casa para estudiantes sin internet",
                "en": "Home connectivity for students without internet",
            },
            unit={"es": "estudiante conectado", "en": "student connected"},
            units={"es": "conexiones", "en": "connections"},
            need={
                "es": "Estudiantes sin conexión a internet en el hogar.",
                "en": "Students without an internet connection at home.",
            },
            need_formula={"es": "sin_internet", "en": "sin_internet"},
            after={
                "es": "Σ (sin_internet − conexiones) / Σ matrícula",
                "en": "Σ (sin_internet − connections) / Σ matrícula",
            },
            reached={"es": "un estudiante por conexión", "en": "one student per connection"},
            moves="no_internet",
            effect="numerator",
            shows="no_internet",
            unit_cost=600_000,
            default_amount=5_000,
        ),
        Intervention(
            id="school_computers",
            name={
                "es": "Computadores en la sede hasta la norma de estudiantes por computador",
                "en": "School computers up to a norm of students per computer",
            },
            unit={"es": "computador", "en": "computer"},
            units={"es": "computadores", "en": "computers"},
            need={
                "es": "Computadores que le faltan a la sede para no pasar de la norma de "
                "estudiantes por computador.",
                "en": "Computers a site lacks to stay within the norm of students per computer.",
            },
            need_formula={
                "es": "máx(0, ⌈matrícula / norma⌉ − computadores)",
                "en": "max(0, ⌈matrícula / norm⌉ − computadores)",
            },
            after={
                "es": "Σ matrícula / Σ (computadores + computadores entregados)",
                "en": "Σ matrícula / Σ (computadores + computers delivered)",
            },
            reached={
                "es": "norma × computadores entregados, sin pasar de la matrícula de la sede",
                "en": "norm × computers delivered, at most the site's enrolment",
            },
            moves="students_per_computer",
            effect="denominator",
            shows="students_per_computer",
            unit_cost=2_500_000,
            default_amount=1_000,
        ),
        Intervention(
            id="broadband",
            name={
                "es": "Banda ancha para sedes sin ella",
                "en": "Broadband for sites without it",
            },
            unit={"es": "sede conectada", "en": "site connected"},
            units={"es": "sedes", "en": "sites"},
            need={
                "es": "Sedes sin conexión de banda ancha.",
                "en": "School sites without a broadband connection.",
            },
            need_formula={"es": "sin_banda_ancha (0 o 1)", "en": "sin_banda_ancha (0 or 1)"},
            after={
                "es": "Σ (sin_banda_ancha − sedes conectadas) / Σ sedes que reportan",
                "en": "Σ (sin_banda_ancha − sites connected) / Σ sites reporting",
            },
            reached={
                "es": "la matrícula de cada sede conectada",
                "en": "the enrolment of each site connected",
            },
            moves="no_broadband",
            effect="numerator",
            shows="no_broadband",
            unit_cost=15_000_000,
            default_amount=50,
        ),
        Intervention(
            id="dropout_students",
            name={
                "es": "Acompañamiento contra la deserción (por estudiante en riesgo)",
                "en": "Dropout-prevention support (per student at risk)",
            },
            unit={"es": "estudiante acompañado", "en": "student supported"},
            units={"es": "estudiantes", "en": "students"},
            need={
                "es": "Estudiantes en riesgo de desertar: por ahora, los desertores de la sede "
                "en el año del diagnóstico.",
                "en": "Students at risk of dropping out: for now, the site's dropouts in the "
                "year of the diagnosis.",
            },
            need_formula={"es": "desertores", "en": "desertores"},
            after={
                "es": "No cambia el indicador de forma mecánica: se muestra a quién llega.",
                "en": "Moves no indicator mechanically: shows who is reached.",
            },
            reached={"es": "un estudiante por cupo", "en": "one student per place"},
            moves=None,
            effect=None,
            shows="dropout",
            unit_cost=800_000,
            default_amount=2_000,
        ),
        Intervention(
            id="dropout_sites",
            name={
                "es": "Acompañamiento contra la deserción (por sede)",
                "en": "Dropout-prevention support (per site)",
            },
            unit={"es": "sede acompañada", "en": "site supported"},
            units={"es": "sedes", "en": "sites"},
            need={
                "es": "Sedes en la franja alta del índice de riesgo de deserción por sede (el "
                "20 % de sedes con mayor índice; ver Metodología); sin índice, las sedes con "
                "desertores en el año del diagnóstico.",
                "en": "Sites in the high band of the school dropout-risk index (the 20 % of "
                "sites with the highest index; see Methodology); without the index, sites with "
                "dropouts in the year of the diagnosis.",
            },
            need_formula={
                "es": "1 si matricula_riesgo_alto > 0 (sin índice: desertores > 0)",
                "en": "1 if matricula_riesgo_alto > 0 (without the index: desertores > 0)",
            },
            after={
                "es": "No cambia el indicador de forma mecánica: se muestra a quién llega.",
                "en": "Moves no indicator mechanically: shows who is reached.",
            },
            reached={
                "es": "los estudiantes en riesgo de cada sede acompañada",
                "en": "the students at risk of each site supported",
            },
            moves=None,
            effect=None,
            shows="dropout",
            unit_cost=40_000_000,
            default_amount=50,
        ),
    )
}
DEFAULT_INTERVENTION: Final = "computers"

# The rules that decide who gets units first. Ties are always broken by the DANE code.
RULES: Final = {
    "need": {"es": "Mayor necesidad primero (cantidad)", "en": "Greatest need first (count)"},
    "rate": {"es": "Mayor necesidad primero (tasa)", "en": "Greatest need first (rate)"},
    "priority": {"es": "Índice de prioridad", "en": "Priority index"},
    "equity": {"es": "Equidad territorial", "en": "Territorial equity"},
}
RULE_EXPLAINED: Final = {
    "need": {
        "es": "Las sedes reciben en orden de necesidad (la cantidad de unidades que les "
        "faltan; en las intervenciones por sede, banda ancha y acompañamiento por sede, los "
        "estudiantes de la sede a los que llega), de mayor a menor; cada una recibe toda su "
        "necesidad (o el tope por sede) antes de pasar a la siguiente.",
        "en": "Sites receive in order of need (the number of units they lack; for the "
        "site-wide interventions, broadband and support per site, the site's students it "
        "reaches), largest first; each gets its whole need (or the cap per site) before the "
        "next.",
    },
    "rate": {
        "es": "Como la anterior, pero en orden de la tasa de la sede en el indicador que la "
        "intervención mejora (por ejemplo, la proporción de sus estudiantes sin computador); "
        "a igual tasa, la mayor cantidad primero.",
        "en": "As above, but in order of the site's rate in the indicator the intervention "
        "improves (for example, the share of its students without a computer); at equal "
        "rates, the larger count first.",
    },
    "priority": {
        "es": "Las sedes heredan el índice de prioridad de su territorio (pesos y "
        "normalización por defecto, mismo año y filtros); los territorios de mayor índice "
        "reciben primero y, dentro de cada uno, las sedes de mayor necesidad.",
        "en": "Sites inherit their territory's priority index (default weights and "
        "normalisation, same year and filters); territories with the highest index receive "
        "first and, within each, the sites with the greatest need.",
    },
    "equity": {
        "es": "Cada territorio recibe una parte de lo disponible proporcional a su necesidad "
        "(el método del mayor resto reparte las unidades enteras: ninguna parte se aleja "
        "más de una unidad de la proporción exacta); dentro de cada territorio, las sedes de "
        "mayor necesidad primero.",
        "en": "Each territory receives a share of the amount proportional to its need (the "
        "largest-remainder method splits whole units: no share is more than one unit from "
        "the exact proportion); within each territory, the sites with the greatest need "
        "first.",
    },
}


def get_intervention(intervention_id: str) -> Intervention:
    """The catalogue entry; an unknown id raises ``ValueError`` listing the valid ones."""
    try:
        return INTERVENTIONS[intervention_id]
    except KeyError:
        raise ValueError(
            f"Unknown intervention {intervention_id!r}; valid: {', '.join(INTERVENTIONS)}."
        ) from None


def check_rule(rule: str) -> str:
    """``rule`` if it is one of :data:`RULES`, else ``ValueError`` listing them."""
    if rule not in RULES:
        raise ValueError(f"Unknown rule {rule!r}; valid: {', '.join(RULES)}.")
    return rule
