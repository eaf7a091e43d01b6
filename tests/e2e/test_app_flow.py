"""The desktop app against the real server, the way an agent uses it: sign in, see the
queue in order, open an URGENT ticket and its screenshot, reply with a pasted image,
see the customer's answer arrive live, close the ticket and find the composer locked."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton

from desk.client.api import ApiClient
from desk.client.credentials import CredentialStore
from desk.client.session import Session
from desk.domain import Role
from tests.e2e.conftest import LiveServer
from tests.helpers.app_harness import running_window, wait_until
from tests.helpers.images import line_png
from ui.launch import SessionLauncher
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import LIGHT

pytestmark = pytest.mark.e2e


@pytest.fixture
def settings_store(tmp_path: Path) -> Iterator[SettingsStore]:
    yield SettingsStore(QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat))


def test_agent_works_a_ticket_end_to_end(
    live_server: LiveServer,
    qloop: asyncio.AbstractEventLoop,
    settings_store: SettingsStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the local cache goes here
    agent = live_server.create_user(Role.AGENT, name="Anna Agent", password="s3cret-pass")
    customer = live_server.create_user(Role.CUSTOMER, name="Ольга", company="Цветы")
    runner = TaskRunner()
    credentials = CredentialStore(keyring.backends.fail.Keyring())
    launcher = SessionLauncher(settings_store, credentials, LIGHT, runner)
    errors: list[str] = []
    runner.errorRaised.connect(errors.append)

    async def scenario() -> None:
        async with ApiClient(live_server.url, customer.token) as cust:
            shot = await cust.upload_attachment("bot-silent.png", line_png(), "image/png")
            normal = await cust.create_ticket("How do I export chats?", "Is there a CSV export?")
            urgent = await cust.create_ticket(
                "СРОЧНО: бот молчит в Telegram", "Скриншот ниже", attachment_ids=[shot.id]
            )

            # Sign in through the dialog, as a person would.
            signing_in = asyncio.ensure_future(launcher.run_sign_in(live_server.url, agent.email))
            await wait_until(lambda: launcher.dialog is not None and launcher.dialog.isVisible())
            dialog = launcher.dialog
            assert dialog is not None
            dialog.password_edit.setText("wrong")
            dialog.submit()
            await wait_until(lambda: bool(dialog.error_text()))
            assert "password" in dialog.error_text().lower()
            dialog.password_edit.setText("s3cret-pass")
            dialog.submit()
            session: Session | None = await signing_in
            assert session is not None and session.me.email == agent.email

            async with running_window(session, runner, settings_store) as window:
                model = window.queue_model
                await wait_until(lambda: model.row_of(urgent.id) is not None)
                # URGENT (priority high) sorts above the normal ticket.
                urgent_row, normal_row = model.row_of(urgent.id), model.row_of(normal.id)
                assert urgent_row is not None and normal_row is not None
                assert urgent_row < normal_row

                assert window.queue.select(urgent.id)
                pane = window.pane
                await wait_until(lambda: window.ticket.ticket_id == urgent.id)
                await wait_until(lambda: pane.chat_model.rowCount() > 0)
                await wait_until(lambda: window.thumbnails.pixmap(shot.id) is not None)

                # Reply with a pasted screenshot.
                image = QImage(200, 120, QImage.Format.Format_RGB32)
                image.fill(QColor("#3366cc"))
                pane.composer.add_image(image)
                pane.composer.edit.setPlainText("Перезапустили вебхук, проверьте, пожалуйста.")
                await wait_until(pane.composer.can_send)
                assert pane.composer.send()
                messages = []

                async def staff_reply_arrived() -> bool:
                    messages[:] = [m async for m in cust.iter_messages(urgent.id)]
                    return any(m.author.id == agent.id and m.attachments for m in messages)

                for _ in range(200):
                    if await staff_reply_arrived():
                        break
                    await asyncio.sleep(0.05)
                reply = next(m for m in messages if m.author.id == agent.id)
                assert reply.body.startswith("Перезапустили")
                assert reply.attachments[0].content_type == "image/png"
                assert pane.composer.text() == ""  # cleared only after it was queued

                # The customer answers; it shows up live in the open thread.
                await cust.send_message(
                    urgent.id, "Заработало, спасибо!", idempotency_key=str(uuid.uuid4())
                )
                await wait_until(
                    lambda: any(
                        (m := pane.chat_model.message_at(r)) is not None
                        and m.body == "Заработало, спасибо!"
                        for r in range(pane.chat_model.rowCount())
                    )
                )

                # Close: asks first, then the ticket is Done and the composer locked.
                window.ticket.close_ticket()
                box = pane.header.close_confirmation()
                assert box is not None
                confirm = box.findChild(QPushButton, "confirmCloseButton")
                assert confirm is not None
                confirm.click()
                await wait_until(
                    lambda: (t := session.store.ticket(urgent.id)) is not None and t.is_done
                )
                await wait_until(pane.composer.is_read_only)
                assert not pane.composer.can_send()
                assert (await cust.get_ticket(urgent.id)).is_done

    qloop.run_until_complete(scenario())
    assert errors == []
