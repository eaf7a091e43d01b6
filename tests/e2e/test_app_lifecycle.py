"""The running Desk, in process: what it does with a second launch's arguments (handed
over by the instance socket; ``tests/e2e/test_desk_process.py`` runs the real process
for the socket and the signals) and what a quit request saves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication

from desk.client.store import Store
from desk.domain import Role
from tests.e2e.conftest import LiveServer
from tests.helpers.app_harness import demo_desk, remembered_desk, run_until_shown, wait_until

# The offscreen platform cannot raise windows (bringing them forward) and says so.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_ignore("does not support raise"),
    pytest.mark.usefixtures("keep_the_palette"),
]


def test_a_second_demo_launch_only_brings_the_demo_forward(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, isolated: Path
) -> None:
    desk = demo_desk(qapp, isolated)

    async def scenario() -> None:
        running, window = await run_until_shown(desk)
        session = desk.session
        assert session is not None
        # One name and Desk once (Qt appends " — Desk", the display name, on screen).
        assert window.windowTitle() == f"{session.me.name} (demo)"
        window.showMinimized()
        desk.handle_launch(["--demo"])
        assert not window.isMinimized() and window.isVisible()
        await asyncio.sleep(0.2)  # nothing else may happen: no dialog, same session
        assert desk.sign_in_dialog is None
        assert desk.window is window and desk.session is session
        desk.request_quit()
        assert await running == 0

    qloop.run_until_complete(scenario())


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_help_menu_opens_the_log_folder(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, isolated: Path
) -> None:
    log_file = isolated / "logs" / "desk.log"
    desk = demo_desk(qapp, isolated, log_file=log_file)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")  # instead of the file manager
    try:

        async def scenario() -> None:
            running, window = await run_until_shown(desk)
            action = window.findChild(QAction, "openLogFolderAction")
            assert action is not None
            action.trigger()
            desk.request_quit()
            assert await running == 0

        qloop.run_until_complete(scenario())
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.opened] == [str(log_file.parent)]


def test_server_of_another_launch_signs_in_there_and_replaces_the_session(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    live_server: LiveServer,
    make_live_server: Callable[..., LiveServer],
    isolated: Path,
) -> None:
    first = live_server.create_user(Role.AGENT, name="Anna Agent")
    other_server = make_live_server()
    other = other_server.create_user(Role.AGENT, name="Boris Agent", password="boris-pass")
    desk = remembered_desk(qapp, live_server, first)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)

    async def scenario() -> None:
        running, old_window = await run_until_shown(desk)
        old_session = desk.session
        assert old_session is not None

        desk.handle_launch(["--server", live_server.url + "/"])  # the same server
        await asyncio.sleep(0.2)
        assert desk.sign_in_dialog is None and desk.session is old_session

        desk.handle_launch(["--server", other_server.url, "--email", other.email])
        await wait_until(lambda: (d := desk.sign_in_dialog) is not None and d.isVisible())
        dialog = desk.sign_in_dialog
        assert dialog is not None
        assert dialog.server_edit.text() == other_server.url
        assert dialog.email_edit.text() == other.email
        assert desk.session is old_session  # nothing changes before signing in
        dialog.password_edit.setText("boris-pass")
        dialog.submit()

        await wait_until(lambda: desk.session is not None and desk.session is not old_session)
        assert desk.session is not None and desk.session.me.id == other.id
        assert desk.session.server == other_server.url
        await wait_until(lambda: desk.window is not None and desk.window.isVisible())
        assert desk.window is not old_window
        # The old account's cache was closed: another process could open it now.
        Store.for_account(live_server.url, first.email).close()
        # Its token stays in the keychain, for switching back.
        assert desk.credentials.load(live_server.url, first.email) == first.token
        desk.request_quit()
        assert await running == 0

    qloop.run_until_complete(scenario())
    assert errors == []


def test_a_quit_request_keeps_the_draft_being_typed(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, isolated: Path
) -> None:
    """What SIGINT and SIGTERM call (``request_quit``) saves like the Quit menu: the
    words typed a moment ago, before the autosave timer fired, are in the cache."""
    desk = demo_desk(qapp, isolated)

    async def scenario() -> tuple[Path, int]:
        running, window = await run_until_shown(desk)
        session = desk.session
        assert session is not None
        await wait_until(lambda: window.ticket.ticket_id is not None)
        composer = window.pane.composer
        ticket_id = composer.ticket_id()
        assert ticket_id is not None
        composer.edit.setPlainText("Проверим логи бота и вернёмся к вам")
        desk.request_quit()
        assert await running == 0
        return session.store.path, ticket_id

    path, ticket_id = qloop.run_until_complete(scenario())
    with Store(path) as reopened:  # closed by the quit: free to open again
        draft = reopened.draft(ticket_id)
    assert draft is not None and draft.text == "Проверим логи бота и вернёмся к вам"
