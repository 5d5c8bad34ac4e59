"""A searched school site on the map: a distinct mark with its name, and the map zoomed to it."""

from __future__ import annotations

import html
from typing import Final

import folium
from branca.element import MacroElement
from folium.utilities import get_obj_in_upper_tree
from jinja2 import Template

SITE_ZOOM: Final = 14  # the site among its neighbours, with its territory around (capped)
MARK_COLOR: Final = "#000000"
MARK_FILL: Final = "#ffd400"  # yellow: in no sequential palette the map uses


class SiteMark(MacroElement):
    """A ringed yellow point at the site, above the areas and site circles, with its name in
    a label beside it, and the map centred on it.

    Added to a view's layer (``MapParts.layer``), so it comes and goes with the view while the
    base map stays. The mark is not interactive: a click through it still reaches the area
    beneath. Its name is escaped here and written as text (``tojson``), never as markup. The
    move to the site counts as the user's own move, so the legend's fit no longer undoes it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            var at = [{{ this.lat|tojson }}, {{ this.lon|tojson }}];
            var mark = L.circleMarker(at, {
                radius: 9, color: {{ this.color|tojson }}, weight: 3, opacity: 1,
                fillColor: {{ this.fill|tojson }}, fillOpacity: 1,
                interactive: false, className: "atlas-site-mark", pane: "markerPane"
            });
            mark.bindTooltip({{ this.label|tojson }}, {
                permanent: true, direction: "right", offset: [10, 0],
                className: "atlas-site-label", interactive: false
            });
            {{ this._parent.get_name() }}.addLayer(mark);
            map.setView(at, Math.min({{ this.zoom|tojson }}, map.getMaxZoom()), {animate: false});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, lat: float, lon: float, name: str, zoom: int = SITE_ZOOM) -> None:
        super().__init__()
        self._name = "AtlasSiteMark"
        self.lat, self.lon = round(float(lat), 6), round(float(lon), 6)
        self.label = html.escape(str(name))  # Leaflet writes a tooltip's string as HTML
        self.color, self.fill, self.zoom = MARK_COLOR, MARK_FILL, zoom
        self.map_name = ""

    def render(self, **kwargs) -> None:
        self.map_name = get_obj_in_upper_tree(self, folium.Map).get_name()
        super().render(**kwargs)


def mark_site(layer: folium.FeatureGroup, lat: float, lon: float, name: str) -> None:
    """Mark the site at (``lat``, ``lon``) called ``name`` on a view's layer, zoomed to it."""
    SiteMark(lat, lon, name).add_to(layer)
