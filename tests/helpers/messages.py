"""Messages, attachments and threads."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from desk.domain import Attachment, Message, Ticket, User

from .clock import NOW
from .ids import next_id
from .people import CUSTOMER, ME


def make_message(
    message_id: int | None = None,
    body: str = "hello",
    *,
    ticket_id: int = 42,
    author: User = CUSTOMER,
    internal: bool = False,
    attachments: Iterable[Attachment] = (),
    created_at: datetime | None = None,
    client_id: str | None = None,
    seq: int | None = None,
) -> Message:
    """A public message on ticket 42 from ``CUSTOMER``.

    Without an id, the next in sequence. It was written ``id`` minutes after ``NOW``
    and its ``seq`` is ``1000 + id``, so both grow with the id.
    """
    mid = next_id("message") if message_id is None else message_id
    return Message(
        id=mid,
        ticket_id=ticket_id,
        author=author,
        body=body,
        internal=internal,
        attachments=list(attachments),
        created_at=NOW + timedelta(minutes=mid) if created_at is None else created_at,
        client_id=client_id,
        seq=1000 + mid if seq is None else seq,
    )


def image_attachment(
    attachment_id: int | None = None,
    width: int | None = 1280,
    height: int | None = 800,
    *,
    filename: str | None = None,
    content_type: str = "image/png",
    size: int = 245_000,
    sha256: str = "0" * 64,
) -> Attachment:
    """A screenshot the server measured (``width``/``height`` None: it could not)."""
    aid = next_id("attachment") if attachment_id is None else attachment_id
    return Attachment(
        id=aid,
        filename=f"screenshot-{aid}.png" if filename is None else filename,
        content_type=content_type,
        size=size,
        sha256=sha256,
        width=width,
        height=height,
    )


def file_attachment(
    attachment_id: int | None = None,
    name: str = "bot-logs-2026-11-24.zip",
    size: int = 1_258_291,
    *,
    content_type: str = "application/zip",
    sha256: str = "1" * 64,
) -> Attachment:
    """A file that is not an image: no dimensions."""
    aid = next_id("attachment") if attachment_id is None else attachment_id
    return Attachment(id=aid, filename=name, content_type=content_type, size=size, sha256=sha256)


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


def thread(
    count: int,
    start_id: int = 1,
    *,
    ticket_id: int = 42,
    customer: User = CUSTOMER,
    staff: User = ME,
    end: datetime = NOW,
) -> list[Message]:
    """``count`` messages of a ticket ending at ``end``, two by two between the
    customer and staff, a few minutes apart; every 17th is an internal note."""
    out = []
    at = end - timedelta(minutes=7 * count)
    for i in range(count):
        at += timedelta(minutes=7 if i % 2 else 2)
        out.append(
            make_message(
                start_id + i,
                BODIES[i % len(BODIES)],
                ticket_id=ticket_id,
                author=customer if (i // 2) % 2 == 0 else staff,
                created_at=at,
                internal=i % 17 == 16,
            )
        )
    return out


def linked_thread(ticket: Ticket, count: int, first_id: int, seed: int = 3) -> list[Message]:
    """``count`` messages from the ticket's customer, each with a link (chats, docs,
    status pages) or a log mention; every 25th carries a screenshot."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = "Здравствуйте! Бот молчит, см. " + rng.choice(
            [
                f"https://app.aitextura.com/chats/{rng.randint(100_000, 999_999)}",
                "https://docs.aitextura.com/channels/telegram",
                "https://status.example.com/incidents/881",
                "лог ниже",
            ]
        )
        shots = (
            [image_attachment(first_id + i, filename=f"s{i}.png", size=9000)] if i % 25 == 0 else []
        )
        out.append(
            make_message(
                first_id + i,
                body,
                ticket_id=ticket.id,
                author=ticket.customer,
                attachments=shots,
                created_at=ticket.created_at + timedelta(minutes=i),
                seq=10_000_000 + first_id + i,
            )
        )
    return out
