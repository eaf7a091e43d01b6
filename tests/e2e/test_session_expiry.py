"""The app against the real server when its token stops working: the token is revoked
(POST /auth/logout from another client holding the same token) while a reply is being
written. The app keeps the reply in its outbox, asks for the password again over the
open window (server and e-mail filled in), and after signing in as the same account
carries on with the new token and delivers the reply exactly once. Cancelling leaves
the app open and signed out; signing in as someone else opens their session instead."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desk.client.api import ApiClient, ConnectionState
from desk.client.store import OutboxState, Store
from desk.domain import Role
from tests.e2e.conftest import LiveServer
from tests.helpers.app_harness import remembered_desk, wait_until
from ui.app import DeskApp
from ui.mainwindow.window import MainWindow
from ui.sign_in import SignInDialog

# The offscreen platform cannot raise windows (bringing the dialog forward) and says so.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_ignore("does not support raise"),
    pytest.mark.usefixtures("keep_the_palette"),
]


async def quit_app(desk: DeskApp, running: asyncio.Future[int]) -> None:
    desk._quit.set()
    assert await running == 0


async def revoke(server: LiveServer, token: str) -> None:
    """Signed out elsewhere: another client with the same token logs it out."""
    async with ApiClient(server.url, token) as other:
        await other.logout()


async def bodies(server: LiveServer, token: str, ticket_id: int) -> list[str]:
    async with ApiClient(server.url, token) as api:
        return [m.body async for m in api.iter_messages(ticket_id)]


async def open_window(desk: DeskApp, ticket_id: int) -> MainWindow:
    await wait_until(lambda: desk.window is not None and desk.window.isVisible())
    window = desk.window
    assert window is not None and desk.session is not None
    await desk.session.engine.wait_caught_up()
    await wait_until(lambda: window.queue_model.row_of(ticket_id) is not None)
    assert window.queue.select(ticket_id)
    store = desk.session.store
    # Opened: the thread is on screen and marked read on the server (the reply's
    # collision check compares against what was on screen).
    await wait_until(lambda: window.ticket.ticket_id == ticket_id)
    await wait_until(lambda: window.pane.chat_model.rowCount() > 0)
    await wait_until(
        lambda: (
            (t := store.ticket(ticket_id)) is not None
            and t.unread_count == 0
            and store.pending_read_markers() == []
        )
    )
    await wait_until(lambda: desk.session is not None and desk.session.engine.status.state
                     is ConnectionState.CONNECTED)  # fmt: skip
    return window


def queue_reply(window: MainWindow, text: str) -> None:
    composer = window.pane.composer
    composer.edit.setPlainText(text)
    assert composer.send()


async def dialog_shown(desk: DeskApp) -> SignInDialog:
    await wait_until(lambda: (d := desk.sign_in_dialog) is not None and d.isVisible())
    dialog = desk.sign_in_dialog
    assert dialog is not None
    return dialog


def test_an_expired_session_signs_in_again_and_sends_the_waiting_reply_once(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, live_server: LiveServer, isolated: Path
) -> None:
    agent = live_server.create_user(Role.AGENT, name="Anna Agent", password="s3cret-pass")
    customer = live_server.create_user(Role.CUSTOMER)
    desk = remembered_desk(qapp, live_server, agent)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)
    reply = "Перезапустили вебхук, проверьте, пожалуйста."

    async def scenario() -> None:
        async with ApiClient(live_server.url, customer.token) as cust:
            ticket = await cust.create_ticket("Бот молчит", "Не отвечает с утра")
        running = asyncio.ensure_future(desk.run())
        window = await open_window(desk, ticket.id)
        session = desk.session
        assert session is not None
        expiries: list[str] = []
        window.engine_bridge.sessionExpired.connect(expiries.append)

        await revoke(live_server, agent.token)
        queue_reply(window, reply)
        dialog = await dialog_shown(desk)

        # The reply waits in the outbox (queued once the collision check's refresh,
        # itself refused, gave up), the window says why, the dialog asks again.
        await wait_until(lambda: session.store.entries_for(ticket.id) != [])
        pending = session.store.entries_for(ticket.id)
        assert [(e.body, e.state) for e in pending] == [(reply, OutboxState.PENDING)]
        assert window.status.connection.session_expired
        assert window.sign_in_again_action.isEnabled()
        assert dialog.parent() is window  # over the open window, which stays
        assert dialog.server_edit.text() == live_server.url
        assert dialog.email_edit.text() == agent.email
        assert dialog.password_edit.text() == ""
        assert "expired" in dialog.notice_text()
        assert await bodies(live_server, customer.token, ticket.id) == ["Не отвечает с утра"]

        dialog.remember_box.setChecked(True)
        dialog.password_edit.setText("s3cret-pass")
        dialog.submit()

        # The same session carries on with the new token and sends the reply once.
        await wait_until(lambda: session.store.entries_for(ticket.id) == [])
        assert session.store.pending_entries() == []
        assert await bodies(live_server, customer.token, ticket.id) == [
            "Не отвечает с утра",
            reply,
        ]
        await wait_until(lambda: session.engine.status.state is ConnectionState.CONNECTED)
        assert desk.session is session and desk.window is window
        assert not window.status.connection.session_expired
        assert not window.sign_in_again_action.isEnabled()
        assert desk.sign_in_dialog is None
        assert expiries == ["Your session has expired. Please sign in again."]  # once
        new_token = desk.credentials.load(live_server.url, agent.email)
        assert new_token and new_token != agent.token and session.api.token == new_token

        # The new token is the live one: the customer's answer arrives in the thread.
        async with ApiClient(live_server.url, customer.token) as cust:
            await cust.send_message(ticket.id, "Заработало!", idempotency_key="e2e-answer")
        await wait_until(
            lambda: any(m.body == "Заработало!" for m in session.store.messages(ticket.id))
        )
        await quit_app(desk, running)

    qloop.run_until_complete(scenario())
    assert errors == []


def test_cancelling_stays_signed_out_then_another_account_takes_over(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, live_server: LiveServer, isolated: Path
) -> None:
    anna = live_server.create_user(Role.AGENT, name="Anna Agent", password="anna-pass")
    boris = live_server.create_user(Role.AGENT, name="Boris Agent", password="boris-pass")
    customer = live_server.create_user(Role.CUSTOMER)
    desk = remembered_desk(qapp, live_server, anna)
    errors: list[str] = []
    desk.runner.errorRaised.connect(errors.append)
    reply = "Ответ, который ждёт Анну"

    async def scenario() -> None:
        async with ApiClient(live_server.url, customer.token) as cust:
            ticket = await cust.create_ticket("Счёт за март", "Пришлите счёт")
        running = asyncio.ensure_future(desk.run())
        window = await open_window(desk, ticket.id)
        session = desk.session
        assert session is not None

        await revoke(live_server, anna.token)
        queue_reply(window, reply)
        dialog = await dialog_shown(desk)
        await wait_until(lambda: session.store.entries_for(ticket.id) != [])
        dialog.reject()

        # Cancelled: still open, signed out, the reply kept; the status bar says so.
        await wait_until(lambda: desk.sign_in_dialog is None)
        assert desk.window is window and window.isVisible()
        assert window.status.connection.session_expired
        assert "Signed out" in window.status.connection.state_label.text()
        assert "signed out" in window.status.message().lower()
        assert [e.body for e in session.store.pending_entries()] == [reply]

        # Clicking "Signed out" asks again; Boris signs in on this computer.
        QTest.mouseClick(window.status.connection, Qt.MouseButton.LeftButton)
        dialog = await dialog_shown(desk)
        assert dialog.email_edit.text() == anna.email and dialog.password_edit.text() == ""
        window.sign_in_again_action.trigger()  # asking twice shows the same dialog
        assert desk.sign_in_dialog is dialog
        dialog.email_edit.setText(boris.email)
        dialog.password_edit.setText("boris-pass")
        dialog.submit()

        await wait_until(lambda: desk.window is not None and desk.window is not window)
        fresh = desk.window
        assert fresh is not None and desk.session is not None
        assert desk.session.me.id == boris.id
        assert fresh.windowTitle() == f"Boris Agent — {urlsplit(desk.session.server).netloc}"
        await wait_until(lambda: fresh.queue_model.row_of(ticket.id) is not None)
        await wait_until(lambda: fresh.status.connection.state is ConnectionState.CONNECTED)
        signals = fresh.engine_bridge.receivers(SIGNAL("sessionExpired(QString)"))
        assert signals == 1  # the new window is wired for the next expiry too
        # Anna's reply was not sent for her by Boris: it waits in her own store.
        assert await bodies(live_server, customer.token, ticket.id) == ["Пришлите счёт"]
        assert desk.credentials.load(live_server.url, anna.email) is None  # the dead token

        await quit_app(desk, running)
        store = Store.for_account(live_server.url, anna.email)
        try:
            assert [e.body for e in store.pending_entries()] == [reply]
        finally:
            store.close()

    qloop.run_until_complete(scenario())
    assert errors == []
