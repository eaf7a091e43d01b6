"""Messages, users and images for chat tests, screenshots and the benchmark."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from desk.domain import Attachment, Message, Role, User

CUSTOMER = User(
    id=10, name="Ирина Петрова", email="irina@example.ru", role=Role.CUSTOMER, company="ООО Ромашка"
)
AGENT = User(id=2, name="Alex Morgan", email="alex@desk.example", role=Role.AGENT)
ADMIN = User(id=3, name="Dmitry Sokolov", email="dmitry@desk.example", role=Role.ADMIN)

BASE_TIME = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
_ids = itertools.count(1000)


def message(
    mid: int | None = None,
    body: str = "hello",
    *,
    author: User = CUSTOMER,
    internal: bool = False,
    at: datetime | None = None,
    attachments: list[Attachment] | None = None,
    client_id: str | None = None,
) -> Message:
    mid = next(_ids) if mid is None else mid
    return Message(
        id=mid,
        ticket_id=42,
        author=author,
        body=body,
        internal=internal,
        attachments=attachments or [],
        created_at=at or BASE_TIME + timedelta(minutes=mid),
        client_id=client_id,
        seq=mid,
    )


def image_attachment(aid: int, width: int | None = 1280, height: int | None = 800) -> Attachment:
    return Attachment(
        id=aid,
        filename=f"screenshot-{aid}.png",
        content_type="image/png",
        size=245_000,
        sha256="0" * 64,
        width=width,
        height=height,
    )


def file_attachment(
    aid: int, name: str = "bot-logs-2026-11-24.zip", size: int = 1_258_291
) -> Attachment:
    return Attachment(
        id=aid, filename=name, content_type="application/zip", size=size, sha256="1" * 64
    )


def png_bytes(width: int = 640, height: int = 400, *, screenshot: bool = True) -> bytes:
    """A real PNG: a small fake app screenshot (title bar, sidebar, chat lines)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#f5f7fb"))
    if screenshot:
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        grad = QLinearGradient(QPointF(0, 0), QPointF(width, 0))
        grad.setColorAt(0, QColor("#2f6fec"))
        grad.setColorAt(1, QColor("#6a5cff"))
        p.fillRect(QRectF(0, 0, width, height * 0.1), grad)
        p.fillRect(QRectF(0, height * 0.1, width * 0.28, height), QColor("#e3e8f2"))
        for i in range(6):
            y = height * (0.16 + i * 0.12)
            p.fillRect(QRectF(width * 0.03, y, width * 0.2, height * 0.05), QColor("#c9d2e3"))
        for i in range(4):
            y = height * (0.18 + i * 0.17)
            left = i % 2 == 0
            x = width * (0.32 if left else 0.55)
            p.setBrush(QColor("#ffffff" if left else "#d4e4ff"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(QRectF(x, y, width * 0.4, height * 0.11), 8, 8)
        p.setPen(QColor("#d92d20"))
        font = QFont()
        font.setPixelSize(max(10, height // 14))
        font.setBold(True)
        p.setFont(font)
        p.drawText(
            QRectF(width * 0.32, height * 0.86, width * 0.6, height * 0.1), "Error 502: bot offline"
        )
        p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; PySide wants str
    return bytes(data.data())


BODIES = [
    "Здравствуйте! Бот перестал отвечать в Telegram после вчерашнего обновления.",
    "Hi, the webhook returns 502 since this morning, see https://status.example.com/incidents/881",
    "Проверили логи, ошибка воспроизводится на тикете #4211, пришлите, пожалуйста, токен бота.",
    "Thanks! We restarted the worker; could you try again and tell us if it works now?",
    "Да, теперь работает 👍 Спасибо!",
    "Короткое сообщение.",
    "A longer message that goes on for a while to make the bubble wrap onto several lines "
    "and exercise the text layout with a realistic amount of text, as customers often write "
    "when they explain what happened, what they expected and what they tried before writing.",
]


def thread(count: int, start_id: int = 1) -> list[Message]:
    """``count`` messages alternating between customer and staff, a few minutes apart."""
    out = []
    at = BASE_TIME - timedelta(minutes=7 * count)
    for i in range(count):
        mid = start_id + i
        author = CUSTOMER if (i // 2) % 2 == 0 else AGENT
        at += timedelta(minutes=7 if i % 2 else 2)
        out.append(
            message(mid, BODIES[i % len(BODIES)], author=author, at=at, internal=i % 17 == 16)
        )
    return out
