"""Values of the alerting rules: what an alert is, and the settings that shape them.

Kept apart from the engine (``desk.client.alerts.engine``) so the UI and the settings can import
them cheaply; ``desk.client.alerts.engine`` re-exports everything here.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from desk.client.deadlines import Deadline

__all__ = ["Alert", "AlertKind", "AlertSettings", "Attention", "OnCallMode", "summarise"]


class OnCallMode(enum.StrEnum):
    AUTO = "auto"  # on call outside business hours, by the business calendar
    ON = "on"
    OFF = "off"


class AlertKind(enum.StrEnum):
    NEW_TICKET = "new_ticket"
    CUSTOMER_REPLY = "customer_reply"
    ABOUT_TO_BREACH = "about_to_breach"
    BREACHED = "breached"
    SUMMARY = "summary"  # a burst collapsed into one alert


@dataclass(frozen=True, slots=True)
class Alert:
    """Something to show a person. Text is the UI's job: this carries the facts.

    ``key`` is stable for the event it describes (the same reply seen twice has the
    same key), so the engine — and anyone else — can drop duplicates by it.
    ``repeat`` is 0 for the first showing, n for the n-th on-call repeat.
    ``catch_up`` marks alerts found while catching up after a start or reconnect.
    A SUMMARY has no ticket: ``counts`` says how many of each kind it stands for and
    ``ticket_ids`` which tickets (loud ones first). ``unassigned`` says the ticket had
    no assignee when the alert fired (a notification then offers "Assign to me").
    """

    kind: AlertKind
    key: str
    loud: bool
    ticket_id: int | None
    title: str = ""
    sender: str = ""
    preview: str = ""
    deadline: Deadline | None = None
    repeat: int = 0
    catch_up: bool = False
    counts: tuple[tuple[AlertKind, int], ...] = ()
    ticket_ids: tuple[int, ...] = ()
    unassigned: bool = False

    @property
    def count(self) -> int:
        """How many alerts this one stands for (1 unless it is a summary)."""
        return sum(n for _, n in self.counts) if self.kind is AlertKind.SUMMARY else 1

    def count_of(self, kind: AlertKind) -> int:
        return dict(self.counts).get(kind, 0)


def summarise(alerts: Sequence[Alert], *, catch_up: bool) -> Alert:
    """One alert standing for ``alerts``; loud when any of them is."""
    counts: dict[AlertKind, int] = {}
    for alert in alerts:
        for kind, n in alert.counts if alert.kind is AlertKind.SUMMARY else ((alert.kind, 1),):
            counts[kind] = counts.get(kind, 0) + n
    ordered = sorted(alerts, key=lambda a: not a.loud)  # stable: loud first, order kept
    ids: list[int] = []
    for alert in ordered:
        for tid in alert.ticket_ids or ((alert.ticket_id,) if alert.ticket_id else ()):
            if tid not in ids:
                ids.append(tid)
    # The same set of alerts (or repeats of it) gives the same key.
    digest = hashlib.blake2s(
        "\n".join(sorted(f"{a.key}#{a.repeat}" for a in alerts)).encode(), digest_size=8
    ).hexdigest()
    return Alert(
        kind=AlertKind.SUMMARY,
        key=f"summary:{digest}",
        loud=any(a.loud for a in alerts),
        ticket_id=None,
        catch_up=catch_up,
        counts=tuple((k, counts[k]) for k in AlertKind if k in counts),
        ticket_ids=tuple(ids),
    )


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """How the engine filters and repeats; the UI maps its stored settings onto this."""

    on_call_mode: OnCallMode = OnCallMode.AUTO
    repeat_interval: timedelta = timedelta(minutes=5)
    # During a catch-up, ordinary activity older than this is absorbed silently.
    catch_up_window: timedelta = timedelta(minutes=15)
    # More alerts than this from one update collapse into one summary.
    burst_limit: int = 3

    def __post_init__(self) -> None:
        if self.repeat_interval <= timedelta(0):
            raise ValueError("repeat_interval must be positive")
        if self.catch_up_window < timedelta(0):
            raise ValueError("catch_up_window must not be negative")
        if self.burst_limit < 1:
            raise ValueError("burst_limit must be at least 1")


@dataclass(frozen=True, slots=True)
class Attention:
    """What the tray shows: tickets that owe a reply, and whether any is alarming."""

    needs_reply: int = 0
    urgent: int = 0  # of those, URGENT or critical
    breached: int = 0  # of those, past their deadline
    mine: int = 0  # of those, assigned to me

    @property
    def alarming(self) -> bool:
        return self.urgent > 0 or self.breached > 0
