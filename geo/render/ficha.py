"""Fichas territoriales (issue 25) on paper: a PDF typeset by Typst, and the same as HTML.

Why Typst (its ``typst`` package on PyPI): measured here, one ficha compiles in ~15 ms and is
byte-identical from run to run; the wheel is self-contained (no system libraries, unlike
WeasyPrint's Pango), it lays out tables and page breaks itself (ReportLab would need every
position computed by hand) and it embeds and subsets the fonts. The font is DejaVu Sans from
matplotlib's own files (a pinned dependency), and system fonts are ignored, so the document
is the same on every machine.

The profile travels into the template as JSON (``sys.inputs``): names from the data are
strings printed as text, never markup, so ``*`` or ``#`` in a name cannot change the page.
"""

from __future__ import annotations

import base64
import html
import json
import math
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import numpy as np

from geo.analysis.ficha import Line, Profile
from geo.analysis.levels import shapes
from geo.model import schema as s
from geo.model.catalogue import EDUCATION_LEVEL_NAMES, formula
from geo.model.dataset import Dataset
from geo.model.formatting import format_number
from geo.model.i18n import t
from geo.model.view import view_query

TEMPLATE: Final = Path(__file__).with_name("ficha.typ")
# The settings that give a PDF its live link: the app's public address (``https://...``).
PUBLIC_URL_SETTING: Final = "ATLAS_PUBLIC_URL"
_LOCATOR_SIZE = (220.0, 200.0)  # SVG units of the small locator map
_SPARK_SIZE = (110.0, 22.0)


def font_dir() -> Path:
    """matplotlib's DejaVu fonts (``mpl-data/fonts/ttf``), found without importing pyplot."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def public_url() -> str:
    """The app's address for the QR code, from ``ATLAS_PUBLIC_URL``; "" when not set."""
    return os.environ.get(PUBLIC_URL_SETTING, "").strip().rstrip("/")


def live_link(profile: Profile, base: str) -> str:
    """The Fichas page at this profile's view and territory, under ``base``."""
    return f"{base}/fichas?{view_query(profile.view)}"


