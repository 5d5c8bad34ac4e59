"""What commands write: the output's format from its name, the file and its metadata record,
and a refusal's line for stderr."""

from __future__ import annotations

from pathlib import Path

from geo.errors import DataError


def error_line(exc: ValueError, lang: str) -> str:
    """A refusal for stderr, in ``lang`` when it is one of ours."""
    return f"error: {exc.message(lang) if isinstance(exc, DataError) else exc}"


# A table of areas or sites: points or polygons (.geojson .gpkg) or rows (.csv .xlsx).
TABLE_SUFFIXES = {".geojson": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".xlsx": "xlsx"}


def output_format(out: Path, given: str | None, suffixes: dict[str, str]) -> str | None:
    """The format ``--format`` names, else the one ``out``'s extension picks (None if neither)."""
    return given or suffixes.get(out.suffix.lower())


def required_format(out: Path, given: str | None, suffixes: dict[str, str]) -> str:
    """``output_format``, refused when neither ``--format`` nor the extension names one."""
    fmt = output_format(out, given, suffixes)
    if fmt is None:
        raise ValueError(
            f"{out.name}: the extension picks the format; use one of "
            f"{', '.join(suffixes)}, or name it with --format."
        )
    return fmt


def write_with_metadata(out: Path, data: bytes, meta: dict | bytes) -> Path:
    """Write ``data`` to ``out`` and its metadata record beside it (``OUT.metadata.json``)."""
    from geo.export.tables import sidecar

    out.write_bytes(data)
    meta_path = out.with_name(out.stem + ".metadata.json")
    meta_path.write_bytes(meta if isinstance(meta, bytes) else sidecar(meta))
    return meta_path


def demo_note(is_demo: bool, text: str = "datos de demostración") -> str:
    """The summary line's demo mark: `` — datos de demostración`` on demo data, else nothing."""
    return f" — {text}" if is_demo else ""
