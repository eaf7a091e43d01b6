"""Files waiting to be sent with a message: validation and the chip tray above the composer.

Files are checked the moment they are added, against the allow-list and limits of
``POST /attachments`` (``desk.media``, which the server checks with too), so the agent
learns at once that a file cannot go, instead of after pressing Send. Decoding previews
and encoding pasted screenshots runs on a thread pool and comes back by signal: a 4K
screenshot takes a quarter of a second to encode.
"""

from __future__ import annotations

import itertools
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.media import (
    ALLOWED_TYPES,
    EXTENSION_TYPES,
    MAX_IMAGE_PIXELS,
    MAX_UPLOAD_BYTES,
    TYPE_ALIASES,
    sniff_image_type,
)
from ui.widgets.file_chip import PREVIEW_EDGE, FileChip
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.image_jobs import PreviewJob


@dataclass(frozen=True)
class PendingFile:
    """A file to upload: from disk by ``path``, or in memory (a pasted screenshot) as ``data``."""

    path: Path | None
    filename: str
    content_type: str
    data: bytes | None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.path.stat().st_size if self.path is not None else 0

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class AttachmentError(Exception):
    """A file that cannot be attached; ``message`` is a sentence for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def format_size(size: int) -> str:
    if size < 1024:
        return translate("Attachments", "{0} bytes").format(size)
    if size < 1024 * 1024:
        return translate("Attachments", "{0} KB").format(round(size / 1024))
    megabytes = size / (1024 * 1024)
    locale = QLocale()  # "2,4 МБ" in Russian, "2.4 MB" in English
    text = locale.toString(megabytes, "f", 0 if megabytes >= 100 else 1)
    text = text.removesuffix(locale.decimalPoint() + "0")
    return translate("Attachments", "{0} MB").format(text)


def content_type_for(filename: str) -> str | None:
    """The type the server will accept for this name, or None when it refuses it."""
    known = EXTENSION_TYPES.get(Path(filename).suffix.lower())
    if known is not None:
        return known
    guessed, _encoding = mimetypes.guess_type(filename, strict=False)
    if guessed is None:
        return None
    guessed = TYPE_ALIASES.get(guessed, guessed)
    return guessed if guessed in ALLOWED_TYPES else None


def _check_size(filename: str, size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise AttachmentError(
            translate("Attachments", "{name} is {size}; the limit is {limit}").format(
                name=filename, size=format_size(size), limit=format_size(MAX_UPLOAD_BYTES)
            )
        )


def _refused(filename: str) -> AttachmentError:
    return AttachmentError(
        translate(
            "Attachments", "{name} can't be sent: only images, PDF, text and ZIP files are allowed"
        ).format(name=filename)
    )


def validate_path(path: Path) -> PendingFile:
    """A PendingFile for a file on disk, or AttachmentError saying why it cannot go."""
    name = path.name
    if path.is_dir():
        raise AttachmentError(
            translate("Attachments", "{name} is a folder; only files can be attached").format(
                name=name
            )
        )
    content_type = content_type_for(name)
    if content_type is None:
        raise _refused(name)
    try:
        size = path.stat().st_size
        _check_size(name, size)
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise AttachmentError(
            translate("Attachments", "{name} can't be read: {reason}").format(
                name=name, reason=exc.strerror or exc
            )
        ) from exc
    if content_type.startswith("image/"):
        sniffed = sniff_image_type(head)
        if sniffed is None:
            raise AttachmentError(
                translate("Attachments", "{name} is not a valid image").format(name=name)
            )
        content_type = sniffed  # a JPEG saved as .png still goes, under its real type
        dimensions = QImageReader(str(path)).size()
        if dimensions.width() * dimensions.height() > MAX_IMAGE_PIXELS:
            raise AttachmentError(
                translate(
                    "Attachments", "{name} is {w}×{h} pixels; the limit is 50 megapixels"
                ).format(name=name, w=dimensions.width(), h=dimensions.height())
            )
    return PendingFile(path=path, filename=name, content_type=content_type, data=None)


def screenshot_name(now: datetime) -> str:
    return now.strftime("screenshot-%Y%m%d-%H%M%S.png")


# --- the tray ---------------------------------------------------------------------


class AttachmentChip(FileChip):
    """A FileChip that knows its PendingFile (None while a pasted image is being encoded)."""

    def __init__(self, filename: str, content_type: str, parent: QWidget | None = None) -> None:
        super().__init__(filename, image=content_type.startswith("image/"), parent=parent)
        self.setObjectName("attachmentChip")
        self.file: PendingFile | None = None
        self.set_detail(self.tr("Preparing…"))

    def set_file(self, file: PendingFile, size: int) -> None:
        self.file = file
        kind = "" if file.is_image else file.content_type.split("/")[-1].upper()
        self.set_detail(f"{format_size(size)} · {kind}" if kind else format_size(size))


class AttachmentTray(QWidget):
    """The pending files as wrapping chips, plus an inline line for refused files."""

    filesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self._pool = QThreadPool(self)  # a child: deleting the tray waits for its jobs
        self._pool.setMaxThreadCount(2)
        self._job_ids = itertools.count(1)
        self._jobs: dict[int, AttachmentChip] = {}
        self._chips: list[AttachmentChip] = []

        self._chip_area = QWidget(self)
        self._flow = FlowLayout(self._chip_area, spacing=6)
        self._error = QLabel(self)
        self._error.setObjectName("attachmentError")
        self._error.setWordWrap(True)
        self._error.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._chip_area)
        layout.addWidget(self._error)
        self._sync_visibility()

    # --- reading ------------------------------------------------------------------

    def files(self) -> tuple[PendingFile, ...]:
        return tuple(chip.file for chip in self._chips if chip.file is not None)

    def chips(self) -> tuple[AttachmentChip, ...]:
        return tuple(self._chips)

    def is_busy(self) -> bool:
        """True while a pasted image is still being encoded."""
        return any(chip.file is None for chip in self._chips)

    def error_text(self) -> str:
        return self._error.text()

    # --- adding and removing ------------------------------------------------------

    def add_paths(self, paths: Iterable[Path]) -> list[str]:
        """Adds every acceptable file; shows and returns the reasons for the others."""
        errors = self._add_paths(paths)
        self._finish_batch(errors)
        return errors

    def add_image(self, image: QImage, now: datetime | None = None) -> None:
        """Adds a pasted image; it becomes a PNG file once encoded in the background."""
        stamp = now if now is not None else datetime.now()
        taken = {chip.filename for chip in self._chips}
        name = screenshot_name(stamp)
        suffix = 2
        while name in taken:  # two pastes within one second
            name = screenshot_name(stamp).replace(".png", f"-{suffix}.png")
            suffix += 1
        chip = self._new_chip(name, "image/png")
        self._start(chip, image=image.copy())
        self._finish_batch([])

    def add_files(self, files: Iterable[PendingFile]) -> list[str]:
        """Restores the files of a saved draft; files on disk are checked again."""
        errors: list[str] = []
        paths: list[Path] = []
        for file in files:
            if file.path is not None:
                paths.append(file.path)
                continue
            try:
                _check_size(file.filename, len(file.data or b""))
            except AttachmentError as exc:
                errors.append(exc.message)
                continue
            chip = self._new_chip(file.filename, file.content_type)
            chip.set_file(file, file.size)
            if file.is_image and file.data:
                self._start(chip, data=file.data)
        errors += self._add_paths(paths)
        self._finish_batch(errors)
        return errors

    def remove_chip(self, chip: AttachmentChip) -> None:
        if chip not in self._chips:
            return
        self._chips.remove(chip)
        self._flow.removeWidget(chip)
        chip.hide()
        chip.deleteLater()
        self.clear_errors()
        self.filesChanged.emit()

    def clear(self) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips.clear()
        self._jobs.clear()  # late results find no chip and are dropped
        self.clear_errors()
        self.filesChanged.emit()

    def show_errors(self, errors: list[str]) -> None:
        self._error.setText("\n".join(errors))
        self._sync_visibility()

    def clear_errors(self) -> None:
        self.show_errors([])

    def wait_for_jobs(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    # --- internals ----------------------------------------------------------------

    def _add_paths(self, paths: Iterable[Path]) -> list[str]:
        errors: list[str] = []
        present = {chip.file.path for chip in self._chips if chip.file and chip.file.path}
        for path in paths:
            try:
                file = validate_path(path)
            except AttachmentError as exc:
                errors.append(exc.message)
                continue
            if path in present:
                continue  # the same file dropped twice is attached once
            present.add(path)
            chip = self._new_chip(file.filename, file.content_type)
            chip.set_file(file, file.size)
            if file.is_image:
                self._start(chip, path=file.path)
        return errors

    def _new_chip(self, filename: str, content_type: str) -> AttachmentChip:
        chip = AttachmentChip(filename, content_type, self._chip_area)
        chip.removeRequested.connect(lambda: self.remove_chip(chip))
        self._chips.append(chip)
        self._flow.addWidget(chip)
        return chip

    def _start(
        self,
        chip: AttachmentChip,
        *,
        path: Path | None = None,
        data: bytes | None = None,
        image: QImage | None = None,
    ) -> None:
        job_id = next(self._job_ids)
        job = PreviewJob(job_id, PREVIEW_EDGE * 2, path=path, data=data, image=image)
        self._jobs[job_id] = chip
        job.signals.finished.connect(self._job_finished)
        self._pool.start(job)

    def _job_finished(self, job_id: int, preview: object, encoded: object) -> None:
        chip = self._jobs.pop(job_id, None)
        if chip is None or chip not in self._chips:
            return
        if chip.file is None:  # a pasted image: its PNG is ready now
            try:
                if not isinstance(encoded, bytes):
                    raise AttachmentError(
                        translate("Attachments", "The pasted image could not be prepared")
                    )
                _check_size(chip.filename, len(encoded))
            except AttachmentError as exc:
                self.remove_chip(chip)
                self.show_errors([exc.message])
                return
            png = PendingFile(
                path=None, filename=chip.filename, content_type="image/png", data=encoded
            )
            chip.set_file(png, len(encoded))
            self.filesChanged.emit()
        if isinstance(preview, QImage):
            chip.set_preview(preview)

    def _finish_batch(self, errors: list[str]) -> None:
        self.show_errors(errors)
        self.filesChanged.emit()

    def _sync_visibility(self) -> None:
        self._chip_area.setVisible(bool(self._chips))
        self._error.setVisible(bool(self._error.text()))
        if self.parentWidget() is not None:  # never pop up as a window of its own
            self.setVisible(bool(self._chips) or bool(self._error.text()))
