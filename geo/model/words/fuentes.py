"""Words of issue 23: what Metodología says of each indicator the official download feeds."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "fuentes_official": {"es": "Datos oficiales", "en": "Official data"},
    "fuentes_population": {"es": "población", "en": "population"},
    "fuentes_period": {"es": "periodo", "en": "period"},
    "fuentes_source": {"es": "fuente", "en": "source"},
    "fuentes_licence": {"es": "licencia", "en": "licence"},
    "fuentes_limits": {"es": "límites", "en": "limits"},
}
