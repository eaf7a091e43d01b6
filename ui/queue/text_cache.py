"""Elided, laid-out text for the queue delegate.

Shaping text is the dominant cost of painting a row (10-40 µs per ``drawText`` or
``elidedText`` call, against ~2 µs for a cached ``QStaticText``). Most strings in a
queue repeat (customer and agent names, "Needs reply", "2 h ago", "by 14:30"), so
each (font, text, width) is elided and laid out once. Titles and previews are mostly
unique; they are cut to what could possibly fit before shaping, which keeps a
200-character title as cheap as a 60-character one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QStaticText, QTransform

LIMIT = 8192  # entries; the whole cache is dropped when full (cheaper than LRU upkeep)


def _single_line(text: str) -> str:
    return text if text.isprintable() else " ".join(text.split())


class TextCache:
    def __init__(self, fonts: Sequence[QFont]) -> None:
        self.fonts = list(fonts)
        self.metrics = [QFontMetrics(f) for f in self.fonts]
        self._narrowest = [
            max(1, min(fm.horizontalAdvance(c) for c in "il.' ")) for fm in self.metrics
        ]
        self._entries: dict[tuple[int, str, int], tuple[QStaticText, int]] = {}

    def get(self, font: int, text: str, width: int) -> tuple[QStaticText, int]:
        """The text in ``font``, elided to ``width`` px, and its width."""
        key = (font, text, width)
        hit = self._entries.get(key)
        if hit is not None:
            return hit
        if len(self._entries) >= LIMIT:
            self._entries.clear()
        hit = self._entries[key] = self._layout(font, _single_line(text), width)
        return hit

    def _layout(self, font: int, text: str, width: int) -> tuple[QStaticText, int]:
        fm = self.metrics[font]
        cap = 2 * width // self._narrowest[font] + 8  # more characters than could fit
        clipped = text[:cap]
        elided = fm.elidedText(clipped, Qt.TextElideMode.ElideRight, width)
        if elided == clipped and len(clipped) < len(text):  # zero-width characters: redo
            elided = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        static = QStaticText(elided)
        static.setTextFormat(Qt.TextFormat.PlainText)  # never rich text from the network
        static.prepare(QTransform(), self.fonts[font])
        return static, math.ceil(static.size().width())
