"""The app's icon: the window icon, and the mark the tray icon draws its badge on.

Both come from ``desk_resources`` (``desk.svg`` and the PNGs rendered from it), so the
window, the tray, the installers and the .desktop launcher show one picture.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtSvg import QSvgRenderer

import desk_resources

__all__ = ["app_icon", "mark_renderer"]


def app_icon() -> QIcon:
    """The window icon: the PNG of each size, pixel-exact where the desktop asks for it."""
    icon = QIcon()
    for size in desk_resources.ICON_SIZES:
        icon.addFile(str(desk_resources.icon_png(size)), QSize(size, size))
    return icon


def mark_renderer() -> QSvgRenderer:
    """The icon as a vector drawing, for painting it at any size (the tray's 20 px too)."""
    return QSvgRenderer(str(desk_resources.icon_svg()))
