"""Tickets: ``make_ticket`` with sensible defaults, and believable or bulk queues."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import msgspec

from desk.domain import (
    Category,
    Priority,
    Status,
    Ticket,
    User,
    WaitingOn,
    default_category,
    default_priority,
    is_urgent_title,
)

from .clock import NOW
from .ids import next_id
from .people import AGENTS, CUSTOMER, make_agent, make_customer


def make_ticket(ticket_id: int | None = None, /, **overrides: Any) -> Ticket:
    """One open ticket waiting on the team, due in 3 hours; override any field.

    Without an id, the next in sequence; ``seq`` is the id. ``urgent`` follows the
    title's URGENT tag and priority and category follow ``urgent``, as on the server.
    A ticket made ``DONE`` is closed when it was last updated.
    """
    tid = next_id("ticket") if ticket_id is None else ticket_id
    title = overrides.pop("title", f"Question {tid}")
    urgent = overrides.pop("urgent", is_urgent_title(title))
    fields: dict[str, Any] = {
        "id": tid,
        "title": title,
        "status": Status.ON_CUSTOMER,
        "waiting_on": WaitingOn.TEAM,
        "urgent": urgent,
        "priority": default_priority(urgent),
        "category": default_category(urgent),
        "customer": CUSTOMER,
        "assignee": None,
        "created_at": NOW - timedelta(hours=5, minutes=tid % 50),
        "updated_at": NOW - timedelta(hours=1),
        "closed_at": None,
        "last_message_at": NOW - timedelta(hours=1),
        "last_message_preview": "Hello, the bot stopped answering after the update.",
        "message_count": 3,
        "unread_count": 0,
        "due_at": NOW + timedelta(hours=3),
        "version": 1,
        "seq": tid,
    }
    fields.update(overrides)
    if fields["status"] is Status.DONE and fields["closed_at"] is None:
        fields["closed_at"] = fields["updated_at"]
    return Ticket(**fields)


def done_ticket(ticket_id: int | None = None, /, **overrides: Any) -> Ticket:
    """A closed ticket: waiting on nobody, no deadline, nothing unread."""
    fields: dict[str, Any] = {
        "status": Status.DONE,
        "waiting_on": None,
        "due_at": None,
        "unread_count": 0,
    }
    return make_ticket(ticket_id, **(fields | overrides))


_TITLES = [
    "URGENT: agent stopped responding in Telegram",
    "СРОЧНО! Бот не отвечает клиентам в WhatsApp",
    "[urgent] payments webhook returns 500",
    "Не приходят уведомления о новых заявках",
    "How do I connect a second Telegram bot to the same workspace?",
    "Feature request: export conversations to CSV with attachments and internal notes included",
    "Интеграция с amoCRM перестала создавать сделки после обновления тарифа",
    "Bot answers twice to the same message",
    "Change the company name on invoices",
    "Ошибка авторизации в личном кабинете",
    "Webhook signature mismatch after rotating the secret",
    "Can we get a copy of the March invoice?",
    "Бот молчит в группе, СРОЧНО",
    "Scenario editor freezes when a block has more than 40 buttons",
    "Как добавить оператора в очередь?",
    "Please raise the rate limit for our API key",
    "Не работает кнопка «Оплатить» в мини-приложении",
    "Greeting message shows the wrong time zone",
]
_PREVIEWS = [
    "Since this morning none of our customers get answers, please check asap",
    "Здравствуйте! После обновления бот перестал отвечать, логи прикладываю",
    "Thanks, that fixed it. One more question about the export format…",
    "Добрый день, подскажите, пожалуйста, где это настраивается?",
    "We rotated the secret yesterday and since then every call fails",
    "",
]
_CUSTOMERS = [
    ("Ivan Petrov", "ООО Ромашка"),
    ("Maria Lopez", "Lopez & Hijos Logistics"),
    ("Екатерина Соколова", "Сбыт-Сервис"),
    ("John Carter", None),
    ("Александр Константинопольский", "Межрегиональная торгово-промышленная компания"),
    ("Li Wei", "Panda Express Delivery"),
    ("Ольга Иванова", None),
    ("Tom Becker", "Becker GmbH"),
]
# The customers of realistic queues (ids 100-107).
_REALISTIC_CUSTOMERS = [
    make_customer(name, id=100 + i, email=f"c{i}@example.com", company=company)
    for i, (name, company) in enumerate(_CUSTOMERS)
]


def realistic_tickets(count: int, now: datetime = NOW, seed: int = 7) -> list[Ticket]:
    """A believable queue: mixed languages, URGENT tags, deadlines in every state."""
    rng = random.Random(seed)
    customers = _REALISTIC_CUSTOMERS
    calm = [t for t in _TITLES if not is_urgent_title(t)]
    tickets = []
    for i in range(count):
        ticket_id = 1000 + i * 7 + rng.randint(0, 6)
        title = rng.choice(_TITLES if rng.random() < 0.35 else calm)  # ~1 in 8 is URGENT
        urgent = is_urgent_title(title)
        created = now - timedelta(minutes=rng.randint(20, 60 * 24 * 20))
        roll = rng.random()
        status, due = Status.ON_CUSTOMER, None
        waiting: WaitingOn | None = WaitingOn.TEAM
        last = created + (now - created) * rng.random()
        if roll < 0.12:
            status, waiting = Status.DONE, None
        elif roll < 0.35:
            waiting = WaitingOn.CUSTOMER
        else:
            # deadlines from 2 h overdue to 2 days ahead
            due = now + timedelta(minutes=rng.randint(-120, 60 * 48))
            last = min(last, due - timedelta(hours=4))
        priority = rng.choice(
            [Priority.CRITICAL, Priority.HIGH]
            if urgent
            else [Priority.NORMAL] * 4 + [Priority.LOW, Priority.HIGH]
        )
        tickets.append(
            make_ticket(
                ticket_id,
                title=title,
                status=status,
                waiting_on=waiting,
                urgent=urgent,
                priority=priority,
                category=Category.CRITICAL if urgent else Category.OTHER,
                customer=customers[rng.randrange(len(customers))],
                assignee=rng.choice([None, None, *AGENTS]),
                created_at=created,
                updated_at=last,
                closed_at=last if status is Status.DONE else None,
                last_message_at=last,
                last_message_preview=rng.choice(_PREVIEWS),
                message_count=rng.randint(1, 40),
                unread_count=0
                if status is Status.DONE
                else rng.choice([0, 0, 0, 1, 2, 5, 12, 140]),
                due_at=due,
            )
        )
    return tickets


def _crowd(customers: int) -> tuple[list[User], list[User]]:
    """``customers`` numbered customers (ids from 1000) and 30 staff (``AGENTS`` first)."""
    people = [
        make_customer(
            f"Клиент {i}" if i % 2 else f"Customer {i}",
            id=1000 + i,
            email=f"customer{i}@example{i % 50}.com",
            company=f"Company {i % 300}",
        )
        for i in range(customers)
    ]
    staff = [*AGENTS, *(make_agent(f"Agent {i}", id=910 + i) for i in range(30 - len(AGENTS)))]
    return people, staff


def synthetic_tickets(
    count: int, now: datetime = NOW, seed: int = 1, customers: int = 2000
) -> list[Ticket]:
    """Many tickets fast, for benchmarks: ids and seqs 1..count, ~80% done like a real
    archive, spread over 400 days, among ``customers`` customers and 30 staff."""
    rng = random.Random(seed)
    base = realistic_tickets(64, now, seed)
    people, staff = _crowd(customers)
    out = []
    for i in range(count):
        t = base[i % 64]
        roll = rng.random()
        open_ = roll >= 0.8
        created = now - timedelta(seconds=rng.randint(600, 3600 * 24 * 400))
        out.append(
            msgspec.structs.replace(
                t,
                id=i + 1,
                seq=i + 1,
                title=f"{t.title} {i}",
                status=Status.ON_CUSTOMER if open_ else Status.DONE,
                waiting_on=(WaitingOn.TEAM if roll > 0.9 else WaitingOn.CUSTOMER)
                if open_
                else None,
                due_at=now + timedelta(seconds=rng.randint(-7200, 3600 * 48))
                if roll > 0.9
                else None,
                customer=people[rng.randrange(customers)],
                assignee=staff[rng.randrange(len(staff))] if rng.random() < 0.8 else None,
                created_at=created,
                updated_at=created,
                closed_at=None if open_ else created,
                last_message_at=created,
                unread_count=0 if not open_ else t.unread_count,
            )
        )
    return out
