"""Running coroutines from Qt slots without ever losing an error.

Every async action in the UI is a plain ``async def`` (which tests await directly)
started through :class:`TaskRunner`. The runner keeps a reference to each task (so it
cannot be garbage-collected mid-flight), and routes every failure to one place: it is
logged with its traceback and reported to the person as a readable sentence through
the ``errorRaised`` signal. Cancellation is not an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


def describe_error(exc: BaseException) -> str:
    """A sentence for people, in their language where the error is a known one; other
    errors from the core carry their own (English) ``message``."""
    from ui.error_text import describe  # late: it pulls in the core's error types

    translated = describe(exc)
    if translated is not None:
        return translated
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "Errors", "A file or network operation failed: {0}"
        ).format(exc.strerror or exc.__class__.__name__)
    return QCoreApplication.translate(
        "Errors", "Something went wrong ({0}). The details are in the log."
    ).format(exc.__class__.__name__)


def is_unexpected(exc: BaseException) -> bool:
    """A bug rather than a known failure (offline, refused, a missing file): nothing
    we can word, so people get the error dialog with the log's path."""
    from ui.error_text import describe

    known = describe(exc) is not None or bool(getattr(exc, "message", None))
    return not known and not isinstance(exc, OSError)


class TaskRunner(QObject):
    """Starts coroutines on the running (qasync) loop and reports their failures."""

    errorRaised = Signal(str)  # a readable sentence for the status bar / banner
    unexpectedError = Signal(str)  # the same sentence, for a bug: the error dialog

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> asyncio.Task[T]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def done(finished: asyncio.Task[T]) -> None:
            self._tasks.discard(finished)
            if finished.cancelled():
                return
            exc = finished.exception()
            if exc is None:
                if on_success is not None:
                    self._guard(lambda: on_success(finished.result()))
                return
            self.report(exc)
            if on_error is not None:
                self._guard(lambda: on_error(exc))

        task.add_done_callback(done)
        return task

    def slot(self, factory: Callable[..., Awaitable[Any]]) -> Callable[..., None]:
        """Wraps an ``async def`` so it can be connected to a Qt signal."""

        def run(*args: Any) -> None:
            async def call() -> Any:
                return await factory(*args)

            self.start(call())

        return run

    def report(self, exc: BaseException) -> None:
        log.error("Task failed", exc_info=(type(exc), exc, exc.__traceback__))
        sentence = describe_error(exc)
        self.errorRaised.emit(sentence)
        if is_unexpected(exc):
            self.unexpectedError.emit(sentence)

    def _guard(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception as exc:  # a failing callback must not die silently either
            self.report(exc)

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def cancel_all(self) -> None:
        """Cancel every running task but the caller's own (it may be the one closing)."""
        current = asyncio.current_task()
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
