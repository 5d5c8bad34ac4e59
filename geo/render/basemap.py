"""An optional basemap under the choropleth, fetched from its provider only when chosen.

The atlas asks nothing of the internet unless the user does: the default is no basemap, and
the map then holds no tile layer and no outside address. A chosen basemap is a tile layer
under the areas, with its provider's attribution, the areas' fills a little more transparent
so the streets show through, and a note on the map, in the user's language, if its tiles
cannot load (no connection): the map itself keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.model.i18n import t


@dataclass(frozen=True)
class Basemap:
    """A tile provider: its name, tile address (Leaflet's template) and attribution (HTML,
    as the provider asks for it)."""

    id: str
    name: str
    url: str
    attribution: str
    max_zoom: int  # the deepest zoom it has tiles for; deeper, Leaflet enlarges them
    subdomains: str = "abc"


_OSM = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
# The same URLs and attributions as the providers' own (and xyzservices') definitions.
BASEMAPS: Final = {
    "osm": Basemap(
        "osm",
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        _OSM,
        19,
    ),
    "positron": Basemap(
        "positron",
        "CARTO Positron",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        _OSM + ' &copy; <a href="https://carto.com/attributions">CARTO</a>',
        20,
        subdomains="abcd",
    ),
    "imagery": Basemap(
        "imagery",
        "Esri World Imagery",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/"
        "{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, i-cubed, USDA, USGS, AEX, GeoEye, "
        "Getmapping, Aerogrid, IGN, IGP, UPR-EGP, and the GIS User Community",
        18,
    ),
}
NO_BASEMAP: Final = ""  # the default: nothing fetched
# The areas' fill opacity over a basemap (0.85 without one): class colours still read, and
# streets and hills show through.
FILL_OPACITY_OVER_BASEMAP: Final = 0.7
# Leaflet enlarges the deepest tiles below this zoom; the map's own limit still applies.
MAX_ZOOM: Final = 22


def basemap_label(basemap: str, lang: str) -> str:
    """The choice's name in the sidebar: "Ninguno" / "None", or the provider's."""
    return BASEMAPS[basemap].name if basemap in BASEMAPS else t("basemap_none", lang)


class _BasemapNote(MacroElement):
    """A note on the map, hidden until the basemap's tiles fail to load (a button closes it
    for good); and the areas' fills made lighter over the tiles (a style sheet for this map's
    container only)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var tiles = {{ this.tiles }};
            var container = map.getContainer();
            L.DomUtil.addClass(container, "atlas-basemap");
            if (!document.getElementById("atlas-basemap-css")) {
                var css = document.createElement("style");
                css.id = "atlas-basemap-css";
                css.textContent = {{ this.css|tojson }};
                document.head.appendChild(css);
            }
            var note = L.control({position: "bottomleft"}), dismissed = false;
            note.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-basemap-note");
                div.setAttribute("role", "status");
                div.style.display = "none";
                var text = L.DomUtil.create("span", "atlas-basemap-note-text", div);
                text.textContent = {{ this.text|tojson }};
                var close = L.DomUtil.create("button", "atlas-basemap-note-close", div);
                close.type = "button";
                close.title = {{ this.close|tojson }};
                close.setAttribute("aria-label", {{ this.close|tojson }});
                close.textContent = "\u00d7";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(close, "click", function () {
                    dismissed = true;
                    div.style.display = "none";
                });
                return div;
            };
            note.addTo(map);
            tiles.on("tileerror", function () {
                if (!dismissed) note.getContainer().style.display = "flex";
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer, text: str, close: str) -> None:
        super().__init__()
        self._name = "AtlasBasemapNote"
        self.tiles = tiles.get_name()
        self.text = text
        self.close = close
        self.css = (
            ".atlas-basemap .leaflet-overlay-pane path.leaflet-interactive"
            f"{{fill-opacity:{FILL_OPACITY_OVER_BASEMAP}}}"
            ".atlas-basemap-note{background:rgba(255,255,255,.92);color:#333;"
            "padding:4px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);"
            "font:12px/1.4 sans-serif;max-width:280px;gap:6px;align-items:flex-start}"
            ".atlas-basemap-note-close{flex:none;border:0;background:none;cursor:pointer;"
            "padding:0 2px;color:#555;font:700 15px/1 sans-serif}"
        )


def add_basemap(fmap: folium.Map, basemap: str, lang: str) -> folium.Map:
    """Put ``basemap`` (a key of ``BASEMAPS``) under the map's areas, with its attribution and
    the note shown if its tiles cannot load; ``NO_BASEMAP`` (or an unknown key) adds nothing,
    so the map asks nothing outside the app. A map that has a basemap already keeps it."""
    chosen = BASEMAPS.get(basemap)
    if chosen is None or any(isinstance(c, folium.TileLayer) for c in fmap._children.values()):
        return fmap
    tiles = folium.TileLayer(
        tiles=chosen.url,
        attr=chosen.attribution,
        name=chosen.id,
        max_zoom=MAX_ZOOM,
        max_native_zoom=chosen.max_zoom,
        subdomains=chosen.subdomains,
        control=False,
    )
    tiles.add_to(fmap)
    _BasemapNote(tiles, t("basemap_offline", lang), t("basemap_note_close", lang)).add_to(fmap)
    return fmap
