"""Image work that is too slow for the GUI thread, run on a QThreadPool.

Results come back through a signal, so they arrive on the GUI thread in the ordinary
event loop (qasync included). Each job owns an unparented signal carrier: it has to
outlive the widget that asked, which may be deleted while the job still runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRunnable, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QImageWriter

log = logging.getLogger(__name__)


def encode_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # QImageWriter rather than QImage.save: PySide6's stubs and runtime disagree on save().
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise OSError(f"PNG encoding failed: {writer.errorString()}")
    buffer.close()
    return bytes(buffer.data().data())


def read_scaled(reader: QImageReader, edge: int) -> QImage:
    """Decodes with the shorter side near ``edge`` pixels (JPEG decodes straight at that size)."""
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    size = reader.size()
    if size.isValid() and min(size.width(), size.height()) > edge:
        size.scale(edge, edge, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
        reader.setScaledSize(size)
    return reader.read()


def square_preview(image: QImage, edge: int) -> QImage:
    """The centre square of an image, ``edge`` pixels wide: previews fill their tile evenly."""
    scaled = image.scaled(
        edge,
        edge,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - edge) // 2
    y = (scaled.height() - edge) // 2
    return scaled.copy(max(0, x), max(0, y), min(edge, scaled.width()), min(edge, scaled.height()))


class _JobSignals(QObject):
    # job id, preview QImage or None, PNG bytes or None (only when encoding)
    finished = Signal(int, object, object)


class PreviewJob(QRunnable):
    """A square preview of a file, of image bytes, or of a QImage (also encoded as PNG)."""

    def __init__(
        self,
        job_id: int,
        edge: int,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        image: QImage | None = None,
    ) -> None:
        super().__init__()
        self.signals = _JobSignals()
        self._job_id, self._edge = job_id, edge
        self._path, self._data, self._image = path, data, image

    def run(self) -> None:
        preview: QImage | None = None
        encoded: bytes | None = None
        try:
            if self._image is not None:
                encoded = encode_png(self._image)
                source = self._image
            elif self._data is not None:
                buffer = QBuffer()
                buffer.setData(QByteArray(self._data))
                buffer.open(QIODevice.OpenModeFlag.ReadOnly)
                source = read_scaled(QImageReader(buffer), self._edge)
            else:
                source = read_scaled(QImageReader(str(self._path)), self._edge)
            if not source.isNull():
                preview = square_preview(source, self._edge)
        except Exception:  # a broken file must not end the job without an answer
            log.exception("Preparing an image preview failed")
        self.signals.finished.emit(self._job_id, preview, encoded)


class _ScaleSignals(QObject):
    finished = Signal(int, QImage)  # job id, the scaled image


class ScaleJob(QRunnable):
    """Scales an image down with area averaging, which bilinear drawing cannot do."""

    def __init__(self, job_id: int, image: QImage, width: int, height: int) -> None:
        super().__init__()
        self.signals = _ScaleSignals()
        self._job_id, self._image, self._width, self._height = job_id, image, width, height

    def run(self) -> None:
        scaled = self._image.scaled(
            self._width,
            self._height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.signals.finished.emit(self._job_id, scaled)
