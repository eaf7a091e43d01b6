"""Font sizes in stylesheets, relative to the application font.

Qt's style sheets understand ``pt`` and ``px`` for ``font-size`` but silently ignore
``em``, and a fixed size ignores the size people chose for their desktop font. So a
sheet asks for a scale of the app font, which this turns into points.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication


def css_font_size(scale: float) -> str:
    """``font-size: 8.3pt`` for ``scale`` 0.92 of a 9 pt application font."""
    base = QGuiApplication.font().pointSizeF()
    if base <= 0:  # a pixel-sized application font: fall back to Qt's default of 9 pt
        base = 9.0
    return f"font-size: {base * scale:.1f}pt"
