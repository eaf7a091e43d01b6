"""Canned replies against the real server: the dialog creates, edits and deletes as an admin;
an agent is refused in words; the picker inserts a reply filled for a real ticket."""

from __future__ import annotations

import asyncio
import gc
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk.client.api import ApiClient, Forbidden
from desk.client.macros import MacroContext, MacroLibrary
from desk.domain import Role
from tests.e2e.conftest import LiveServer
from tests.helpers.app_harness import wait_until
from ui.chat.composer import Composer
from ui.macros import MacrosDialog, attach_macro_picker

pytestmark = [
    pytest.mark.e2e,
    # The offscreen platform cannot size-hint or raise top-level windows; it says so.
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
]


@pytest.fixture(autouse=True)
def _collect_loop_garbage() -> Iterator[None]:
    """Set up before ``qloop``, so this runs after its teardown: qasync leaves timer
    objects in reference cycles, and if the garbage collector first runs in one of the
    server's threads, Qt warns "Timers cannot be stopped from another thread"."""
    yield
    gc.collect()


@pytest.fixture
def widgets(qtbot: Any) -> Iterator[list[QWidget]]:
    made: list[QWidget] = []
    yield made
    for widget in made:
        widget.close()
        widget.deleteLater()


def test_admin_creates_edits_and_deletes_through_the_dialog(
    live_server: LiveServer, qloop: asyncio.AbstractEventLoop, widgets: list[QWidget]
) -> None:
    admin = live_server.create_user(Role.ADMIN, name="Дмитрий Соколов")
    agent = live_server.create_user(Role.AGENT)

    async def scenario() -> None:
        async with (
            ApiClient(live_server.url, admin.token) as api,
            ApiClient(live_server.url, agent.token) as agent_api,
        ):
            library = MacroLibrary(api.list_macros)
            dialog = MacrosDialog(api, library, True, None)
            widgets.append(dialog)
            dialog.open()
            await wait_until(lambda: library.loaded and not dialog.runner.running)

            dialog.start_new()
            dialog.form.title.setText("Возврат средств")
            dialog.form.body.insertPlainText("Здравствуйте, {{customer.first_name}}! Тикет #")
            dialog.form.chip_buttons["ticket.id"].click()
            assert await dialog.save(), dialog.error_text()
            created = dialog.current_id()
            assert created is not None
            on_server = {m.id: m for m in await agent_api.list_macros()}  # staff all read
            assert on_server[created].title == "Возврат средств"
            assert on_server[created].body.endswith("Тикет #{{ticket.id}}")

            dialog.form.title.setText("Возврат средств (5 дней)")
            assert await dialog.save(), dialog.error_text()
            on_server = {m.id: m for m in await api.list_macros()}
            assert on_server[created].title == "Возврат средств (5 дней)"
            assert on_server[created].body.startswith("Здравствуйте")  # untouched

            # The server's own check speaks through the dialog too (a NUL is refused).
            dialog.form.body.setPlainText("bad \x00 text")
            assert not await dialog.save()
            assert dialog.error_text().startswith("The server did not accept the data")

            dialog.discard()
            dialog.ask_delete()
            assert not dialog.confirm.isHidden()
            assert await dialog.delete_current()
            assert created not in {m.id for m in await api.list_macros()}
            assert library.get(created) is None

    qloop.run_until_complete(scenario())


def test_an_agent_is_refused_in_words(
    live_server: LiveServer, qloop: asyncio.AbstractEventLoop, widgets: list[QWidget]
) -> None:
    admin = live_server.create_user(Role.ADMIN)
    agent = live_server.create_user(Role.AGENT)

    async def scenario() -> None:
        async with (
            ApiClient(live_server.url, admin.token) as boss,
            ApiClient(live_server.url, agent.token) as api,
        ):
            macro = await boss.create_macro("Greeting", "Hello {{customer.name}}")
            with pytest.raises(Forbidden):
                await api.create_macro("Mine", "text")

            # The agent's dialog is read-only...
            library = MacroLibrary(api.list_macros)
            readonly = MacrosDialog(api, library, False, None)
            widgets.append(readonly)
            await readonly.reload()
            assert readonly.select_macro(macro.id)
            assert readonly.form.body.isReadOnly() and not await readonly.save()

            # ...and if the role changed under an open admin dialog, the 403 reads well.
            stale = MacrosDialog(api, library, True, None)
            widgets.append(stale)
            assert stale.select_macro(macro.id)
            stale.form.title.setText("Greeting!")
            assert not await stale.save()
            assert stale.error_text() == "Only admins can change canned replies."
            assert (await boss.list_macros())[-1].title == "Greeting"
            await boss.delete_macro(macro.id)

    qloop.run_until_complete(scenario())


def test_the_picker_inserts_a_filled_reply_for_a_real_ticket(
    live_server: LiveServer, qloop: asyncio.AbstractEventLoop, widgets: list[QWidget]
) -> None:
    admin = live_server.create_user(Role.ADMIN)
    agent = live_server.create_user(Role.AGENT, name="Alex Morgan")
    customer = live_server.create_user(Role.CUSTOMER, name="Ирина Петрова")

    async def scenario() -> None:
        async with (
            ApiClient(live_server.url, admin.token) as boss,
            ApiClient(live_server.url, agent.token) as api,
            ApiClient(live_server.url, customer.token) as cust,
        ):
            macro = await boss.create_macro(
                "Welcome aboard",
                "Здравствуйте, {{customer.first_name}}! Я {{agent.name}}, "
                "тикет #{{ticket.id}} у меня.",
            )
            opened = await cust.create_ticket("Бот молчит", "Помогите, пожалуйста")
            ticket = await api.get_ticket(opened.id)
            me = await api.me()

            window = QWidget()
            widgets.append(window)
            composer = Composer(window)
            QVBoxLayout(window).addWidget(composer)
            composer.set_ticket_context(ticket)
            window.resize(800, 400)
            window.show()
            composer.edit.setFocus()
            await wait_until(composer.edit.hasFocus)

            library = MacroLibrary(api.list_macros)
            await library.refresh()
            picker = attach_macro_picker(
                composer,
                library,
                lambda: MacroContext(customer=ticket.customer, agent=me, ticket_id=ticket.id),
            )
            inserted: list[int] = []
            picker.inserted.connect(inserted.append)
            QTest.keyClicks(composer.edit, "/welcome")
            assert picker.is_open() and picker.current_macro() == macro
            QTest.keyClick(composer.edit, Qt.Key.Key_Return)
            expected = f"Здравствуйте, Ирина! Я Alex Morgan, тикет #{ticket.id} у меня."
            assert composer.text() == expected and inserted == [macro.id]

            # What the agent sends is exactly what was inserted.
            sent = await api.send_message(
                ticket.id, composer.text(), idempotency_key=str(uuid.uuid4())
            )
            messages = [m async for m in cust.iter_messages(ticket.id)]
            assert messages[-1].id == sent.id and messages[-1].body == expected
            await boss.delete_macro(macro.id)

    qloop.run_until_complete(scenario())
