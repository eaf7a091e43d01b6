"""A zoomable, pannable view of one image.

A QGraphicsView rather than a QLabel in a QScrollArea: zoom is a view transform, so
1600% of a large screenshot never allocates a giant pixmap, and scroll bars, hand
panning and zooming around the cursor come with the view. Bilinear drawing aliases
badly when shrinking (a 4000-pixel screenshot fitted into 900 pixels turns text to
mush), so below 100% the canvas swaps in a copy scaled with area averaging on a
thread pool once the zoom has settled.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

from ui.widgets.image_jobs import ScaleJob

ZOOM_STEPS: tuple[float, ...] = (
    *(0.05, 0.1, 0.125, 0.25, 0.333, 0.5, 0.667, 0.75),
    *(1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0),
)
MAX_SCALE = ZOOM_STEPS[-1]
RESAMPLE_DELAY_MS = 120
FIT_MARGIN = 12  # pixels left around a fitted image


def _checkerboard(light: QColor, dark: QColor) -> QPixmap:
    tile = QPixmap(16, 16)
    tile.fill(light)
    painter = QPainter(tile)
    painter.fillRect(0, 0, 8, 8, dark)
    painter.fillRect(8, 8, 8, 8, dark)
    painter.end()
    return tile


class ImageCanvas(QGraphicsView):
    scaleChanged = Signal(float)  # the scale; fit mode is is_fit()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._image = QImage()
        self._scale = 1.0
        self._fit = True
        self._checker = QBrush(_checkerboard(QColor("#ffffff"), QColor("#d0d4da")))

        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(
            QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)

        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._job_ids = itertools.count(1)
        self._wanted_job = 0
        self._resample_timer = QTimer(self)
        self._resample_timer.setSingleShot(True)
        self._resample_timer.setInterval(RESAMPLE_DELAY_MS)
        self._resample_timer.timeout.connect(self._start_resample)

    # --- the image ----------------------------------------------------------------

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._wanted_job = 0
        self._item.setPixmap(QPixmap.fromImage(image))
        self._item.setScale(1.0)
        self._scene.setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self.fit()

    def image(self) -> QImage:
        return self._image

    def set_background(self, color: QColor) -> None:
        self.setBackgroundBrush(color)

    # --- zoom -------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return self._scale

    def is_fit(self) -> bool:
        return self._fit

    def fit_scale(self) -> float:
        if self._image.isNull():
            return 1.0
        width = max(1, self.viewport().width() - 2 * FIT_MARGIN)
        height = max(1, self.viewport().height() - 2 * FIT_MARGIN)
        # Small images are shown at their real size, never blown up to fill the window.
        return min(1.0, width / self._image.width(), height / self._image.height())

    def fit(self) -> None:
        self._fit = True
        self._apply_scale(self.fit_scale(), QGraphicsView.ViewportAnchor.AnchorViewCenter)

    def zoom_to(self, scale: float, anchor: QPointF | None = None) -> None:
        """Sets the scale; ``anchor`` (a viewport point) stays still, else the centre does."""
        low = min(ZOOM_STEPS[0], self.fit_scale())
        self._fit = False
        if anchor is None:
            self._apply_scale(
                max(low, min(MAX_SCALE, scale)), QGraphicsView.ViewportAnchor.AnchorViewCenter
            )
            return
        scene_point = self.mapToScene(anchor.toPoint())
        self._apply_scale(max(low, min(MAX_SCALE, scale)), QGraphicsView.ViewportAnchor.NoAnchor)
        # Scroll so the pixel that was under the cursor is under it again.
        moved = self.mapFromScene(scene_point) - anchor.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())

    def zoom_in(self) -> None:
        bigger = [s for s in ZOOM_STEPS if s > self._scale * 1.001]
        self.zoom_to(bigger[0] if bigger else MAX_SCALE)

    def zoom_out(self) -> None:
        smaller = [s for s in ZOOM_STEPS if s < self._scale / 1.001]
        self.zoom_to(smaller[-1] if smaller else min(ZOOM_STEPS[0], self.fit_scale()))

    def actual_size(self) -> None:
        self.zoom_to(1.0)

    def _apply_scale(self, scale: float, anchor: QGraphicsView.ViewportAnchor) -> None:
        self.setTransformationAnchor(anchor)
        self.setTransform(QTransform.fromScale(scale, scale))
        self._scale = scale
        self._update_drag_mode()
        self._schedule_resample()
        self.scaleChanged.emit(scale)  # also when only the fit mode changed

    def _update_drag_mode(self) -> None:
        # The grabbing hand only where there is something to pan.
        scrollable = self.horizontalScrollBar().maximum() > 0
        scrollable = scrollable or self.verticalScrollBar().maximum() > 0
        mode = (
            QGraphicsView.DragMode.ScrollHandDrag if scrollable else QGraphicsView.DragMode.NoDrag
        )
        if self.dragMode() != mode:
            self.setDragMode(mode)

    # --- sharp shrinking ----------------------------------------------------------------

    def _schedule_resample(self) -> None:
        device_scale = self._scale * self.devicePixelRatioF()
        if self._image.isNull():
            return
        if device_scale >= 1.0:
            if self._item.scale() != 1.0:  # back to the original pixels
                self._wanted_job = 0
                self._item.setPixmap(QPixmap.fromImage(self._image))
                self._item.setScale(1.0)
            return
        self._resample_timer.start()

    def _start_resample(self) -> None:
        device_scale = self._scale * self.devicePixelRatioF()
        if self._image.isNull() or device_scale >= 1.0:
            return
        width = max(1, round(self._image.width() * device_scale))
        height = max(1, round(self._image.height() * device_scale))
        self._wanted_job = next(self._job_ids)
        job = ScaleJob(self._wanted_job, self._image, width, height)
        job.signals.finished.connect(self._resampled)
        self._pool.start(job)

    def _resampled(self, job_id: int, scaled: QImage) -> None:
        if job_id != self._wanted_job:
            return  # the zoom moved on; a newer job is coming
        self._item.setPixmap(QPixmap.fromImage(scaled))
        self._item.setScale(self._image.width() / scaled.width())

    def is_resampled(self) -> bool:
        return self._item.scale() != 1.0

    # --- events -------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120  # touchpads send fractions of a notch
            if steps:
                self.zoom_to(self._scale * (1.2**steps), event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._image.isNull():
            if self._fit and self.fit_scale() < 1.0:
                self.zoom_to(1.0, event.position())
            else:
                self.fit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()
        else:
            self._update_drag_mode()

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        if self._image.hasAlphaChannel():
            # A checkerboard under transparent pixels, at a constant on-screen size.
            brush = QBrush(self._checker)
            brush.setTransform(QTransform.fromScale(1 / self._scale, 1 / self._scale))
            painter.fillRect(self._scene.sceneRect(), brush)
