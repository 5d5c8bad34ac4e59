"""Leaflet is copied from its pip package; the tab icon is drawn, not fetched."""

from __future__ import annotations

from pathlib import Path

from geo.render.assets import app_icon, install_leaflet


def test_install_leaflet_copies_js_css_and_images(tmp_path: Path) -> None:
    target = install_leaflet(tmp_path)
    assert target == tmp_path / "leaflet"
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        assert (target / name).is_file(), name
        assert (target / name).stat().st_size > 0
    assert (target / "leaflet.js").read_text("utf-8").startswith("/* @preserve\n * Leaflet")


def test_install_leaflet_twice_is_fine_and_repairs_a_changed_file(tmp_path: Path) -> None:
    first = install_leaflet(tmp_path)
    original = (first / "leaflet.js").read_bytes()
    (first / "leaflet.js").write_text("broken")
    second = install_leaflet(tmp_path)
    assert second == first
    assert (second / "leaflet.js").read_bytes() == original
    assert (second / "images" / "marker-icon.png").is_file()


def test_app_icon_is_64_by_64() -> None:
    icon = app_icon()
    assert icon.size == (64, 64)
    assert icon.mode == "RGBA"
    assert icon.getpixel((0, 0))[3] == 0  # transparent corner
    assert icon.getpixel((16, 16))[3] == 255  # a painted square
