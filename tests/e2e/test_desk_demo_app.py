"""The README's first command, in process: `desk --demo` starts the embedded server,
opens the signed-in window with the seeded queue, and quits cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desk.client.api import ApiClient, ConnectionState
from desk.client.cli import parse_args
from desk.demo.environment import DemoEnvironment
from ui.app import DeskApp

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _keep_the_palette(qapp: QApplication) -> Iterator[None]:
    """DeskApp sets the application palette; other tests paint with the default one."""
    before = qapp.palette()
    yield
    qapp.setPalette(before)


async def wait_until(check: Callable[[], bool], limit: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def test_desk_demo_opens_the_queue_and_quits_cleanly(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    desk = DeskApp(qapp, parse_args(["--demo", "--data-dir", str(tmp_path / "demo")]))
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> int:
        running = asyncio.ensure_future(desk.run())
        await wait_until(lambda: desk.window is not None and desk.window.isVisible())
        window = desk.window
        assert window is not None
        await wait_until(lambda: window.queue_model.rowCount() >= 100)
        await wait_until(lambda: window.ticket.ticket_id is not None)  # first ticket opened
        assert window.windowTitle().endswith("(demo)")
        assert desk.session is not None and desk.session.demo
        assert isinstance(desk.session.companion, DemoEnvironment)
        demo_server = desk.session.companion.server
        desk._quit.set()
        code = await running
        assert demo_server._stopped  # the embedded server went down with the app
        return code

    assert qloop.run_until_complete(scenario()) == 0
    assert errors == []


def test_switching_theme_repaints_the_open_window(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    from ui.theme import DARK, LIGHT, ThemeMode

    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    desk = DeskApp(qapp, parse_args(["--demo", "--data-dir", str(tmp_path / "demo")]))

    async def scenario() -> None:
        running = asyncio.ensure_future(desk.run())
        await wait_until(lambda: desk.window is not None and desk.window.isVisible())
        light = dataclasses.replace(desk.settings, theme_mode=ThemeMode.LIGHT)
        desk._apply_settings(light)
        assert desk.theme is LIGHT
        assert qapp.palette().base().color() == LIGHT.base
        desk._apply_settings(dataclasses.replace(light, theme_mode=ThemeMode.DARK))
        assert desk.theme is DARK
        assert qapp.palette().base().color() == DARK.base
        desk._quit.set()
        await running

    qloop.run_until_complete(scenario())


def test_an_expired_demo_session_signs_itself_in_again(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nobody types the demo agent's password: when its token stops working, the demo
    signs the agent in again by itself, with no dialog, and the session carries on."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    desk = DeskApp(qapp, parse_args(["--demo", "--data-dir", str(tmp_path / "demo")]))
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> None:
        running = asyncio.ensure_future(desk.run())
        await wait_until(lambda: desk.window is not None and desk.window.isVisible())
        window, session = desk.window, desk.session
        assert window is not None and session is not None and session.demo
        await wait_until(lambda: session.engine.status.state is ConnectionState.CONNECTED)
        expiries: list[str] = []
        window.engine_bridge.sessionExpired.connect(expiries.append)
        old_token = session.api.token
        async with ApiClient(session.server, old_token) as same_token:
            await same_token.logout()  # the server forgets the token the app is using

        await wait_until(lambda: expiries != [])  # the event stream was refused
        await wait_until(lambda: session.api.token != old_token)
        await wait_until(lambda: session.engine.status.state is ConnectionState.CONNECTED)
        assert desk.session is session and desk.window is window
        assert desk.sign_in_dialog is None  # nobody was asked for a password
        assert (await session.api.me()).email == session.me.email  # the new token works
        assert expiries == ["Your session has expired. Please sign in again."]
        desk._quit.set()
        await running

    qloop.run_until_complete(scenario())
    assert errors == []
