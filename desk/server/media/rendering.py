"""`ThumbnailPool`: thumbnails are rendered in a few threads of their own.

Decoding a 49-megapixel PNG needs its whole pixel buffer (about 200 MB), so renders
are capped at ``workers`` at a time, whoever asks: the upload that starts one at once,
or a request for a thumbnail that is not made yet (it waits for the render). Requests
for the same image share one render. Waiting requests hold no thread and no pixels.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from anyio import to_thread

from desk.server.media.errors import MediaError
from desk.server.media.storage import MediaStore
from desk.server.media.thumbnails import Thumbnail, standard_size

log = logging.getLogger(__name__)


def _malloc_trim() -> Callable[[], object]:
    """glibc's malloc_trim(0): a freed 200 MB decode otherwise stays in the worker
    thread's malloc arena (Pillow allocates in 16 MB blocks, above mmap's reach once
    glibc raised its threshold). A no-op elsewhere."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


_trim = _malloc_trim()


class ThumbnailPool:
    def __init__(
        self,
        store: MediaStore,
        workers: int,
        *,
        render: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self._render = render or store.render_thumbnails
        self._executor = ThreadPoolExecutor(max(1, workers), thread_name_prefix="thumbnails")
        self._pending: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self.queued = 0  # renders waiting for a thread
        self.running = 0

    def submit(self, sha256: str) -> Future[None]:
        """Render every standard size of one stored image (joins a render under way)."""
        with self._lock:
            future = self._pending.get(sha256)
            if future is not None:
                return future
            self.queued += 1
            future = self._executor.submit(self._run, sha256)
            self._pending[sha256] = future
        future.add_done_callback(lambda done: self._forget(sha256, done))
        return future

    def prerender(self, sha256: str) -> None:
        """Start a render after an upload; its failure is only logged (a request for the
        thumbnail later reports it)."""
        self.submit(sha256).add_done_callback(_log_failure)

    def _forget(self, sha256: str, done: Future[None]) -> None:
        with self._lock:
            if self._pending.get(sha256) is done:
                del self._pending[sha256]
            if done.cancelled():
                self.queued -= 1

    def _run(self, sha256: str) -> None:
        with self._lock:
            self.queued -= 1
            self.running += 1
        try:
            self._render(sha256)
        finally:
            _trim()
            with self._lock:
                self.running -= 1

    async def thumbnail(self, sha256: str, size: int) -> Thumbnail:
        """The standard size for ``size``; MediaError, or FileNotFoundError when the
        original is missing."""
        standard_size(size)
        cached = await to_thread.run_sync(self._store.cached_thumbnail, sha256, size)
        if cached is None:
            await asyncio.wrap_future(self.submit(sha256))
            cached = await to_thread.run_sync(self._store.cached_thumbnail, sha256, size)
        if cached is None:
            raise FileNotFoundError(sha256)
        return cached

    def close(self) -> None:
        """Drop renders that have not started and wait for the running ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def _log_failure(future: Future[None]) -> None:
    if future.cancelled():
        return
    error = future.exception()
    if isinstance(error, MediaError):
        log.info("no thumbnails: %s", error.detail)
    elif error is not None:
        log.warning("thumbnail render failed", exc_info=error)
