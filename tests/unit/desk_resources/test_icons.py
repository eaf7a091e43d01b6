"""The app icon: one SVG, and PNGs at every size that are renders of it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

import desk_resources
from desk_resources.tools import icons


def test_the_svg_is_square_and_valid(qapp: Any) -> None:
    renderer = QSvgRenderer(str(desk_resources.icon_svg()))
    assert renderer.isValid()
    view = renderer.viewBoxF()
    assert view.width() == view.height() > 0
    root = ET.parse(desk_resources.icon_svg()).getroot()
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "Desk"


def test_each_png_has_its_size_and_is_a_render_of_the_svg(qapp: Any) -> None:
    """Fails when desk.svg changed but the PNGs did not: regenerate them with
    ``python -m desk_resources.tools.icons``."""
    for size in desk_resources.ICON_SIZES:
        image = QImage(str(desk_resources.icon_png(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert icons.problems() == []


def test_the_check_notices_a_stale_png(qapp: Any) -> None:
    fresh = icons.render(32)
    assert icons.difference(fresh, icons.render(32)) == 0
    shifted = icons.render(32).copy(1, 0, 32, 32)  # the mark moved by a pixel
    diff = icons.difference(fresh, shifted)
    assert diff is not None and diff > icons.TOLERANCE
    assert icons.difference(fresh, icons.render(16)) is None


def test_the_small_icons_keep_the_tick_visible(qapp: Any) -> None:
    # At 16 px the white tick must still be there: a few nearly white, opaque pixels.
    image = QImage(str(desk_resources.icon_png(16)))
    white = 0
    for y in range(16):
        for x in range(16):
            c = image.pixelColor(x, y)
            white += c.alpha() > 200 and min(c.red(), c.green(), c.blue()) > 200
    assert white >= 6
