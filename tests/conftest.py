"""Test-wide settings and fixtures.

Qt always runs offscreen, so no test ever needs a screen. pytest-qt has no qasync
support, so ``qloop`` makes a ``qasync.QEventLoop`` over the test QApplication:
tests drive coroutines with ``qloop.run_until_complete(...)``, and any error that
reached the loop's exception handler (a task that died, a failing callback) fails
the test at teardown instead of vanishing.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.ids import reset_ids

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _fresh_ids() -> None:
    """Factories called without an id count from the same place in every test."""
    reset_ids()


@pytest.fixture(autouse=True, scope="session")
def _no_collection_on_other_threads() -> Iterator[None]:
    """As in the app (ui.gc_guard): the cyclic collector never runs on its own, so it
    cannot run on a server or worker thread and destroy Qt objects from there (Qt
    warns "Timers cannot be stopped from another thread", or crashes). Collection
    happens after each test, on the main thread."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if {"qapp", "qtbot", "qloop"} & set(request.fixturenames):
        gc.collect()
    else:
        gc.collect(1)


_ENGLISH: list[Any] = []  # the installed translator, kept alive for the whole run


@pytest.fixture(autouse=True)
def _english_plurals(request: pytest.FixtureRequest) -> None:
    """As the app does for English: Qt tests read "1 message", not "1 message(s)", from
    the English plural catalogue (a Russian one installed by a test takes precedence)."""
    if _ENGLISH or not {"qapp", "qtbot", "qloop"} & set(request.fixturenames):
        return
    from PySide6.QtCore import QTranslator

    import desk_resources

    app = request.getfixturevalue("qapp")
    translator = QTranslator()
    english = desk_resources.translation("en")
    assert english is not None and translator.load(str(english))
    app.installTranslator(translator)
    _ENGLISH.append(translator)


@pytest.fixture
def russian(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The app's own start-up path with DESK_LANG=ru (Desk's and Qt's catalogues, and
    ru as the default QLocale); all undone afterwards, so later tests are English."""
    from PySide6.QtCore import QLocale

    from ui.app import _install_translations

    before = QLocale()
    monkeypatch.setenv("DESK_LANG", "ru")
    installed = _install_translations(qapp)
    try:
        yield installed
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    # As in the app: closing the last window (a dialog) must not end the event loop.
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        asyncio.set_event_loop(None)
        loop.close()
        # qasync leaves Qt timers in reference cycles; collect them here, on the GUI
        # thread, before a server thread's garbage collection can reach them (Qt would
        # warn "Timers cannot be stopped from another thread").
        gc.collect()
    if errors:
        first = errors[0]
        exc = first.get("exception")
        if isinstance(exc, BaseException):
            raise AssertionError(f"event loop error: {first.get('message')}") from exc
        raise AssertionError(f"event loop error: {first.get('message')}")
