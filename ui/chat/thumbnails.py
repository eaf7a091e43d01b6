"""Thumbnails for image attachments: fetched async, decoded in a thread, cached by bytes.

The fetch is injected (the app passes the API client or the store's cache). The
bytes are decoded to a QImage on a worker thread; only the QImage -> QPixmap step
runs on the main thread, as Qt requires. ``thumbnailReady`` tells the view when an
attachment's pixmap (or its failure) is known.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap

from ui.chat.layout import THUMB_MAX_H, THUMB_MAX_W

log = logging.getLogger(__name__)

FetchThumbnail = Callable[[int, int], Awaitable[bytes]]
Decoder = Callable[[bytes, int, int], QImage]


def decode_thumbnail(data: bytes, max_w: int, max_h: int) -> QImage:
    """Decode and shrink to fit ``max_w``×``max_h`` device pixels. Runs on a worker thread."""
    image = QImage.fromData(data)
    if image.isNull():
        raise ValueError(QCoreApplication.translate("ChatView", "not an image"))
    if image.width() > max_w or image.height() > max_h:
        image = image.scaled(
            max_w,
            max_h,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def _screen_dpr() -> float:
    app = QGuiApplication.instance()
    screen = app.primaryScreen() if isinstance(app, QGuiApplication) else None
    return screen.devicePixelRatio() if screen is not None else 1.0


class ThumbnailLoader(QObject):
    """Loads and caches attachment thumbnails; one load per attachment at a time."""

    thumbnailReady = Signal(int)  # attachment id: its pixmap or its error is now known

    def __init__(
        self,
        fetch: FetchThumbnail,
        *,
        loop: asyncio.AbstractEventLoop | None = None,
        device_pixel_ratio: float | None = None,
        max_bytes: int = 64 * 1024 * 1024,
        executor: Executor | None = None,
        decode: Decoder = decode_thumbnail,
        max_concurrent: int = 4,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._loop = loop
        self._dpr = device_pixel_ratio or _screen_dpr()
        # The server's size parameter is the longer side, 64..1024 device pixels.
        self.request_size = max(64, min(1024, math.ceil(THUMB_MAX_W * self._dpr)))
        self._max_bytes = max_bytes
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="thumb-decode")
        self._decode = decode
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self._cache_bytes = 0
        self._errors: dict[int, str] = {}
        self._tasks: dict[int, asyncio.Task[QPixmap | None]] = {}

    # --- reading (main thread, cheap: called from paint) --------------------

    def pixmap(self, attachment_id: int) -> QPixmap | None:
        pix = self._cache.get(attachment_id)
        if pix is not None:
            self._cache.move_to_end(attachment_id)
        return pix

    def error(self, attachment_id: int) -> str | None:
        return self._errors.get(attachment_id)

    def is_loading(self, attachment_id: int) -> bool:
        return attachment_id in self._tasks

    def loaded_size(self, attachment_id: int) -> QSize | None:
        """Logical size of the cached pixmap, if any."""
        pix = self._cache.get(attachment_id)
        if pix is None:
            return None
        return QSize(
            round(pix.width() / pix.devicePixelRatio()),
            round(pix.height() / pix.devicePixelRatio()),
        )

    @property
    def cache_bytes(self) -> int:
        return self._cache_bytes

    # --- loading -------------------------------------------------------------

    def request(self, attachment_id: int) -> None:
        """Start loading unless cached, failed or already loading (fire and forget)."""
        if attachment_id in self._cache or attachment_id in self._errors:
            return
        if attachment_id in self._tasks:
            return
        loop = self._loop
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # painted outside the event loop; the next paint asks again
        if not loop.is_running():
            return  # the task could not run anyway; the next paint asks again
        self._tasks[attachment_id] = loop.create_task(self._load(attachment_id))

    async def load(self, attachment_id: int) -> QPixmap | None:
        """Load (or join the running load of) one thumbnail; None if it failed."""
        if attachment_id in self._cache:
            return self.pixmap(attachment_id)
        if attachment_id in self._errors:
            return None
        task = self._tasks.get(attachment_id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._load(attachment_id))
            self._tasks[attachment_id] = task
        return await asyncio.shield(task)

    def retry(self, attachment_id: int) -> None:
        """Forget a failure so the next paint loads the thumbnail again."""
        if self._errors.pop(attachment_id, None) is not None:
            self.thumbnailReady.emit(attachment_id)

    def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        if self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)

    async def _load(self, attachment_id: int) -> QPixmap | None:
        loop = asyncio.get_running_loop()
        box_w = math.ceil(THUMB_MAX_W * self._dpr)
        box_h = math.ceil(THUMB_MAX_H * self._dpr)
        try:
            async with self._semaphore:
                data = await self._fetch(attachment_id, self.request_size)
                image = await loop.run_in_executor(self._executor, self._decode, data, box_w, box_h)
            pix = QPixmap.fromImage(image)  # main thread: QPixmap is a GUI-thread object
            pix.setDevicePixelRatio(self._dpr)
            self._store(attachment_id, pix)
            return pix
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bad image must show a broken placeholder, not crash
            log.warning("thumbnail %s failed: %s", attachment_id, exc)
            self._errors[attachment_id] = str(exc) or type(exc).__name__
            return None
        finally:
            self._tasks.pop(attachment_id, None)
            if not loop.is_closed():
                self.thumbnailReady.emit(attachment_id)

    def _store(self, attachment_id: int, pix: QPixmap) -> None:
        old = self._cache.pop(attachment_id, None)
        if old is not None:
            self._cache_bytes -= _cost(old)
        self._cache[attachment_id] = pix
        self._cache_bytes += _cost(pix)
        while self._cache_bytes > self._max_bytes and len(self._cache) > 1:
            _, evicted = self._cache.popitem(last=False)
            self._cache_bytes -= _cost(evicted)


def _cost(pix: QPixmap) -> int:
    return pix.width() * pix.height() * 4
