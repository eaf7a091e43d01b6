"""The window icon and the tray's mark come from the shipped icon files."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize

import desk_resources
from ui.app_icon import app_icon, mark_renderer


def test_the_window_icon_has_every_shipped_size(qapp: Any) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert sizes == {(n, n) for n in desk_resources.ICON_SIZES}
    assert icon.pixmap(QSize(16, 16)).toImage().size() == QSize(16, 16)


def test_the_mark_is_the_svg(qapp: Any) -> None:
    assert mark_renderer().isValid()
