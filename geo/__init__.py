"""Engine of the Medellín education microplanning atlas.

Everything here is plain Python (pandas, GeoPandas, shapely, mapclassify, folium) and never
imports Streamlit, so the command line (``python -m geo``), the tests and the benchmarks use
exactly the code the app uses. Data flows readers -> join -> aggregate -> classify -> maps.
"""

__version__ = "0.1.0"
