"""The choropleth as a folium map: offline assets, escaped tooltips, a legend without d3."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely.geometry
from branca.element import Element, MacroElement
from folium.utilities import JsCode, get_obj_in_upper_tree
from jinja2 import Template

from geo.analysis.choropleth import Choropleth, Status, filters_sentence, with_estimate
from geo.analysis.classify import Classification
from geo.model import schema as s
from geo.model.catalogue import Indicator
from geo.model.dataset import Dataset
from geo.model.formatting import format_base, format_number, format_value
from geo.model.i18n import t
from geo.render.basemap import add_basemap
from geo.render.display import MapGeometry, map_geometry
from geo.render.labels import label_places, short_name
from geo.render.style import (
    BACKGROUND,
    LEGEND_CSS,
    NO_DATA_FILL,
    OUTSIDE_OUTLINE,
    SITE_OWN_STYLE_JS,
    SITE_RADIUS_UNSIZED,
    area_fill,
    area_highlight,
    area_style,
    class_colors,
    class_legend,
    outside_legend_row,
    outside_zone_legend_row,
    site_radius,
    site_style,
    sites_legend_html,
)


@dataclass(frozen=True)
class MapAssets:
    """Where the map's only third-party files, Leaflet's JS and CSS, are fetched from."""

    js: str
    css: str


# Served by the app itself (see geo.render.assets): the map needs no CDN and no internet.
SERVED_ASSETS: Final = MapAssets(
    js="/app/static/leaflet/leaflet.js", css="/app/static/leaflet/leaflet.css"
)


def feature_collection(
    areas: gpd.GeoDataFrame,
    indicator: Indicator,
    classification: Classification,
    lang: str,
    selected: str = "",
    geometry: MapGeometry | None = None,
) -> dict:
    """The choropleth's GeoJSON: each area's value, n and sites as display text, its class
    fill, and whether it is the selected one (see ``area_feature``).

    ``geometry`` (a dataset's ``map_geometry(level)``) replaces the areas' own full-detail
    shapes (see ``area_shapes``).
    """
    colors = class_colors(indicator, classification.k)
    shapes = area_shapes(areas, geometry)
    features = []
    for row, cls, shape in zip(
        areas.itertuples(index=False), classification.classes, shapes, strict=True
    ):
        status = getattr(row, "status", None) or (Status.NO_DATA if cls is None else Status.OK)
        ratio = indicator.denominator is not None and status != Status.NO_DATA
        display = {
            "valor": format_value(row.value, indicator, lang),
            "n": format_base(row.numerator, row.denominator, indicator, lang) if ratio else "—",
            "sedes": format_number(row.n_sites, 0, lang),
        }
        code = str(getattr(row, s.CODE))
        fill = area_fill(colors, cls, status)
        klass = -1 if cls is None else cls
        features.append(
            area_feature(row, shape, display, fill, status, klass=klass, selected=code == selected)
        )
    return {"type": "FeatureCollection", "features": features}


def area_feature(
    row: object,
    shape: dict | None,
    display: dict[str, str],
    fill: str,
    status: str,
    *,
    klass: int | None = None,
    selected: bool | None = None,
) -> dict:
    """One area of any map, choropleth or comparison: its code, name and ``display`` texts
    (all HTML-escaped here, once), its ``fill``, its class, its ``status`` (``ok``, ``small``
    or ``no_data``, which sets its outline: ``geo.render.style.area_style``), whether it is
    the selected one, and its map geometry. A comparison's areas have no class and no
    selection."""
    return {
        "type": "Feature",
        "id": str(getattr(row, s.CODE)),
        "properties": {
            "codigo": html.escape(str(getattr(row, s.CODE))),
            "nombre": html.escape(str(getattr(row, s.NAME))),
            **{key: html.escape(value) for key, value in display.items()},
            "fill": fill,
            **({} if klass is None else {"clase": klass}),
            "estado": status,
            **({} if selected is None else {"sel": selected}),
        },
        "geometry": shape,
    }


def area_shapes(areas: gpd.GeoDataFrame, geometry: MapGeometry | None) -> list[dict | None]:
    """Each area's GeoJSON geometry for the map: its simplified shape from ``geometry``
    (looked up by code), or its own full-detail shape without one."""
    if geometry is None:
        return [shape.__geo_interface__ for shape in areas.geometry]
    return geometry.features_for(areas[s.CODE])


class _Verbatim(Element):
    """Text already rendered, put on the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _VerbatimMacro(MacroElement):
    """A folium element whose rendered script goes on the page verbatim.

    branca wraps every element's rendered script in ``Element(text)``, which compiles that
    text as a Jinja template: tens of milliseconds for a map's data on every view change, and
    any ``{{ ... }}`` inside the data would run on the server. The map's own layers use this.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                target = getattr(figure, part)
                target.add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _GeoJson(folium.GeoJson, _VerbatimMacro):
    """``folium.GeoJson``, rendered without compiling its data as a template."""


class _Serialised(dict):
    """A GeoJSON dict that carries its JSON text, written once from pre-written geometry."""

    def __init__(self, data: dict, text: str) -> None:
        super().__init__(data)
        self.text = text


def _dumps(value: object, **kwargs) -> str:
    return value.text if isinstance(value, _Serialised) else json.dumps(value, **kwargs)


# folium writes a layer's data with Jinja's ``tojson``, whose ``json.dumps_function`` policy is
# Jinja's hook for this: a ``_Serialised`` collection is written from its text (the geometry
# was serialised once per dataset), anything else exactly as before. Escaping of ``<``, ``>``,
# ``&`` and ``'`` still happens after, in ``tojson``.
folium.GeoJson._template.environment.policies["json.dumps_function"] = _dumps


def _compact(collection: dict) -> _Serialised:
    """``collection`` written as compact JSON (no spaces: a site's point and properties take
    a fifth fewer bytes than as folium writes them)."""
    return _Serialised(collection, json.dumps(collection, separators=(",", ":")))


def _serialised(collection: dict, geometry: MapGeometry | None) -> dict:
    """``collection`` with its JSON text, reusing ``geometry``'s pre-written shapes."""
    if geometry is None:
        return collection
    features = []
    for feature in collection["features"]:
        rest = json.dumps({k: v for k, v in feature.items() if k != "geometry"})
        features.append(f'{rest[:-1]}, "geometry": {geometry.text_of(feature["geometry"])}}}')
    text = f'{{"type": "FeatureCollection", "features": [{", ".join(features)}]}}'
    return _Serialised(collection, text)


class _MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only.

    folium's ``control_scale=True`` adds Leaflet's default bar, whose second line is in miles
    and feet: English units in the Spanish map, and of no use in Medellín.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({"imperial": false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasMetricScale"


class _FocusWithoutScrolling(MacroElement):
    """The map takes the keyboard focus on its first press without moving the page.

    Leaflet's keyboard handler focuses the map on the first mouse press with a plain
    ``focus()``, which scrolls every scrolling ancestor until the whole map is in view, and
    then restores only the scroll of the map's own window. In streamlit-folium's iframe that
    scrolls the Streamlit page around it: a map partly below the window's edge moved up
    under the pointer between press and release (29 px on the Mapa page in a 1000 px high
    window), the release landed on another area, the browser sent the click to the areas'
    common parent, and Leaflet took it for a click on the bare map. The first click or tap
    on every newly loaded map opened nothing. ``preventScroll`` focuses it in place. The
    handler is disabled and enabled again because it listens with the function it had.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var keyboard = {{ this._parent.get_name() }}.keyboard;
            if (!keyboard) { return; }
            keyboard.disable();
            keyboard._onMouseDown = function () {
                if (!this._focused) {
                    this._map.getContainer().focus({preventScroll: true});
                }
            };
            keyboard.enable();
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasFocusWithoutScrolling"


# Maps narrower than this (CSS px; a phone's) open with the legend collapsed to its title.
NARROW_MAP: Final = 380
# Map widths (CSS px) per unit of legend scale: a presentation's legend (scale 1.5) is drawn
# that large only on maps at least 1.5 x 600 px wide, never larger than at scale 1 on a phone.
WIDTH_PER_LEGEND_SCALE: Final = 600


class _LegendSlot(MacroElement):
    """The map's legend control, empty (each view's layer fills it, ``_Legend``), and the fit.

    The map is fitted to ``bounds`` in the room the legend leaves, measured in the browser:
    beside it (a column on the right) or below it (a strip across the top), whichever draws
    the city larger (below only when clearly larger: 0.3 zoom levels, as it pushes the city
    down and a tall map's bottom is often under the window's edge); the zoom buttons' corner is
    kept clear too. It is fitted again whenever
    the legend's box or the map's size changes, until the user moves or zooms the map. The
    script is the same for every map: only the bounds differ.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var container = map.getContainer();
            container.style.background = {{ this.background|tojson }};
            if (!document.getElementById("atlas-legend-css")) {
                var css = document.createElement("style");
                css.id = "atlas-legend-css";
                css.textContent = {{ this.css|tojson }};
                document.head.appendChild(css);
            }
            var bounds = L.latLngBounds({{ this.bounds|tojson }});
            var collapsed = null;  // decided by the map's width when the legend is first filled
            var fitting = false, moved = false;
            var legend = L.control({position: "topright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                L.DomEvent.on(div, "click", function (event) {
                    if (event.target.closest(".atlas-legend-toggle")) {
                        collapsed = !collapsed;
                        shown();
                    }
                });
                return div;
            };
            legend.addTo(map);
            var div = legend.getContainer();

            function room(element, frame) {
                var box = element ? element.getBoundingClientRect() : null;
                if (!box || !box.width || !box.height) return null;
                return {left: box.left - frame.left, right: box.right - frame.left,
                        bottom: box.bottom - frame.top};
            }

            function fit() {
                var size = map.getSize();
                if (moved || !size.x || !size.y) return;
                var gap = 8, frame = container.getBoundingClientRect();
                var key = room(div, frame);
                var zoom = room(container.querySelector(".leaflet-control-zoom"), frame);
                var options = [
                    {  // the legend in a column on the right, the zoom buttons' on the left
                        paddingTopLeft: L.point((zoom ? zoom.right : 0) + gap, gap),
                        paddingBottomRight: L.point((key ? size.x - key.left : 0) + gap, gap)
                    },
                    {  // both in a strip across the top
                        paddingTopLeft: L.point(gap, Math.max(
                            key ? key.bottom : 0, zoom ? zoom.bottom : 0) + gap),
                        paddingBottomRight: L.point(gap, gap)
                    }
                ];
                // The strip across the top only when it draws the city clearly larger: it
                // pushes the city down, and a tall map's bottom is often below the window.
                var best = null, bestZoom = -Infinity;
                options.forEach(function (option, index) {
                    var padding = option.paddingTopLeft.add(option.paddingBottomRight);
                    if (padding.x >= size.x || padding.y >= size.y) return;  // no room
                    var z = map.getBoundsZoom(bounds, false, padding) - (index ? 0.3 : 0);
                    if (z > bestZoom) { best = option; bestZoom = z; }
                });
                if (!best) return;
                fitting = true;
                try {
                    map.fitBounds(bounds, L.extend({animate: false}, best));
                } finally {
                    fitting = false;
                }
            }

            // Called by each view's layer once it has filled the legend, and by the toggle.
            function shown() {
                var width = map.getSize().x;
                if (collapsed === null) collapsed = width < {{ this.narrow }};
                L.DomUtil[collapsed ? "addClass" : "removeClass"](div, "atlas-legend-collapsed");
                var toggle = div.querySelector(".atlas-legend-toggle");
                if (toggle) toggle.setAttribute("aria-expanded", String(!collapsed));
                var box = div.querySelector("[data-scale]");
                if (box) {
                    var scale = parseFloat(box.getAttribute("data-scale")) || 1;
                    box.style.zoom = Math.min(
                        scale, Math.max(1, width / {{ this.width_per_scale }}));
                }
                fit();
            }

            map.atlasLegendShown = shown;
            map.on("movestart zoomstart", function () { if (!fitting) moved = true; });
            map.on("resize", fit);
            // The legend's box changes when Leaflet's stylesheet arrives (it loads after this
            // script), when it is toggled and when its text changes.
            if (window.ResizeObserver) new ResizeObserver(fit).observe(div);
            fit();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "AtlasLegendSlot"
        self.background = BACKGROUND
        self.css = LEGEND_CSS
        self.bounds = bounds
        self.narrow = NARROW_MAP
        self.width_per_scale = WIDTH_PER_LEGEND_SCALE


class _Legend(_VerbatimMacro):
    """A view's legend: pre-escaped HTML put in the map's legend slot (``tojson`` keeps
    ``</script>`` inert)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            var div = map.getContainer().querySelector(".atlas-legend");
            div.innerHTML = {{ this.html|tojson }};
            if (map.atlasLegendShown) map.atlasLegendShown();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str) -> None:
        super().__init__()
        self._name = "AtlasLegend"
        self.html = legend_html
        self.map_name = ""

    def render(self, **kwargs) -> None:
        self.map_name = get_obj_in_upper_tree(self, folium.Map).get_name()
        super().render(**kwargs)


class _OutsideArea(MacroElement):
    """The part of the city no area covers, hatched grey, under the areas; not clickable.

    The hatch is an SVG pattern put in the map's drawing once (a fixed script; the geometry
    is the only data)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var area = L.geoJson({{ this.geometry|tojson }}, {
                interactive: false,
                style: {color: {{ this.outline|tojson }}, weight: 1, dashArray: "2 3",
                        fillColor: "url(#atlas-hatch)", fillOpacity: 1}
            }).addTo(map);
            var svg = map.getPanes().overlayPane.querySelector("svg");
            if (svg && !svg.querySelector("#atlas-hatch")) {
                var ns = "http://www.w3.org/2000/svg";
                var defs = document.createElementNS(ns, "defs");
                var pattern = document.createElementNS(ns, "pattern");
                pattern.setAttribute("id", "atlas-hatch");
                pattern.setAttribute("patternUnits", "userSpaceOnUse");
                pattern.setAttribute("width", "6");
                pattern.setAttribute("height", "6");
                pattern.setAttribute("patternTransform", "rotate(45)");
                var ground = document.createElementNS(ns, "rect");
                ground.setAttribute("width", "6");
                ground.setAttribute("height", "6");
                ground.setAttribute("fill", "#f0f0f0");
                var line = document.createElementNS(ns, "rect");
                line.setAttribute("width", "2");
                line.setAttribute("height", "6");
                line.setAttribute("fill", "#bdbdbd");
                pattern.appendChild(ground);
                pattern.appendChild(line);
                defs.appendChild(pattern);
                svg.insertBefore(defs, svg.firstChild);
            }
            area.eachLayer(function (layer) {
                if (layer._path) L.DomUtil.addClass(layer._path, "atlas-outside");
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, geometry: dict) -> None:
        super().__init__()
        self._name = "AtlasOutside"
        self.geometry = geometry  # a bare geometry: not one of the map's areas (features)
        self.outline = OUTSIDE_OUTLINE


# How the names on the map look (``_Labels``): small, dark, with a white halo over any fill.
LABEL_CSS: Final = (
    ".atlas-label-anchor, .atlas-label { pointer-events: none !important; }"
    ".atlas-label { position: absolute; left: 0; top: 0; transform: translate(-50%, -50%);"
    " white-space: pre; text-align: center; font: 600 11px/1.15 'Helvetica Neue', Arial,"
    " Helvetica, sans-serif; color: #252525; text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff,"
    " -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff; }"
    ".atlas-label-short { font-weight: 700; }"
)
# A name must fit in its area's inscribed circle, this many times its radius: exactly at the
# barrio and núcleo levels, a little beyond it at the comuna level, whose names are few and
# otherwise shortened to their number.
LABEL_ROOM: Final = {"territorio": 1.25}
# Pixels kept clear around each name.
LABEL_GAP: Final = 1


def _script_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>``: no ``<``, ``>`` or ``&`` in it
    (so no ``</script>`` or ``<!--``), non-ASCII text kept as it is."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _Labels(_VerbatimMacro):
    """The areas' names on the map, in a pane of their own that no pointer event reaches.

    Each name is centred on its place (``geo.render.labels``) in one of its forms: on one
    line, on two, or its short form (the comuna's number). A form fits when its box is
    inside the area's inscribed circle (times ``LABEL_ROOM``; a number only as tall as the
    circle) at the current zoom. First as many names as possible are shown, each in its
    smallest fitting form clear of those already shown, the largest areas first; then each
    takes its longest form that stays clear of the others. A name with no room is hidden.
    Worked out again after every zoom, move and resize. The text is data: set with
    ``textContent``, never parsed as HTML.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            var items = {{ this.items }};
            var room = {{ this.room }}, gap = {{ this.gap }};
            if (!document.getElementById("atlas-label-css")) {
                var css = document.createElement("style");
                css.id = "atlas-label-css";
                css.textContent = {{ this.css }};
                document.head.appendChild(css);
            }
            function forms(item) {
                var name = item[3], out = [{text: name}], words = name.split(" ");
                if (words.length > 1) {
                    var best = null;
                    for (var i = 1; i < words.length; i++) {
                        var a = words.slice(0, i).join(" "), b = words.slice(i).join(" ");
                        var width = Math.max(a.length, b.length);
                        if (!best || width < best.width) best = {width: width, text: a + "\\n" + b};
                    }
                    out.push({text: best.text});
                }
                if (item[4]) out.push({text: item[4], short: true});
                return out;
            }
            function measure(container, all) {
                var probe = L.DomUtil.create("div", "", container);
                probe.style.cssText = "position:absolute;left:0;top:0;visibility:hidden";
                var spans = [];
                all.forEach(function (list) {
                    list.forEach(function (form) {
                        var span = L.DomUtil.create("span", "atlas-label", probe);
                        span.style.transform = "none";
                        if (form.short) L.DomUtil.addClass(span, "atlas-label-short");
                        span.textContent = form.text;
                        spans.push([form, span]);
                    });
                });
                spans.forEach(function (pair) {
                    pair[0].w = pair[1].offsetWidth + 1;
                    pair[0].h = pair[1].offsetHeight + 1;
                });
                L.DomUtil.remove(probe);
            }
            var Labels = L.Layer.extend({
                onAdd: function (map) {
                    var pane = map.getPane("atlasLabels") || map.createPane("atlasLabels");
                    pane.style.zIndex = 450;
                    pane.style.pointerEvents = "none";
                    this._forms = items.map(forms);
                    measure(map.getContainer(), this._forms);
                    this._markers = items.map(function (item) {
                        var anchor = L.DomUtil.create("div", "atlas-label-anchor");
                        var span = L.DomUtil.create("span", "atlas-label", anchor);
                        span.setAttribute("data-name", item[3]);
                        span.setAttribute("data-code", item[5]);
                        span.style.display = "none";
                        var marker = L.marker([item[0], item[1]], {
                            icon: L.divIcon({html: anchor, className: "", iconSize: [0, 0]}),
                            interactive: false, keyboard: false, pane: "atlasLabels"
                        });
                        marker.addTo(map);
                        return {marker: marker, span: span};
                    });
                    map.on("zoomend moveend resize", this._place, this);
                    this._place();
                },
                onRemove: function (map) {
                    map.off("zoomend moveend resize", this._place, this);
                    this._markers.forEach(function (m) { map.removeLayer(m.marker); });
                },
                _place: function () {
                    var map = this._map;
                    if (!map) return;
                    var zoom = map.getZoom(), forms = this._forms, placed = [];
                    var frame = map.getContainer().getBoundingClientRect();
                    map.getContainer().querySelectorAll(
                        ".atlas-legend, .leaflet-control-zoom").forEach(function (element) {
                        var box = element.getBoundingClientRect();
                        if (box.width && box.height) placed.push({
                            l: box.left - frame.left, r: box.right - frame.left,
                            t: box.top - frame.top, b: box.bottom - frame.top});
                    });
                    // Where each form of each name may go: its area's centre first, then
                    // eight places around it that keep the form inside the circle.
                    var fits = this._markers.map(function (m, index) {
                        var item = items[index];
                        var p = map.latLngToContainerPoint([item[0], item[1]]);
                        var metres = 40075016.686 * Math.cos(item[0] * Math.PI / 180)
                            / Math.pow(2, zoom + 8);
                        var r = item[2] / metres * room, options = [];
                        forms[index].forEach(function (f) {
                            // a number may stick out of its circle sideways, not a name
                            var reach = f.short ? f.h / 2 : Math.sqrt(f.w * f.w + f.h * f.h) / 2;
                            if (reach > r) return;
                            var slack = r - reach, places = [[0, 0]];
                            if (slack >= 2) {
                                for (var a = 0; a < 8; a++) places.push([
                                    Math.trunc(slack * Math.cos(a * Math.PI / 4)),
                                    Math.trunc(slack * Math.sin(a * Math.PI / 4))]);
                            }
                            options.push({form: f, places: places.map(function (d) {
                                var x = p.x + d[0], y = p.y + d[1];
                                return {dx: d[0], dy: d[1], box: {
                                    l: x - f.w / 2 - gap, r: x + f.w / 2 + gap,
                                    t: y - f.h / 2 - gap, b: y + f.h / 2 + gap}};
                            })});
                        });
                        return options;
                    });
                    function free(box, others, self) {
                        return others.every(function (o) {
                            return o === self
                                || box.r <= o.l || o.r <= box.l || box.b <= o.t || o.b <= box.t;
                        });
                    }
                    function spot(option, self) {
                        var at = option.places.find(function (c) {
                            return free(c.box, placed, self);
                        });
                        return at ? {form: option.form, at: at} : null;
                    }
                    // First as many names as can be shown, each in its smallest form, the
                    // largest areas first; then each grown to its longest form with room.
                    var chosen = fits.map(function (options) {
                        var small = null;
                        options.forEach(function (o) {
                            if (!small || o.form.w * o.form.h < small.form.w * small.form.h)
                                small = o;
                        });
                        var pick = small && spot(small, null);
                        if (pick) placed.push(pick.at.box);
                        return pick;
                    });
                    chosen.forEach(function (current, index) {
                        if (!current) return;
                        for (var i = 0; i < fits[index].length; i++) {
                            if (fits[index][i].form === current.form) return;  // already longest
                            var pick = spot(fits[index][i], current.at.box);
                            if (pick) {
                                placed[placed.indexOf(current.at.box)] = pick.at.box;
                                chosen[index] = pick;
                                return;
                            }
                        }
                    });
                    this._markers.forEach(function (m, index) {
                        var pick = chosen[index];
                        if (!pick) { m.span.style.display = "none"; return; }
                        if (m.span.textContent !== pick.form.text) {
                            m.span.textContent = pick.form.text;
                        }
                        L.DomUtil[pick.form.short ? "addClass" : "removeClass"](
                            m.span, "atlas-label-short");
                        m.span.style.marginLeft = pick.at.dx + "px";
                        m.span.style.marginTop = pick.at.dy + "px";
                        m.span.style.display = "";
                    });
                }
            });
            new Labels().addTo(group);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, items: list[list], room: float) -> None:
        super().__init__()
        self._name = "AtlasLabels"
        self.items = _script_json(items)
        self.css = _script_json(LABEL_CSS)
        self.room = room
        self.gap = LABEL_GAP


def label_items(areas: gpd.GeoDataFrame, dataset: Dataset, level: str) -> list[list]:
    """The names of ``areas`` (of ``level``) and their places, largest area first:
    ``[latitude, longitude, radius in metres, name, short form, code]`` each (areas without
    a place are left out)."""
    places = label_places(dataset, level)
    codes = [str(code) for code in areas[s.CODE]]
    names = [str(name) for name in areas[s.NAME]]
    at = np.array([places.position(code) for code in codes], dtype=int)
    known = at >= 0
    found = np.where(known, at, 0)
    known &= np.isfinite(places.points[found, 0])
    rows = np.flatnonzero(known)
    rows = rows[np.argsort(-places.area[found[rows]], kind="stable")]
    lon = np.round(places.points[found[rows], 0], 6).tolist()
    lat = np.round(places.points[found[rows], 1], 6).tolist()
    radius = np.round(places.radius_m[found[rows]], 1).tolist()
    return [
        [lat[k], lon[k], radius[k], names[row], short_name(codes[row], level), codes[row]]
        for k, row in enumerate(rows.tolist())
    ]


def add_labels(
    layer: folium.FeatureGroup, areas: gpd.GeoDataFrame, dataset: Dataset, level: str
) -> None:
    """The names of ``areas`` on a view's layer (``_Labels``)."""
    _Labels(label_items(areas, dataset, level), LABEL_ROOM.get(level, 1.0)).add_to(layer)


@dataclass
class MapParts:
    """A map in two parts, so that a view change replaces only what changed.

    ``base`` is the frame (bounds, zoom limits, scale, legend slot): the same for every view
    of a dataset's level, so the browser keeps it, with the user's zoom and pan.
    ``layer`` is the view: coloured areas, tooltips, legend text and any sites.
    """

    base: folium.Map
    layer: folium.FeatureGroup

    def standalone(self) -> folium.Map:
        """Both parts as one folium map (for an HTML file or a test)."""
        self.layer.add_to(self.base)
        return self.base


def choropleth_map(
    choropleth: Choropleth,
    dataset: Dataset,
    lang: str,
    *,
    selected: str = "",
    legend_scale: float = 1.0,
    source: str | None = None,
    assets: MapAssets = SERVED_ASSETS,
) -> MapParts:
    """The map of a computed view, as a base map and a view layer: the one way every page and
    the HTML export draw a choropleth.

    The areas are drawn on the dataset's simplified shapes of the view's level
    (``map_geometry``); the legend's subtitle is the view's filters and year, its source the
    dataset's, and it carries the demo badge for demo data. The view's basemap, if it has
    one, goes under the areas (``geo.render.basemap``).

    Parameters
    ----------
    choropleth : Choropleth
        The view computed (``geo.analysis.choropleth.compute``, ``priority_choropleth``...).
    dataset : Dataset
        The data it was computed from.
    lang : str
        The language of every word.
    selected : str
        The code of the area drawn with a thick outline (the Mapa page's selection).
    legend_scale : float
        How large the legend is drawn on a wide map (1.5 in a presentation).
    source : str, optional
        The legend's source line, when not the dataset's (the priority index).
    assets : MapAssets
        Where Leaflet's JS and CSS come from; by default the app's own static files.
    """
    view = choropleth.view
    parts = _choropleth_parts(
        choropleth.areas,
        choropleth.indicator,
        choropleth.classification,
        lang,
        subtitle=filters_sentence(view, lang),
        demo=dataset.is_demo,
        source=with_estimate(
            dataset.source_text(lang) if source is None else source,
            choropleth.population_estimated,
            lang,
        ),
        min_n=view.min_n,
        selected=selected,
        legend_scale=legend_scale,
        geometry=map_geometry(dataset, view.level),
        assets=assets,
    )
    add_basemap(parts.base, view.basemap, lang)  # the view's basemap, if any (none: no request)
    if view.labels:
        add_labels(parts.layer, choropleth.areas, dataset, view.level)
    return parts


def _choropleth_parts(
    areas: gpd.GeoDataFrame,
    indicator: Indicator,
    classification: Classification,
    lang: str,
    *,
    subtitle: str,
    demo: bool,
    source: str,
    min_n: int,
    selected: str = "",
    legend_scale: float = 1.0,
    geometry: MapGeometry | None = None,
    assets: MapAssets = SERVED_ASSETS,
) -> MapParts:
    """The choropleth's features, legend and frame (``choropleth_map`` says what is what)."""
    statuses = areas["status"]
    legend = class_legend(
        indicator,
        classification,
        lang,
        subtitle=subtitle,
        no_data_count=int((statuses == Status.NO_DATA).sum()),
        demo=demo,
        source=source,
        small_count=int((statuses == Status.SMALL).sum()),
        min_n=min_n,
        scale=legend_scale,
        outside_row=outside_legend_row(geometry, lang)
        + outside_zone_legend_row(int((statuses == Status.OUTSIDE).sum()), lang),
    )
    return render_map(
        feature_collection(areas, indicator, classification, lang, selected, geometry),
        tuple(areas.total_bounds),
        legend,
        tooltip=[
            ("nombre", t("territory", lang)),
            ("valor", indicator.label(lang)),
            ("n", t("n", lang)),
            ("sedes", t("sites", lang)),
        ],
        name=indicator.id,
        geometry=geometry,
        assets=assets,
    )


def render_map(
    collection: dict,
    bounds: tuple[float, float, float, float],
    legend: str,
    *,
    tooltip: list[tuple[str, str]],
    name: str,
    geometry: MapGeometry | None = None,
    assets: MapAssets = SERVED_ASSETS,
) -> MapParts:
    """A map of a feature collection whose properties carry ``fill``, ``estado`` and
    pre-escaped display text, with a legend of pre-escaped HTML and no outside request.

    ``geometry``, the simplified shapes ``collection`` uses, also sets the deepest zoom and
    brings the part of the city no area covers (drawn hatched, inside the fitted bounds)."""
    outside = geometry.outside if geometry is not None else None
    if outside is not None:
        minx, miny, maxx, maxy = shapely.geometry.shape(outside).bounds
        bounds = (
            min(bounds[0], minx),
            min(bounds[1], miny),
            max(bounds[2], maxx),
            max(bounds[3], maxy),
        )
    return MapParts(
        base_map(
            bounds,
            max_zoom=geometry.max_zoom if geometry else None,
            assets=assets,
            outside=outside,
        ),
        map_layer(collection, legend, tooltip=tooltip, name=name, geometry=geometry),
    )


def base_map(
    bounds: tuple[float, float, float, float],
    *,
    max_zoom: int | None = None,
    assets: MapAssets = SERVED_ASSETS,
    outside: dict | None = None,
) -> folium.Map:
    """The map's frame: no tiles, a scale, an empty legend slot, and the fit to ``bounds``
    that the browser makes in the room the legend leaves; with ``outside`` (GeoJSON), the
    part of the city no area covers, hatched, the same for every view."""
    minx, miny, maxx, maxy = bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_snap=0.1,
        **({"max_zoom": max_zoom} if max_zoom is not None else {}),
    )
    # Instance attributes override folium's CDN defaults for this map only.
    fmap.default_js = [("leaflet", assets.js)]
    fmap.default_css = [("leaflet_css", assets.css)]
    _MetricScale().add_to(fmap)
    _FocusWithoutScrolling().add_to(fmap)
    # Fitted in the browser, beside or below the legend as drawn there (see _LegendSlot).
    _LegendSlot([[miny, minx], [maxy, maxx]]).add_to(fmap)
    if outside is not None:
        _OutsideArea(outside).add_to(fmap)
    return fmap


