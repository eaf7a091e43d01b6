"""The app inside a test, started the way `desk` starts it: waiting on it, a profile of
its own, a `DeskApp` with a remembered sign-in or on the demo, a `MainWindow` on a
session. Shared by the end-to-end tests so each one says only what it checks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desk.client.cli import parse_args
from desk.client.credentials import CredentialStore
from desk.client.session import Session
from desk.sla import BusinessCalendar
from tests.helpers.keychain import MemoryKeyring
from tests.helpers.waiting import wait_until
from ui.app import DeskApp
from ui.mainwindow.window import MainWindow
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import LIGHT

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, TestUser

# Where the app keeps its files (cache, logs, keychain fallbacks, state).
USER_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def isolate_profile(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's user folders and native QSettings under `root`, not the real home."""
    for var in USER_DIRS:
        monkeypatch.setenv(var, str(root / var.lower()))
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(root / "settings")
    )
    return root


def remembered_desk(qapp: QApplication, server: LiveServer, user: TestUser) -> DeskApp:
    """The app as `desk --server URL --email E`, the user's token in the keychain
    ("remember me"), so it opens the window without a dialog."""
    desk = DeskApp(qapp, parse_args(["--server", server.url, "--email", user.email]))
    desk.credentials = CredentialStore(MemoryKeyring())
    desk.credentials.save(server.url, user.email, user.token)
    return desk


def demo_desk(qapp: QApplication, root: Path, **kwargs: Any) -> DeskApp:
    """The app as `desk --demo`, its demo data under `root`."""
    return DeskApp(qapp, parse_args(["--demo", "--data-dir", str(root / "demo")]), **kwargs)


async def run_until_shown(desk: DeskApp) -> tuple[asyncio.Future[int], MainWindow]:
    """Starts `desk.run()` and waits for its window on screen: (the run, the window)."""
    running = asyncio.ensure_future(desk.run())
    await wait_until(lambda: desk.window is not None and desk.window.isVisible())
    assert desk.window is not None
    return running, desk.window


def shown_window(
    session: Session,
    runner: TaskRunner,
    settings: SettingsStore,
    size: tuple[int, int] = (1440, 900),
) -> MainWindow:
    """A `MainWindow` on `session`, on screen but not started yet."""
    window = MainWindow(session, runner, settings, LIGHT, BusinessCalendar())
    window.resize(*size)
    window.show()
    return window


async def go_live(window: MainWindow) -> None:
    """Starts the window and its session (no simulated customers) and waits until the
    session has caught up with the server."""
    await window.start()
    window.session.start(simulate_customers=False)
    await window.session.engine.wait_caught_up()


@asynccontextmanager
async def running_window(
    session: Session, runner: TaskRunner, settings: SettingsStore
) -> AsyncIterator[MainWindow]:
    """A live window on `session` for the block; shut down, and the session closed, after."""
    window = shown_window(session, runner, settings)
    try:
        await go_live(window)
        yield window
    finally:
        window.shutdown()
        window.hide()
        await session.close()
