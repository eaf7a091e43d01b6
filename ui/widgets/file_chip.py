"""A compact chip for a file: preview or type badge, name, a detail line, and a remove button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ui.widgets.text import plain_tooltip

PREVIEW_EDGE = 40  # logical pixels
NAME_WIDTH = 170


class FileChip(QFrame):
    """Styled by the owner's stylesheet through its objectNames (``fileChip`` and children)."""

    removeRequested = Signal()

    def __init__(self, filename: str, *, image: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileChip")
        self.filename = filename
        self.setToolTip(plain_tooltip(filename) or "")

        self._preview = QLabel(self)
        self._preview.setObjectName("fileChipPreview")
        self._preview.setFixedSize(PREVIEW_EDGE, PREVIEW_EDGE)
        self._preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if not image:  # a badge with the extension stands in for a preview
            self._preview.setProperty("badge", True)
            self._preview.setText(Path(filename).suffix.lstrip(".").upper()[:4] or "FILE")

        elided = self.fontMetrics().elidedText(filename, Qt.TextElideMode.ElideMiddle, NAME_WIDTH)
        name = QLabel(elided, self)
        name.setObjectName("fileChipName")
        name.setTextFormat(Qt.TextFormat.PlainText)
        self._detail = QLabel(self)
        self._detail.setObjectName("fileChipDetail")

        remove = QToolButton(self)
        remove.setObjectName("fileChipRemove")
        remove.setText("×")
        remove.setAutoRaise(True)
        remove.setCursor(Qt.CursorShape.PointingHandCursor)
        remove.setToolTip(plain_tooltip(self.tr("Remove {0}").format(filename)) or "")
        remove.setAccessibleName(self.tr("Remove {0}").format(filename))
        remove.clicked.connect(self.removeRequested)
        self.remove_button = remove

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addStretch(1)
        text.addWidget(name)
        text.addWidget(self._detail)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 2, 4)
        row.setSpacing(8)
        row.addWidget(self._preview)
        row.addLayout(text)
        row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)

    def set_detail(self, text: str) -> None:
        self._detail.setText(text)

    def detail(self) -> str:
        return self._detail.text()

    def set_preview(self, image: QImage) -> None:
        """Shows an image scaled down beforehand; a larger one is drawn crisp on 2x screens."""
        pixmap = QPixmap.fromImage(image)
        ratio = max(1.0, image.width() / PREVIEW_EDGE, image.height() / PREVIEW_EDGE)
        pixmap.setDevicePixelRatio(ratio)
        self._preview.setPixmap(pixmap)

    def has_preview(self) -> bool:
        pixmap = self._preview.pixmap()
        return pixmap is not None and not pixmap.isNull()
