"""What every page shares, one concern per module; ``pages/__init__.py`` re-exports it.

A folder, not ``pages/_x.py`` files: Streamlit lists every ``.py`` file directly in
``pages/`` as a page, never the files of a folder inside it.

- ``data``: the datasets a session can show, loading them once per process, the choice.
- ``runtime``: the server process and the script run (legacy mode, warm-up, crash guard, keys).
- ``sidebar``: the view: resolved dataset, read from the URL, drawn as widgets, written back.
- ``chrome``: what frames a page (header, banners, language switch, presentation mode).
- ``maps``: drawing a map and taking its clicks.
- ``share``: the share panel (link, saved views, presenting).
- ``sitesearch``: the Mapa page's school search and a site's own panel.

The modules import each other in one direction only: ``data`` <- ``runtime`` <- ``chrome`` <-
``sidebar``; ``maps`` and ``share`` stand alone; ``sitesearch`` takes ``runtime``'s keys.
"""
