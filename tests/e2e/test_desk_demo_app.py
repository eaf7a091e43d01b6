"""The README's first command, in process: `desk --demo` starts the embedded server,
opens the signed-in window with the seeded queue, and quits cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desk.client.api import ApiClient, ConnectionState
from desk.demo.environment import DemoEnvironment
from tests.helpers.app_harness import demo_desk, run_until_shown, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("keep_the_palette")]


def test_desk_demo_opens_the_queue_and_quits_cleanly(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    isolated: Path,
) -> None:
    desk = demo_desk(qapp, isolated)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> int:
        running, window = await run_until_shown(desk)
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
    isolated: Path,
) -> None:
    import dataclasses

    from ui.theme import DARK, LIGHT, ThemeMode

    desk = demo_desk(qapp, isolated)

    async def scenario() -> None:
        running, _ = await run_until_shown(desk)
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
    isolated: Path,
) -> None:
    """Nobody types the demo agent's password: when its token stops working, the demo
    signs the agent in again by itself, with no dialog, and the session carries on."""
    desk = demo_desk(qapp, isolated)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> None:
        running, window = await run_until_shown(desk)
        session = desk.session
        assert session is not None and session.demo
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
