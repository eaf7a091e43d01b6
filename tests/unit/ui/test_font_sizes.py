"""Text follows the size people chose for their desktop font: no stylesheet fixes a
font size in pixels (or in ``em``, which Qt ignores), and sheets scale the app font."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QGuiApplication

from ui.font_sizes import css_font_size
from ui.macros.style import dialog_stylesheet
from ui.theme import LIGHT

FIXED = re.compile(r"font-size:\s*[\d.]+\s*(px|em)|font:[^;]*\d+px")


def test_no_stylesheet_fixes_a_font_size_in_pixels() -> None:
    root = Path(str(files("ui")))
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FIXED.search(line)
    ]
    assert found == []


def test_sheet_sizes_follow_the_application_font(qapp: Any) -> None:
    before = QGuiApplication.font()
    try:
        bigger = QFont(before)
        bigger.setPointSizeF(18.0)
        QGuiApplication.setFont(bigger)
        assert css_font_size(0.5) == "font-size: 9.0pt"
        assert "font-size: 16.6pt" in dialog_stylesheet(LIGHT)
    finally:
        QGuiApplication.setFont(before)