def creation_date(dataset: Dataset) -> tuple[int, int, int] | None:
    """The PDF's fixed creation date: ``SOURCE_DATE_EPOCH`` when set, else the latest date the
    sources were retrieved, else none (left out): never the clock, so the bytes repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), UTC)
        return moment.year, moment.month, moment.day
    dates = sorted(src.retrieved[:10] for src in dataset.sources if src.retrieved)
    if dates:
        year, month, day = (int(x) for x in dates[-1].split("-"))
        return year, month, day
    return None


# The document's content ----------------------------------------------------------------------


def document(
    dataset: Dataset, profiles: Sequence[Profile], *, booklet: bool, base_url: str = ""
) -> dict:
    """What the template prints: words, and per profile its texts and small pictures."""
    first = profiles[0]
    lang = first.lang
    level_word = t(f"ficha_group_{_booklet_group(first)}", lang)
    if booklet:
        title = f"{t('ficha_booklet', lang)}: {level_word}"
    else:
        title = f"{t('ficha_title', lang)}: {first.name}"
    return {
        "lang": lang,
        "title": title,
        "subtitle": _subtitle(first),
        "booklet": booklet,
        "is_demo": dataset.is_demo,
        "date": creation_date(dataset),
        "source": first.source,
        "footer": f"{t('ficha_booklet', lang)} · {_subtitle(first)}"
        + (f" · {t('ficha_demo', lang)}" if dataset.is_demo else ""),
        "words": _words(lang),
        "profiles": [_profile(dataset, p, base_url) for p in profiles],
    }


def _booklet_group(profile: Profile) -> str:
    return {"territorio": "territorios", "barrio": "barrios", "nucleo": "nucleos"}[profile.level]


def _subtitle(profile: Profile) -> str:
    lang = profile.lang
    parts = [t("ficha_generated", lang).format(year=profile.view.year)]
    parts.append(EDUCATION_LEVEL_NAMES[profile.view.education_level][lang])
    if profile.filters:
        parts.append(t("ficha_filters", lang).format(filters=profile.filters))
    return " · ".join(parts)


_WORDS = {
    "indicators": "ficha_indicators",
    "indicator": "ficha_indicator",
    "value": "ficha_value",
    "city": "ficha_city",
    "levels": "ficha_levels",
    "levels_key": "ficha_levels_key",
    "sites": "ficha_sites",
    "sites_total": "ficha_sites_total",
    "risk": "ficha_risk",
    "risk_index": "ficha_risk_index",
    "risk_rank": "ficha_risk_rank",
    "summary": "ficha_summary",
    "locator": "ficha_locator",
    "source": "ficha_source",
    "demo": "ficha_demo",
    "contents": "ficha_contents",
    "live": "ficha_live",
    "trend": "ficha_trend",
    "site": "site_name",
    "code": "site_code",
    "sector": "sector",
}


def _words(lang: str) -> dict[str, str]:
    words = {key: t(entry, lang) for key, entry in _WORDS.items()}
    words["n"] = t("n", lang)
    words["rank"] = f"{t('ficha_rank', lang)} ({t('ficha_rank_worst', lang)})"
    words["change"] = t("ficha_change_short", lang)
    return words


def _profile(dataset: Dataset, profile: Profile, base_url: str) -> dict:
    lang = profile.lang
    year = profile.view.year
    firsts = sorted({ln.first_year for ln in profile.lines if ln.first_year is not None})
    since = "/".join(str(y) for y in firsts) or str(year)
    kicker = t(f"ficha_kind_{profile.kind}", lang) if profile.kind else ""
    return {
        "code": profile.code,
        "name": profile.name,
        "kicker": " · ".join(
            filter(
                None,
                [
                    t("ficha_title", lang),
                    f"{kicker} {profile.code}".strip(),
                    t("ficha_in", lang).format(name=profile.parent) if profile.parent else "",
                ],
            )
        ),
        "subtitle": _subtitle(profile),
        "sentences": list(profile.sentences),
        "lines": [_line(ln, lang) for ln in profile.lines],
        "table_key": " ".join(
            [
                t("ficha_change_key", lang).format(year=year, since=since),
                t("ficha_trend_key", lang).format(name=profile.name),
                f"{t('ficha_rank_largest', lang)}: {_neutral_names(profile, lang)}.",
            ]
        ),
        "level_names": [t(f"ficha_level_{lv}", lang) for lv in profile.education_levels],
        "levels": [
            {
                "label": row.indicator.short[lang],
                "cells": [
                    list(
                        dict(zip([c[0] for c in row.cells], row.text, strict=True)).get(
                            lv, ("—", "—")
                        )
                    )
                    for lv in profile.education_levels
                ],
            }
            for row in profile.levels
        ],
        "sectors": [[name, format_number(n, 0, lang)] for name, n in profile.sectors],
        "site_total": format_number(profile.site_total, 0, lang),
        "risk": [
            {
                "code": str(row[s.SITE_CODE]),
                "name": str(row[s.SITE_NAME]),
                "sector": str(row[s.SECTOR]),
                "index": format_number(row["index"], 0, lang),
                "band": t(f"ficha_band_{row['band']}", lang),
                "rank": format_number(row["rank"], 0, lang),
            }
            for _, row in profile.risk.iterrows()
        ],
        "risk_none": t("ficha_risk_none", lang).format(year=year),
        "locator": locator_svg(dataset, profile.level, profile.code),
        "notes": _notes(profile),
        "qr": qr_svg(live_link(profile, base_url)) if base_url else None,
    }


def _neutral_names(profile: Profile, lang: str) -> str:
    return ", ".join(
        ln.indicator.short[lang] for ln in profile.lines if ln.indicator.direction == "neutral"
    )


def _line(line: Line, lang: str) -> dict:
    text = line.text
    return {
        "id": line.indicator.id,
        "label": line.indicator.short[lang],
        "value": text["value"],
        "n": text["n"],
        "city": text["city"],
        "rank": text["rank"],
        "change": text["change"],
        "city_change": f"({text['city_change']})" if line.change is not None else "",
        # A count's city total dwarfs the area's: its line is drawn alone.
        "spark": spark_svg(line.series, line.city_series if line.indicator.unit != "count" else ()),
    }


def _notes(profile: Profile) -> str:
    lang = profile.lang
    words = {"es": "Licencia", "en": "Licence"}[lang]
    licence = "" if profile.licence in profile.source else f"{words}: {profile.licence} · "
    defined = {
        "es": "Cada tasa es la suma de los numeradores de las sedes sobre la de sus denominadores",
        "en": "Each rate is the sum of the sites' numerators over the sum of their denominators",
    }[lang]
    example = formula(profile.lines[0].indicator, lang) if profile.lines else ""
    return f"{licence}{defined} ({example})."


# Small pictures, drawn as SVG (the same in the PDF and the HTML) --------------------------------


def locator_svg(dataset: Dataset, level: str, code: str) -> str:
    """The city's territories in light grey and area ``code`` of ``level`` in black, with a
    thin outline: readable in black and white. Simplified once per dataset and level."""
    width, height = _LOCATOR_SIZE
    base = _projected(dataset, "territorio")
    paths = [
        f'<path d="{d}" fill="#e6e6e6" stroke="#777" stroke-width="0.6"/>' for d in base.values()
    ]
    if level != "territorio":
        areas = _projected(dataset, level)
        if code in areas:
            paths.append(f'<path d="{areas[code]}" fill="#111" stroke="#111" stroke-width="0.8"/>')
    elif code in base:
        paths.append(f'<path d="{base[code]}" fill="#111" stroke="#111" stroke-width="0.8"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">{"".join(paths)}</svg>'
    )


def _projected(dataset: Dataset, level: str) -> dict[str, str]:
    """Each area's outline as an SVG path, in the locator's frame (the city's bounds)."""

    def make() -> dict[str, str]:
        city = shapes(dataset, "territorio")
        minx, miny, maxx, maxy = city.total_bounds
        scale_x = math.cos(math.radians((miny + maxy) / 2))
        width, height = _LOCATOR_SIZE
        factor = min((width - 4) / ((maxx - minx) * scale_x), (height - 4) / (maxy - miny))

        def project(x: float, y: float) -> tuple[float, float]:
            return 2 + (x - minx) * scale_x * factor, 2 + (maxy - y) * factor

        areas = shapes(dataset, level)
        tolerance = (maxx - minx) / 400
        paths = {}
        for code, geometry in zip(areas[s.CODE].astype(str), areas.geometry, strict=True):
            if geometry is None or geometry.is_empty:
                continue
            paths[code] = _path(geometry.simplify(tolerance), project)
        return paths

    return dataset.once(("ficha_locator", level), make)


def _path(geometry, project) -> str:
    parts = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon.geom_type == "Point":
            x, y = project(polygon.x, polygon.y)
            parts.append(f"M{x - 3:.1f} {y:.1f}h6M{x:.1f} {y - 3:.1f}v6")
            continue
        if not hasattr(polygon, "exterior"):
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [project(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def spark_svg(series: Sequence[float], city: Sequence[float]) -> str | None:
    """The area's line (solid black, with its last point marked) against the city's (dashed
    grey) on one scale; None when the area has fewer than two values."""
    values = np.array(series, dtype=float)
    if np.count_nonzero(~np.isnan(values)) < 2:
        return None
    city = np.array(city, dtype=float)
    both = np.concatenate([values, city])
    low, high = np.nanmin(both), np.nanmax(both)
    span = high - low or 1.0
    width, height = _SPARK_SIZE
    step = (width - 8) / max(len(values) - 1, 1)

    def points(row: np.ndarray) -> list[str]:
        return [
            f"{4 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
            for i, v in enumerate(row)
            if not math.isnan(v)
        ]

    area, town = points(values), points(city)
    last = area[-1].split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">'
        + (
            f'<polyline points="{" ".join(town)}" fill="none" stroke="#888" '
            'stroke-width="1.2" stroke-dasharray="3 2"/>'
            if town
            else ""
        )
        + f'<polyline points="{" ".join(area)}" fill="none" stroke="#000" stroke-width="1.6"/>'
        f'<circle cx="{last[0]}" cy="{last[1]}" r="2" fill="#000"/></svg>'
    )


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as SVG (segno, pure Python)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", border=1, scale=4, xmldecl=False)
    return buffer.getvalue().decode()


# The two outputs ------------------------------------------------------------------------------


def to_pdf(dataset: Dataset, profiles: Sequence[Profile], *, booklet: bool = False) -> bytes:
    """The fichas as one PDF (A4): one profile, or a booklet with a cover and a contents page.

    Byte-stable for the same inputs: the creation date is :func:`creation_date`'s."""
    import typst

    if not profiles:
        raise ValueError("No territory to print: the level has no areas.")
    data = json.dumps(
        document(dataset, profiles, booklet=booklet, base_url=public_url()), ensure_ascii=False
    )
    return typst.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs={"data": data},
    )


def to_html(
    dataset: Dataset, profiles: Sequence[Profile], *, booklet: bool = False, page: bool = True
) -> str:
    """The same content as one offline HTML page (inline SVG, no script, nothing fetched);
    every text from the data is escaped. ``page=False`` gives the ``<div>`` alone, its style
    scoped to it, to show inside another page."""
    doc = document(dataset, profiles, booklet=booklet, base_url=public_url())
    w = doc["words"]
    e = html.escape
    body = []
    if doc["is_demo"]:
        body.append(f'<p class="demo">{e(w["demo"])}</p>')
    if booklet:
        body.append(f"<h1>{e(doc['title'])}</h1><p>{e(doc['subtitle'])}</p>")
        items = "".join(
            f'<li><a href="#f-{e(p["code"])}">{e(p["name"])}</a></li>' for p in doc["profiles"]
        )
        body.append(f"<nav><h2>{e(w['contents'])}</h2><ol>{items}</ol></nav>")
    body.extend(_html_profile(p, w) for p in doc["profiles"])
    body.append(f"<footer>{e(w['source'])}: {e(doc['source'])}</footer>")
    fragment = f'<div class="atlas-ficha"><style>{_CSS}</style>{"".join(body)}</div>'
    if not page:
        return fragment
    return (
        f'<!doctype html><html lang="{doc["lang"]}"><head><meta charset="utf-8">'
        f"<title>{e(doc['title'])}</title></head><body>{fragment}</body></html>\n"
    )


def _img(svg: str | None, alt: str) -> str:
    """An SVG picture as an ``<img>`` of a data address: the app's ``st.html`` sanitizer
    removes inline ``<svg>`` (the locator and trend lines were blank there), and an image keeps
    its alternative text for screen readers. "" without a picture."""
    if not svg:
        return ""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _html_profile(p: dict, w: dict) -> str:
    e = html.escape
    rows = "".join(
        "<tr>"
        f"<th scope=row>{e(ln['label'])}</th><td class=num><b>{e(ln['value'])}</b></td>"
        f"<td class='num muted'>{e(ln['n'])}</td><td class=num>{e(ln['city'])}</td>"
        f"<td>{e(ln['rank'])}</td><td class=num>{e(ln['change'])} "
        f"<span class=muted>{e(ln['city_change'])}</span></td>"
        f"<td>{_img(ln['spark'], w['trend'] + ': ' + ln['label'])}</td></tr>"
        for ln in p["lines"]
    )
    numeric = ("value", "n", "city", "change")
    head = "".join(
        f"<th class=num>{e(w[k])}</th>" if k in numeric else f"<th>{e(w[k])}</th>"
        for k in ("indicator", "value", "n", "city", "rank", "change", "trend")
    )
    levels = ""
    if p["levels"]:
        level_head = "".join(f"<th class=num>{e(n)}</th>" for n in p["level_names"])
        level_rows = "".join(
            f"<tr><th scope=row>{e(r['label'])}</th>"
            + "".join(
                f"<td class=num>{e(a)}<br><span class=muted>({e(c)})</span></td>"
                for a, c in r["cells"]
            )
            + "</tr>"
            for r in p["levels"]
        )
        levels = (
            f"<h3>{e(w['levels'])}</h3><div class=wide><table><tr><th>{e(w['indicator'])}</th>"
            f"{level_head}</tr>{level_rows}</table></div><p class=muted>{e(w['levels_key'])}</p>"
        )
    sectors = "".join(f"<tr><td>{e(n)}</td><td class=num>{e(c)}</td></tr>" for n, c in p["sectors"])
    risk = (
        "<div class=wide><table><tr><th></th><th>{}</th><th>{}</th>"
        "<th class=num>{}</th><th class=num>{}</th></tr>".format(
            e(w["site"]), e(w["sector"]), e(w["risk_index"]), e(w["risk_rank"])
        )
        + "".join(
            f"<tr><td>{i}</td><td>{e(r['name'])} <span class=muted>{e(r['code'])}</span></td>"
            f"<td>{e(r['sector'])}</td><td class=num>{e(r['index'])} "
            f"<span class=muted>{e(r['band'])}</span></td><td class=num>{e(r['rank'])}</td></tr>"
            for i, r in enumerate(p["risk"], start=1)
        )
        + "</table></div>"
        if p["risk"]
        else f"<p class=muted>{e(p['risk_none'])}</p>"
    )
    sentences = "".join(f"<li>{e(x)}</li>" for x in p["sentences"])
    locator = _img(p["locator"], f"{w['locator']}: {p['name']}")
    qr = (
        f"<figure class=qr>{_img(p['qr'], w['live'])}"
        f"<figcaption>{e(w['live'])}</figcaption></figure>"
        if p["qr"]
        else ""
    )
    return (
        f'<section class=ficha id="f-{e(p["code"])}"><header><div>'
        f"<p class=kicker>{e(p['kicker'])}</p><h2>{e(p['name'])}</h2>"
        f"<p>{e(p['subtitle'])}</p><h3>{e(w['summary'])}</h3><ul>{sentences}</ul></div>"
        f"<figure class=locator>{locator}<figcaption>{e(w['locator'])}</figcaption></figure>"
        f"</header><h3>{e(w['indicators'])}</h3>"
        f"<div class=wide><table><tr>{head}</tr>{rows}</table></div>"
        f"<p class=muted>{e(p['table_key'])}</p><div class=cols><div>{levels}</div><div>"
        f"<h3>{e(w['sites'])}</h3><table>{sectors}<tr><th>{e(w['sites_total'])}</th>"
        f"<th class=num>{e(p['site_total'])}</th></tr></table><h3>{e(w['risk'])}</h3>{risk}"
        f"</div></div><p class=muted>{e(p['notes'])}</p>{qr}</section>"
    )


_CSS = " ".join(
    f".atlas-ficha {rule}"
    for rule in (
        "{font-family:'DejaVu Sans',Verdana,sans-serif;font-size:13px;max-width:960px;"
        "margin:0 auto;color:#111}",
        "table{border-collapse:collapse;width:100%}",
        "th,td{padding:2px 5px;border-bottom:1px solid #ccc;text-align:left;vertical-align:middle}",
        ".num{text-align:right;white-space:nowrap}",
        ".wide{overflow-x:auto}",
        ".muted{color:#555;font-size:11px}",
        ".kicker{text-transform:uppercase;color:#444;margin:0}",
        "h2{font-size:26px;margin:0}",
        "header{display:flex;flex-wrap:wrap;gap:1em;justify-content:space-between}",
        "header>div{flex:1 1 20em}",
        ".locator img{width:220px;max-width:100%;height:auto}",
        ".cols{display:grid;grid-template-columns:1.6fr 1fr;gap:1.5em}",
        ".cols>div{min-width:0}",  # a wide table scrolls in its column, not the page
        ".demo{border:2px solid #000;display:inline-block;padding:2px 8px;font-weight:bold;"
        "text-transform:uppercase}",
        "section.ficha{break-after:page;margin-bottom:3em}",
        ".qr img{width:90px;height:auto}",
    )
).replace(".atlas-ficha {", ".atlas-ficha{") + (
    # On a phone the two columns under the table stack (the sites beneath the levels).
    " @media (max-width:640px){.atlas-ficha .cols{grid-template-columns:1fr}}"
)
