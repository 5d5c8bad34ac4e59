"""Drawing a map in a page, and taking what a click on it says."""

from __future__ import annotations

import streamlit as st

from geo.render.maps import MapParts

# What a map whose areas can be clicked sends back: the area clicked last and
# streamlit-folium's running count of clicks. Panning and zooming change neither, so they
# never rerun the script; the count makes a click on the same area as last time a new
# value (the map sends only a value that differs from the one it sent before).
CLICK_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]


def show_map(
    parts: MapParts, *, key: str, height: int, returned_objects: list[str] | None = None
) -> dict | None:
    """Draw a map; on a view change only its data layer is replaced in the browser.

    The base (frame, bounds, legend slot) is the same for every view of a level, so
    streamlit-folium keeps the map, with the user's zoom and pan, and swaps the layer
    (``feature_group_to_add``) instead of rebuilding the whole iframe. Only what
    ``returned_objects`` names comes back, so panning and zooming never rerun the script.
    """
    # Imported here, in a script run: Streamlit registers a component only when it is
    # declared inside one, and warm_up() runs outside any.
    import streamlit_folium
    from streamlit_folium import st_folium

    if not getattr(streamlit_folium._component_func, "first_value_matches", False):
        streamlit_folium._component_func = _first_value_matching(streamlit_folium._component_func)
    return st_folium(
        parts.base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.layer,
        returned_objects=returned_objects or [],
    )


def _first_value_matching(component):
    """streamlit-folium's component, told the value its map starts with.

    The map in the browser starts its click count at 0 and sends its value once drawn if it
    differs from the default it was given; streamlit-folium gives ``None`` for the count, so
    every newly drawn clickable map sent ``0`` back and ran the whole page again (0.4-0.6 s
    of server time, and the page redrawn, on every visit to Mapa). With the default the map
    starts from, nothing is sent until a click. What the page reads is unchanged: no click
    either way.
    """

    def call(*args, default=None, **kwargs):
        if default and default.get("last_object_clicked_count", 0) is None:
            default = {**default, "last_object_clicked_count": 0}
        return component(*args, default=default, **kwargs)

    call.first_value_matches = True
    return call


def show_clickable_map(parts: MapParts, *, key: str, height: int) -> dict:
    """Draw a map (:func:`show_map`); return the properties of the area clicked or tapped
    since the last script run, or ``{}``.

    streamlit-folium returns its last value on every run, not only on the run a click
    caused. Taken again, an old click would undo what the user chose since (choose another
    area in the list, and the map's last click would select its own area again), so each
    click is taken once: the last one taken is remembered per map. A map drawn anew returns
    its default value, with no area, which forgets it.
    """
    returned = show_map(parts, key=key, height=height, returned_objects=CLICK_OBJECTS) or {}
    drawing = returned.get("last_active_drawing")
    taken_key = f"map_click_taken_{key}"
    if not drawing:
        st.session_state.pop(taken_key, None)
        return {}
    click = repr((returned.get("last_object_clicked_count"), drawing.get("properties")))
    if st.session_state.get(taken_key) == click:
        return {}
    st.session_state[taken_key] = click
    return drawing.get("properties") or {}
