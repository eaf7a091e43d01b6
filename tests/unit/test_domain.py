from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from desk.domain import (
    Category,
    Priority,
    Ticket,
    default_category,
    default_priority,
    is_urgent_title,
    preview_of,
    queue_sort_key,
    strip_urgent_tag,
)
from tests.helpers.clock import NOW
from tests.helpers.tickets import make_ticket


@pytest.mark.parametrize(
    "title",
    [
        "URGENT: bot down",
        "urgent: bot down",
        "[urgent] bot down",
        "[URGENT]: bot down",
        "Срочно! бот молчит",
        "СРОЧНО - не отвечает",
        "срочно",
        "Urgent-fix please",
        "Bot down URGENT",
        "Бот молчит, СРОЧНО!",
        "  URGENT: leading spaces",
    ],
)
def test_urgent_titles(title: str) -> None:
    assert is_urgent_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "Not urgent: a question",
        "Urgently needed feature",
        "urgentissimo",
        "Срочность не важна",
        "please look, urgent",  # lower case mid-title is not the tag
        "URGENTLY broken",
        "[urgent]bot",
        "",
    ],
)
def test_not_urgent_titles(title: str) -> None:
    assert not is_urgent_title(title)


def test_defaults_follow_urgency() -> None:
    assert default_priority(True) is Priority.HIGH
    assert default_priority(False) is Priority.NORMAL
    assert default_category(True) is Category.CRITICAL
    assert default_category(False) is Category.OTHER


def test_preview_is_one_line_and_140_chars() -> None:
    body = "line one\n\nline   two " + "x" * 300
    preview = preview_of(body)
    assert preview.startswith("line one line two x")
    assert len(preview) == 140


def _ticket(
    tid: int, priority: Priority, urgent: bool, due_h: float | None, age_h: float
) -> Ticket:
    due_at = None if due_h is None else NOW + timedelta(hours=due_h)
    created_at = NOW - timedelta(hours=age_h)
    return make_ticket(tid, priority=priority, urgent=urgent, due_at=due_at, created_at=created_at)


def test_queue_order_priority_then_urgent_then_deadline_then_oldest() -> None:
    tickets = [
        _ticket(1, Priority.NORMAL, False, None, 50),
        _ticket(2, Priority.HIGH, False, 1, 1),
        _ticket(3, Priority.HIGH, True, 5, 1),
        _ticket(4, Priority.CRITICAL, False, 10, 1),
        _ticket(5, Priority.NORMAL, False, 2, 1),
        _ticket(6, Priority.NORMAL, False, 2, 3),
        _ticket(7, Priority.LOW, True, 0.5, 1),
    ]
    ordered = [t.id for t in sorted(tickets, key=queue_sort_key)]
    assert ordered == [4, 3, 2, 6, 5, 1, 7]


def test_ticket_decodes_from_contract_json() -> None:
    raw = b"""{"id": 42, "title": "URGENT: agent stopped responding in Telegram",
      "status": "on_customer", "waiting_on": "team", "urgent": true,
      "priority": "critical", "category": "critical",
      "customer": {"id": 3, "name": "Olga", "email": "o@x.ru", "role": "customer",
                   "company": "Acme"},
      "assignee": null, "created_at": "2026-11-24T09:15:00Z", "updated_at": "2026-11-24T09:15:00Z",
      "closed_at": null, "last_message_at": "2026-11-24T09:15:00Z", "last_message_preview": "hi",
      "message_count": 3, "unread_count": 1, "due_at": "2026-11-24T13:15:00Z",
      "version": 7, "seq": 1093}"""
    ticket = msgspec.json.decode(raw, type=Ticket)
    assert ticket.priority is Priority.CRITICAL
    assert ticket.customer.company == "Acme"
    assert ticket.due_at == datetime(2026, 11, 24, 13, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("URGENT: бот молчит", "бот молчит"),
        ("[срочно] - оплата не проходит", "оплата не проходит"),
        ("urgent!! webhook down", "webhook down"),
        ("URGENT", "URGENT"),  # nothing but the tag: keep it rather than show nothing
        ("URGENTLY broken", "URGENTLY broken"),  # not the tag
        ("Bot down URGENT", "Bot down URGENT"),  # only a leading tag is dropped
    ],
)
def test_strip_urgent_tag(title: str, shown: str) -> None:
    assert strip_urgent_tag(title) == shown
