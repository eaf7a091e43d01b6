"""Texts only the queue shows, shared by its model (DisplayRole, tooltips) and delegate;
words for ticket facts shown elsewhere too live in ``ui.wording``."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from desk.client.deadlines import DeadlineState
from desk.domain import Ticket
from ui.formatting import format_due_tooltip, format_relative
from ui.wording import (
    customer_text,
    display_title,
    owes_text,
    priority_text,
    status_text,
    unassigned_text,
    urgent_text,
)

from .columns import Column
from .deadlines import DeadlineDisplay, owed_since
from .filtering import QueueFilter, StatusFilter, View

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def messages_label(count: int) -> str:
    return translate("Queue", "%n message(s)", None, count)


def unread_label(count: int) -> str:
    return translate("Queue", "%n unread message(s)", None, count)


def badge_text(count: int) -> str:
    return str(count) if count < 100 else translate("Queue", "99+")


def activity_time(ticket: Ticket) -> datetime:
    return owed_since(ticket)


def display(ticket: Ticket, column: Column, now: datetime, deadline: DeadlineDisplay | None) -> str:
    """Plain text of a cell, for accessibility and copying."""
    if column is Column.PRIORITY:
        text = priority_text(ticket.priority)
        return f"{text}, {urgent_text()}" if ticket.urgent else text
    if column is Column.ID:
        return f"#{ticket.id}"
    if column is Column.TICKET:
        owes = owes_text(ticket)
        status = status_text(ticket.status)
        state = f"{status}, {owes}" if owes else status
        return f"{ticket.title} ({state})"
    if column is Column.CUSTOMER:
        return customer_text(ticket)
    if column is Column.DEADLINE:
        return deadline.text if deadline is not None else ""
    if column is Column.ACTIVITY:
        return format_relative(activity_time(ticket), now)
    if column is Column.CREATED:
        return format_relative(ticket.created_at, now)
    return ticket.assignee.name if ticket.assignee is not None else unassigned_text()


def _long_time(when: datetime) -> str:
    moment = QDateTime.fromMSecsSinceEpoch(round(when.timestamp() * 1000))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def row_sentence(ticket: Ticket, deadline: DeadlineDisplay | None) -> str:
    """The whole row as one sentence for screen readers (the ticket cell's accessible
    name): "URGENT: title — customer — status — 2 unread — reply due in 1 h"."""
    title = display_title(ticket)
    if ticket.urgent:
        title = translate("Queue", "URGENT: %1").replace("%1", title)
    owes = owes_text(ticket)
    parts = [title, customer_text(ticket), owes if owes else status_text(ticket.status)]
    if ticket.unread_count:
        parts.append(translate("Queue", "%n unread", None, ticket.unread_count))
    if deadline is not None:
        if deadline.state is DeadlineState.BREACHED:
            parts.append(translate("Queue", "reply deadline: %1").replace("%1", deadline.text))
        else:
            parts.append(translate("Queue", "reply due in %1").replace("%1", deadline.text))
    return " — ".join(parts)


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
        return translate("Queue", "No tickets match “%1”").replace("%1", text)
    if flt.status is StatusFilter.DONE:
        return translate("Queue", "No done tickets here")
    return {
        View.NEEDS_REPLY: translate("Queue", "Nothing needs a reply — nice work"),
        View.MINE: translate("Queue", "No open tickets assigned to you"),
        View.UNASSIGNED: translate("Queue", "Every open ticket has an owner"),
        View.ALL_OPEN: translate("Queue", "No open tickets — inbox zero"),
        View.BREACHING: translate("Queue", "No deadlines at risk"),
        View.ALL: translate("Queue", "No tickets yet"),
    }[flt.view]


def empty_hint(flt: QueueFilter) -> str:
    if flt.text.strip():
        return translate(
            "Queue", "Search looks at titles, customer names and companies; #123 finds ticket 123."
        )
    return ""
