"""Render a realistic thread in both themes (and save PNGs when DESK_SHOTS_DIR is set)."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QFont, QImage

from tests.helpers.images import screenshot_png
from tests.helpers.messages import file_attachment, image_attachment, make_message
from tests.helpers.people import ALEX_MORGAN, DMITRY_SOKOLOV, IRINA_PETROVA
from ui.chat import ChatView, MessageListModel, PendingEntry, ThumbnailLoader
from ui.theme import DARK, LIGHT, Theme, palette_for

MSK = ZoneInfo("Europe/Moscow")
DAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the day of the changelog entry below


def realistic_thread() -> tuple[list[Any], list[PendingEntry]]:
    y = DAY - timedelta(days=1)
    t = DAY
    shot = image_attachment(501, 1280, 800)
    msgs = [
        make_message(
            1,
            "Здравствуйте! После вчерашнего обновления бот перестал отвечать в Telegram. "
            "Клиенты пишут, а ответа нет уже час.",
            author=IRINA_PETROVA,
            created_at=y + timedelta(hours=6),
        ),
        make_message(
            2,
            "Статус на вашей странице зелёный: https://status.example.com/incidents",
            author=IRINA_PETROVA,
            created_at=y + timedelta(hours=6, minutes=1),
        ),
        make_message(
            3,
            "Hi Irina, thanks for the report — we are looking into it. Is it the same "
            "problem as in #4211?",
            author=ALEX_MORGAN,
            created_at=y + timedelta(hours=6, minutes=12),
        ),
        make_message(
            4,
            "Да, похоже на то. Вот скриншот панели:",
            author=IRINA_PETROVA,
            created_at=t + timedelta(hours=6, minutes=5),
            attachments=[shot],
        ),
        make_message(
            5,
            "Customer is on the Business plan; the webhook worker on node eu-3 is "
            "restarting in a loop. Escalated to on-call, ETA 30 min.",
            author=DMITRY_SOKOLOV,
            internal=True,
            created_at=t + timedelta(hours=6, minutes=9),
        ),
        make_message(
            6,
            "Прикладываю логи за сегодня.",
            author=IRINA_PETROVA,
            created_at=t + timedelta(hours=6, minutes=14),
            attachments=[file_attachment(502)],
        ),
        make_message(
            7,
            "We found the cause and rolled out a fix. Details: "
            "https://docs.example.com/changelog/2026-11-24#webhooks. Could you check now?",
            author=ALEX_MORGAN,
            created_at=t + timedelta(hours=6, minutes=31),
        ),
        make_message(
            8,
            "Работает, спасибо!",
            author=IRINA_PETROVA,
            created_at=t + timedelta(hours=6, minutes=33),
        ),
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
        return screenshot_png(640, 400)

    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0)
    view = ChatView(theme=theme, loader=loader)
    qtbot.addWidget(view)
    view.setPalette(palette_for(theme))
    font = QFont(view.font())
    font.setPointSizeF(10)
    view.setFont(font)
    view.delegate.set_font(font)
    model = MessageListModel(view, tz=MSK, today=lambda: (DAY + timedelta(hours=3)).date())
    model.set_current_user(ALEX_MORGAN)
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