def map_layer(
    collection: dict,
    legend: str,
    *,
    tooltip: list[tuple[str, str]],
    name: str,
    geometry: MapGeometry | None = None,
) -> folium.FeatureGroup:
    """One view's data: the coloured areas with their tooltips, and the legend's text.

    With ``geometry`` (whose shapes ``collection`` uses), the shapes' JSON written once per
    dataset is reused instead of being written again on every view change.
    """
    layer = folium.FeatureGroup(name=name, control=False)
    points = all((f["geometry"] or {}).get("type") == "Point" for f in collection["features"])
    _GeoJson(
        _serialised(collection, geometry),
        name=name,
        marker=folium.CircleMarker(radius=10, fill=True) if points else None,
        style_function=area_style,
        highlight_function=area_highlight,
        tooltip=folium.GeoJsonTooltip(
            fields=[field for field, _ in tooltip],
            aliases=[html.escape(alias) for _, alias in tooltip],
            sticky=True,
        ),
    ).add_to(layer)
    _Legend(legend).add_to(layer)
    return layer


class _LegendPart(_VerbatimMacro):
    """More pre-escaped HTML added to the end of the legend a layer filled (``_Legend``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            var legend = map.getContainer().querySelector(".atlas-legend");
            var more = legend.querySelector(".atlas-legend-more") || legend;
            more.insertAdjacentHTML("beforeend", {{ this.html|tojson }});
            if (map.atlasLegendShown) map.atlasLegendShown();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, part_html: str) -> None:
        super().__init__()
        self._name = "AtlasLegendPart"
        self.html = part_html
        self.map_name = ""

    def render(self, **kwargs) -> None:
        self.map_name = get_obj_in_upper_tree(self, folium.Map).get_name()
        super().render(**kwargs)


def add_sites(
    layer: folium.FeatureGroup,
    sites: pd.DataFrame,
    indicator: Indicator,
    classification: Classification,
    lang: str,
) -> None:
    """School sites as circles over the map, with their part of the legend.

    Each circle is filled with the class of the site's own value and drawn with a dark
    outline, so that a site stays visible on an area of its own class; its area grows with
    the site's enrolment (the legend shows three sizes), or all are one size when there is
    no enrolment to size by. ``sites`` comes from ``geo.analysis.drilldown.site_values``; sites
    without a point are skipped.
    """
    colors = class_colors(indicator, classification.k)
    upper = np.asarray(classification.upper)
    enrolment = sites[s.ENROLLED] if s.ENROLLED in sites else pd.Series(dtype=float)
    largest = float(np.nanmax(enrolment)) if enrolment.notna().any() else None
    largest = largest if largest and largest > 0 else None
    features = []
    for row in sites.dropna(subset=[s.LATITUDE, s.LONGITUDE]).itertuples(index=False):
        value = row.value
        cls = None
        if len(upper) and not np.isnan(value):
            cls = min(int(np.searchsorted(upper, value, side="left")), len(upper) - 1)
        enrolled = getattr(row, s.ENROLLED, np.nan)
        radius = site_radius(enrolled, largest) if largest else SITE_RADIUS_UNSIZED
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "sede": html.escape(str(getattr(row, s.SITE_NAME))),
                    "codigo_dane": html.escape(str(getattr(row, s.SITE_CODE))),
                    "valor": html.escape(format_value(value, indicator, lang)),
                    "matricula": format_number(enrolled, 0, lang),
                    "fill": NO_DATA_FILL if cls is None else colors[cls],
                    "radius": round(radius, 1),
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.longitud, 6), round(row.latitud, 6)],
                },
            }
        )
    _GeoJson(
        _compact({"type": "FeatureCollection", "features": features}),
        name="sedes",
        marker=folium.CircleMarker(),
        style_function=site_style,
        on_each_feature=JsCode(SITE_OWN_STYLE_JS),
        tooltip=folium.GeoJsonTooltip(
            fields=["sede", "codigo_dane", "valor", "matricula"],
            aliases=[
                html.escape(t("site_name", lang)),
                html.escape(t("site_code", lang)),
                html.escape(indicator.label(lang)),
                html.escape(t("enrolled", lang)),
            ],
        ),
    ).add_to(layer)
    _LegendPart(sites_legend_html(largest, lang)).add_to(layer)
