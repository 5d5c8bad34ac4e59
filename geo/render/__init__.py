"""Drawing: map geometry, Leaflet maps, comparison maps, tables and charts."""
