"""Render a realistic thread in both themes (and save PNGs when DESK_SHOTS_DIR is set)."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QFont, QImage

from ui.chat import ChatView, MessageListModel, PendingEntry, ThumbnailLoader
from ui.theme import DARK, LIGHT, Theme, palette_for

from .factories import (
    ADMIN,
    AGENT,
    BASE_TIME,
    file_attachment,
    image_attachment,
    message,
    png_bytes,
)

MSK = ZoneInfo("Europe/Moscow")


def realistic_thread() -> tuple[list[Any], list[PendingEntry]]:
    y = BASE_TIME - timedelta(days=1)
    t = BASE_TIME
    shot = image_attachment(501, 1280, 800)
    msgs = [
        message(
            1,
            "Здравствуйте! После вчерашнего обновления бот перестал отвечать в Telegram. "
            "Клиенты пишут, а ответа нет уже час.",
            at=y + timedelta(hours=6),
        ),
        message(
            2,
            "Статус на вашей странице зелёный: https://status.example.com/incidents",
            at=y + timedelta(hours=6, minutes=1),
        ),
        message(
            3,
            "Hi Irina, thanks for the report — we are looking into it. Is it the same "
            "problem as in #4211?",
            author=AGENT,
            at=y + timedelta(hours=6, minutes=12),
        ),
        message(
            4,
            "Да, похоже на то. Вот скриншот панели:",
            at=t + timedelta(hours=6, minutes=5),
            attachments=[shot],
        ),
        message(
            5,
            "Customer is on the Business plan; the webhook worker on node eu-3 is "
            "restarting in a loop. Escalated to on-call, ETA 30 min.",
            author=ADMIN,
            internal=True,
            at=t + timedelta(hours=6, minutes=9),
        ),
        message(
            6,
            "Прикладываю логи за сегодня.",
            at=t + timedelta(hours=6, minutes=14),
            attachments=[file_attachment(502)],
        ),
        message(
            7,
            "We found the cause and rolled out a fix. Details: "
            "https://docs.example.com/changelog/2026-11-24#webhooks. Could you check now?",
            author=AGENT,
            at=t + timedelta(hours=6, minutes=31),
        ),
        message(8, "Работает, спасибо!", at=t + timedelta(hours=6, minutes=33)),
    ]
    pending = [
        PendingEntry(
            91,
            42,
            "Glad it works! I'll close this ticket tomorrow if all stays well.",
            False,
            "failed",
            "Network is unreachable",
            t + timedelta(hours=6, minutes=35),
        ),
        PendingEntry(
            92,
            42,
            "Follow-up note: add a health check for eu-3.",
            True,
            "sending",
            None,
            t + timedelta(hours=6, minutes=36),
        ),
    ]
    return msgs, pending


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render_realistic_thread(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, theme: Theme
) -> None:
    async def fetch(_aid: int, _size: int) -> bytes:
        return png_bytes(640, 400)

    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0)
    view = ChatView(theme=theme, loader=loader)
    qtbot.addWidget(view)
    view.setPalette(palette_for(theme))
    font = QFont(view.font())
    font.setPointSizeF(10)
    view.setFont(font)
    view.delegate.set_font(font)
    model = MessageListModel(view, tz=MSK, today=lambda: (BASE_TIME + timedelta(hours=3)).date())
    model.set_current_user(AGENT)
    view.setModel(model)
    view.resize(900, 800)
    view.show()
    msgs, pending = realistic_thread()
    model.set_messages(msgs, has_older=False)
    model.set_pending(pending)
    assert qloop.run_until_complete(loader.load(501)) is not None
    qtbot.waitUntil(lambda: not view._layout_pending)
    image: QImage = view.grab().toImage()
    assert image.width() == 900
    out = os.environ.get("DESK_SHOTS_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        name = "chat-dark.png" if theme.dark else "chat-light.png"
        image.save(str(Path(out) / name))
    loader.close()
