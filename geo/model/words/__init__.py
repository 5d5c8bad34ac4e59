"""Interface words of one feature each (a page and its command), merged into ``i18n.TEXT``.

A feature keeps its sentences beside the others' without editing one shared table: a module
here defines ``TEXT`` in the same shape as :data:`geo.model.i18n.TEXT` (key -> ``{"es": ...,
"en": ...}``), and :func:`gather` collects every module's table. A key defined twice is a
programming error, raised at import, never a silent overwrite.
"""

from __future__ import annotations

import importlib
import pkgutil


def gather(base: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """``base`` with every feature module's ``TEXT`` added; refuse a key already present."""
    merged = dict(base)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        clash = sorted(merged.keys() & module.TEXT.keys())
        if clash:
            raise KeyError(f"geo.model.words.{info.name} redefines interface keys: {clash}")
        merged.update(module.TEXT)
    return merged
