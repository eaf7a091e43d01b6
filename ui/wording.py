"""Words for ticket facts that several parts of the window show (the queue, the ticket
header, the context panel, presence chips, the collision banner): one home, so the same
fact is never worded two ways. Translation context: "Ticket"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desk.domain import Category, Priority, Status, Ticket, WaitingOn, strip_urgent_tag

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def priority_text(priority: Priority) -> str:
    return {
        Priority.CRITICAL: translate("Ticket", "Critical"),
        Priority.HIGH: translate("Ticket", "High"),
        Priority.NORMAL: translate("Ticket", "Normal"),
        Priority.LOW: translate("Ticket", "Low"),
    }[priority]


def category_text(category: Category) -> str:
    return {
        Category.CRITICAL: translate("Ticket", "Critical issue"),
        Category.CONFIGURATION: translate("Ticket", "Configuration"),
        Category.FEATURE_REQUEST: translate("Ticket", "Feature request"),
        Category.OTHER: translate("Ticket", "Other"),
    }[category]


def status_text(status: Status) -> str:
    if status is Status.DONE:
        return translate("Ticket", "Done")
    return translate("Ticket", "On Customer")


def owes_text(ticket: Ticket) -> str:
    """Who owes the next reply; empty once the ticket is done."""
    if ticket.waiting_on is WaitingOn.TEAM:
        return translate("Ticket", "Needs reply")
    if ticket.waiting_on is WaitingOn.CUSTOMER:
        return translate("Ticket", "Awaiting customer")
    return ""


def owes_sentence(ticket: Ticket) -> str:
    """The same fact as :func:`owes_text`, as a sentence for the ticket header."""
    if ticket.waiting_on is WaitingOn.TEAM:
        return translate("Ticket", "The team owes a reply")
    if ticket.waiting_on is WaitingOn.CUSTOMER:
        return translate("Ticket", "Waiting for the customer")
    return ""


def urgent_text() -> str:
    return translate("Ticket", "URGENT")


def unassigned_text() -> str:
    return translate("Ticket", "Unassigned")


def display_title(ticket: Ticket) -> str:
    """The title as painted beside an URGENT chip: the leading tag is dropped because the
    chip shows it."""
    return strip_urgent_tag(ticket.title) if ticket.urgent else ticket.title


def short_name(name: str) -> str:
    """ "Olga Kuznetsova" -> "Olga K.": agents know each other by first name."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def customer_text(ticket: Ticket) -> str:
    customer = ticket.customer
    return f"{customer.name} — {customer.company}" if customer.company else customer.name
