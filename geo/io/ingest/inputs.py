"""What to load: the files a user brings (``None`` for the demo's) and how to read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from geo.model.dataset import Source

DEFAULT_TOLERANCE_M: Final = 100.0


@dataclass(frozen=True)
class Inputs:
    """The files to load; ``None`` means the demo's."""

    boundaries: Path | None = None
    barrios: Path | None = None
    schools: Path | None = None
    indicators: Path | None = None
    population: Path | None = None
    benchmark: Path | None = None  # the MEN's statistics per municipality (issue 16)
    mapping: dict[str, str] = field(default_factory=dict)  # canonical -> their column
    year: int | None = None  # for tables without a year column
    tolerance_m: float = DEFAULT_TOLERANCE_M
    label: str = ""
    sources: tuple[Source, ...] = ()  # where the given files came from (default: "uploaded")
    layers: dict[str, str] = field(default_factory=dict)  # role -> layer of a multi-layer file
    # role (schools, indicators, population) -> the workbook sheet to read; default: the
    # first sheet that holds a table
    sheets: dict[str, str] = field(default_factory=dict)

    @property
    def is_demo(self) -> bool:
        return all(
            p is None
            for p in (
                self.boundaries,
                self.barrios,
                self.schools,
                self.indicators,
                self.population,
                self.benchmark,
            )
        )
