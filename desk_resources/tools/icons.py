"""Renders the app icon's PNGs from its SVG, or checks that the committed ones match.

    python -m desk_resources.tools.icons           # icons/desk.svg -> icons/desk-<size>.png
    python -m desk_resources.tools.icons --check   # exit 1 if a PNG is missing or stale

The PNGs are committed for what cannot draw SVG (some trays, installers, .desktop
launchers); Qt's own QSvgRenderer draws them, so they look like the app's live icon.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import desk_resources

#: How far a committed pixel may be from a fresh render (antialiasing differs a little
#: between Qt versions); anything larger means the PNG was not made from this SVG.
TOLERANCE = 6


def render(size: int, renderer: QSvgRenderer | None = None) -> QImage:
    """The SVG drawn at ``size`` x ``size`` on a transparent background."""
    if renderer is None:
        renderer = QSvgRenderer(str(desk_resources.icon_svg()))
    if not renderer.isValid():
        raise ValueError(f"cannot read {desk_resources.icon_svg()}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
    finally:
        painter.end()
    return image


def difference(a: QImage, b: QImage) -> int | None:
    """The largest per-channel difference between two images; None if sizes differ."""
    if a.size() != b.size():
        return None
    return int(np.abs(_channels(a) - _channels(b)).max())


def _channels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].astype(np.int16)


def problems() -> list[str]:
    """Why the committed PNGs do not match the SVG; empty when they do."""
    found = []
    renderer = QSvgRenderer(str(desk_resources.icon_svg()))
    for size in desk_resources.ICON_SIZES:
        path = desk_resources.icon_png(size)
        committed = QImage(str(path))
        if committed.isNull():
            found.append(f"{path.name}: missing or unreadable")
            continue
        diff = difference(committed, render(size, renderer))
        if diff is None:
            found.append(f"{path.name}: {committed.width()}x{committed.height()}, not {size} px")
        elif diff > TOLERANCE:
            found.append(f"{path.name}: differs from the SVG (by {diff} in a channel)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale PNGs, write nothing")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.check:
        found = problems()
        print("\n".join(found) or "icons: every PNG matches desk.svg")
        return 1 if found else 0
    renderer = QSvgRenderer(str(desk_resources.icon_svg()))
    for size in desk_resources.ICON_SIZES:
        path = desk_resources.icon_png(size)
        if not render(size, renderer).save(str(path)):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
