"""The image viewer: fit, zoom, 1:1, pan, copy, save, close, loading and error states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from ui.chat.image_viewer import ImageViewer
from ui.widgets.image_jobs import encode_png

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def picture(width: int, height: int, color: str = "#2f6fec") -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    for x in range(0, width, 50):  # some structure so scaling has something to do
        painter.drawLine(x, 0, x, height)
    painter.end()
    return image


@pytest.fixture
def viewer(qtbot: Any) -> ImageViewer:
    window = ImageViewer()
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts only fire in the active window
    return window


@pytest.fixture
def big(viewer: ImageViewer) -> ImageViewer:
    viewer.set_image(picture(3000, 2000), "big.png")
    return viewer


def test_starts_in_a_loading_state(viewer: ImageViewer) -> None:
    assert viewer._message.text() == "Loading image…"
    assert not viewer.zoom_in_action.isEnabled()
    assert not viewer.save_action.isEnabled() and not viewer.copy_action.isEnabled()
    viewer.set_error("The image could not be downloaded")
    assert viewer._message.text() == "The image could not be downloaded"


def test_a_large_image_is_fitted_to_the_window(big: ImageViewer) -> None:
    canvas = big.canvas
    assert canvas.is_fit()
    assert big.scale() == pytest.approx(canvas.fit_scale()) and big.scale() < 1
    assert big.zoom_text() == f"Fit · {round(big.scale() * 100)}%"
    shown = canvas.mapFromScene(canvas.sceneRect()).boundingRect()
    assert canvas.viewport().rect().contains(shown)  # the whole image is visible
    assert canvas.horizontalScrollBar().maximum() == 0
    assert canvas.dragMode() == canvas.DragMode.NoDrag  # no grabbing hand with nothing to pan
    assert big.windowTitle() == "big.png"  # Qt appends " — Desk" on screen


def test_a_small_image_is_never_blown_up(viewer: ImageViewer) -> None:
    viewer.set_image(picture(200, 100), "small.png")
    assert viewer.scale() == 1.0 and viewer.canvas.is_fit()


def test_fit_follows_the_window_size(qtbot: Any, big: ImageViewer) -> None:
    before = big.scale()
    big.resize(600, 500)
    qtbot.waitUntil(lambda: big.scale() < before)
    assert big.scale() == pytest.approx(big.canvas.fit_scale())


def test_zoom_in_and_out_change_the_scale(qtbot: Any, big: ImageViewer) -> None:
    fitted = big.scale()
    qtbot.keyClick(big, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert big.scale() > fitted and not big.canvas.is_fit()
    assert big.zoom_text() == f"{round(big.scale() * 100)}%"
    bigger = big.scale()
    big.zoom_in_action.trigger()
    assert big.scale() > bigger
    qtbot.keyClick(big, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert big.scale() == pytest.approx(bigger)
    for _ in range(20):
        big.zoom_out()
    assert big.scale() == pytest.approx(min(0.05, big.canvas.fit_scale()))


def test_ctrl_wheel_zooms_and_plain_wheel_does_not(big: ImageViewer) -> None:
    viewport = big.canvas.viewport()
    before = big.scale()

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(
            QPointF(300, 200),
            QPointF(viewport.mapToGlobal(QPoint(300, 200))),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)

    wheel(Qt.KeyboardModifier.NoModifier)
    assert big.scale() == before
    wheel(Qt.KeyboardModifier.ControlModifier)
    assert big.scale() == pytest.approx(before * 1.2)


def test_actual_size_and_fit_keys(qtbot: Any, big: ImageViewer) -> None:
    qtbot.keyClick(big, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert big.scale() == 1.0 and big.zoom_text() == "100%"
    qtbot.keyClick(big, Qt.Key.Key_F)
    assert big.canvas.is_fit() and big.scale() < 1
    big.actual_size_action.trigger()
    qtbot.keyClick(big, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert big.canvas.is_fit()


def test_zoomed_image_pans_by_dragging(big: ImageViewer) -> None:
    big.actual_size()
    canvas = big.canvas
    bar = canvas.horizontalScrollBar()
    assert bar.maximum() > 0 and canvas.verticalScrollBar().maximum() > 0
    assert canvas.dragMode() == canvas.DragMode.ScrollHandDrag
    start = bar.value()
    viewport = canvas.viewport()

    def mouse(kind: QMouseEvent.Type, x: int, buttons: Qt.MouseButton) -> None:
        pos = QPointF(x, 300)
        event = QMouseEvent(
            kind,
            pos,
            QPointF(viewport.mapToGlobal(pos.toPoint())),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)

    mouse(QMouseEvent.Type.MouseButtonPress, 500, Qt.MouseButton.LeftButton)
    mouse(QMouseEvent.Type.MouseMove, 400, Qt.MouseButton.LeftButton)
    mouse(QMouseEvent.Type.MouseButtonRelease, 400, Qt.MouseButton.NoButton)
    assert bar.value() == start + 100  # dragging left shows more of the right side


def test_shrunk_image_is_resampled_sharply(qtbot: Any, big: ImageViewer) -> None:
    qtbot.waitUntil(big.canvas.is_resampled)
    big.actual_size()
    assert not big.canvas.is_resampled()  # 100% and up draw the original pixels


def test_copy_puts_the_image_on_the_clipboard(big: ImageViewer) -> None:
    QGuiApplication.clipboard().clear()
    big.copy_action.trigger()
    copied = QGuiApplication.clipboard().image()
    assert copied.size() == big.image().size()
    assert copied.pixelColor(10, 10) == big.image().pixelColor(10, 10)


def test_save_writes_the_original_bytes(qtbot: Any, viewer: ImageViewer, tmp_path: Path) -> None:
    image = picture(64, 48)
    original = encode_png(image)
    viewer.set_image(image, "screen.png", data=original)
    dialog = viewer.save_as()
    assert dialog.isVisible()  # opened with open(): the call did not block
    target = tmp_path / "saved.png"
    with qtbot.waitSignal(viewer.saved) as blocker:
        dialog.fileSelected.emit(str(target))
    assert blocker.args == [str(target)]
    assert target.read_bytes() == original
    dialog.reject()


def test_save_in_another_format_reencodes(viewer: ImageViewer, tmp_path: Path) -> None:
    image = picture(64, 48)
    viewer.set_image(image, "screen.png", data=encode_png(image))
    target = tmp_path / "saved.jpg"
    assert viewer.save_to(target)
    assert target.read_bytes().startswith(b"\xff\xd8\xff")
    assert QImage(str(target)).size() == image.size()


def test_save_without_bytes_writes_the_image(viewer: ImageViewer, tmp_path: Path) -> None:
    image = picture(30, 20, "#ff0000")
    viewer.set_image(image, "pasted.png")
    target = tmp_path / "out.png"
    assert viewer.save_to(target)
    assert QImage(str(target)).pixelColor(5, 5) == QColor("#ff0000")


def test_failed_save_says_why(viewer: ImageViewer, tmp_path: Path) -> None:
    viewer.set_image(picture(10, 10), "a.png", data=b"\x89PNG fake")
    assert not viewer.save_to(tmp_path / "missing-folder" / "a.png")
    assert viewer.statusBar().currentMessage().startswith("Could not save a.png")


def test_escape_closes(qtbot: Any, big: ImageViewer) -> None:
    with qtbot.waitSignal(big.closed):
        qtbot.keyClick(big, Qt.Key.Key_Escape)
    assert not big.isVisible()
