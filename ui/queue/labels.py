"""Texts the queue shows: shared by the model (DisplayRole, tooltips) and the delegate."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from desk.domain import Priority, Ticket, WaitingOn
from ui.formatting import format_due_tooltip, format_relative, format_time_left, plural

from .columns import Column
from .deadlines import DeadlineDisplay, owed_since
from .filtering import QueueFilter, StatusFilter, View


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Queue", text, None, n)


def priority_label(priority: Priority) -> str:
    return {
        Priority.CRITICAL: _tr("Critical"),
        Priority.HIGH: _tr("High"),
        Priority.NORMAL: _tr("Normal"),
        Priority.LOW: _tr("Low"),
    }[priority]


def status_label(ticket: Ticket) -> str:
    return _tr("Done") if ticket.is_done else _tr("On Customer")


def owes_label(ticket: Ticket) -> str:
    """Who owes the next reply; empty for done tickets."""
    if ticket.waiting_on is WaitingOn.TEAM:
        return _tr("Needs reply")
    if ticket.waiting_on is WaitingOn.CUSTOMER:
        return _tr("Awaiting customer")
    return ""


_LEADING_TAG = re.compile(
    r"^\s*(?:\[(?:urgent|срочно)\]|(?:urgent|срочно)(?=[:!\-\s]|$))[\s:!\-]*", re.I
)


def display_title(ticket: Ticket) -> str:
    """The title as painted: a leading URGENT tag is dropped because the chip shows it."""
    if not ticket.urgent:
        return ticket.title
    stripped = _LEADING_TAG.sub("", ticket.title, count=1)
    return stripped or ticket.title


def urgent_label() -> str:
    return _tr("URGENT")


def unassigned_label() -> str:
    return _tr("Unassigned")


def messages_label(count: int) -> str:
    return plural("%n message(s)", count)


def unread_label(count: int) -> str:
    return plural("%n unread message(s)", count)


def short_name(name: str) -> str:
    """ "Olga Kuznetsova" -> "Olga K.": agents know each other by first name."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def badge_text(count: int) -> str:
    return str(count) if count < 100 else _tr("99+")


def time_left(remaining: timedelta) -> str:
    return format_time_left(remaining)


def customer_text(ticket: Ticket) -> str:
    customer = ticket.customer
    return f"{customer.name} — {customer.company}" if customer.company else customer.name


def activity_time(ticket: Ticket) -> datetime:
    return owed_since(ticket)


def display(ticket: Ticket, column: Column, now: datetime, deadline: DeadlineDisplay | None) -> str:
    """Plain text of a cell, for accessibility and copying."""
    if column is Column.PRIORITY:
        text = priority_label(ticket.priority)
        return f"{text}, {urgent_label()}" if ticket.urgent else text
    if column is Column.ID:
        return f"#{ticket.id}"
    if column is Column.TICKET:
        owes = owes_label(ticket)
        state = f"{status_label(ticket)}, {owes}" if owes else status_label(ticket)
        return f"{ticket.title} ({state})"
    if column is Column.CUSTOMER:
        return customer_text(ticket)
    if column is Column.DEADLINE:
        return deadline.text if deadline is not None else ""
    if column is Column.ACTIVITY:
        return format_relative(activity_time(ticket), now)
    if column is Column.CREATED:
        return format_relative(ticket.created_at, now)
    return ticket.assignee.name if ticket.assignee is not None else unassigned_label()


def _long_time(when: datetime) -> str:
    moment = QDateTime.fromMSecsSinceEpoch(round(when.timestamp() * 1000))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def tooltip(ticket: Ticket, column: Column, now: datetime) -> str | None:
    if column is Column.DEADLINE:
        if ticket.due_at is None or ticket.is_done:
            return None
        return format_due_tooltip(ticket.due_at)
    if column is Column.TICKET:
        lines = [ticket.title]
        if ticket.last_message_preview:
            lines.append(ticket.last_message_preview)
        if ticket.unread_count:
            lines.append(unread_label(ticket.unread_count))
        return "\n".join(lines)
    if column is Column.PRIORITY:
        return display(ticket, column, now, None)
    if column is Column.CUSTOMER:
        return f"{customer_text(ticket)}\n{ticket.customer.email}"
    if column is Column.ACTIVITY:
        return f"{_long_time(activity_time(ticket))}\n{messages_label(ticket.message_count)}"
    if column is Column.CREATED:
        return _long_time(ticket.created_at)
    if column is Column.ASSIGNEE and ticket.assignee is not None:
        return f"{ticket.assignee.name}\n{ticket.assignee.email}"
    return None


def empty_message(flt: QueueFilter) -> str:
    text = flt.text.strip()
    if text:
        return _tr("No tickets match “%1”").replace("%1", text)
    if flt.status is StatusFilter.DONE:
        return _tr("No done tickets here")
    return {
        View.NEEDS_REPLY: _tr("Nothing needs a reply — nice work"),
        View.MINE: _tr("No open tickets assigned to you"),
        View.UNASSIGNED: _tr("Every open ticket has an owner"),
        View.ALL_OPEN: _tr("No open tickets — inbox zero"),
        View.BREACHING: _tr("No deadlines at risk"),
        View.ALL: _tr("No tickets yet"),
    }[flt.view]


def empty_hint(flt: QueueFilter) -> str:
    if flt.text.strip():
        return _tr("Search looks at titles, customer names and companies; #123 finds ticket 123.")
    return ""
