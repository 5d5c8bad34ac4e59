"""The searched site's mark on the map: its name is escaped, the map is zoomed on it."""

from __future__ import annotations

import folium

from geo.render.sitemark import SITE_ZOOM, mark_site


def test_the_mark_escapes_the_name_and_centres_the_map() -> None:
    fmap = folium.Map(tiles=None)
    layer = folium.FeatureGroup(name="vista").add_to(fmap)
    mark_site(layer, 6.2518, -75.5636, 'Sede <img src=x onerror=alert(1)> & "Co"')
    page = fmap.get_root().render()
    assert "<img" not in page  # neither as markup nor as text a tooltip would turn into markup
    # html.escape'd for Leaflet (which writes a tooltip string as HTML), then JSON for the script
    amp = "\\u0026"
    escaped = f"{amp}lt;img src=x onerror=alert(1){amp}gt; {amp}amp; {amp}quot;Co{amp}quot;"
    assert f'bindTooltip("Sede {escaped}"' in page
    assert "atlas-site-mark" in page and "atlas-site-label" in page
    assert "[6.2518, -75.5636]" in page
    assert f"Math.min({SITE_ZOOM}, " in page
    assert "interactive: false" in page
