"""The alerting rules: which ticket changes and deadlines deserve a person's attention.

Qt-free, fed by the UI with what the store reports, on an injected clock. Nothing
here shows anything: the engine returns :class:`Alert` values and the UI words them.

Rules
- NEW_TICKET: a ticket the engine has never seen; for every agent.
- CUSTOMER_REPLY: the customer wrote on a ticket that is mine (assignee), open on my
  screen, or loud and unassigned. A change is a customer message when the message
  count grew, the ticket waits on the team, and any of: it waited on the customer
  before (only a customer message hands a ticket to the team); my unread count grew
  (for staff it counts customer messages only); a customer message newer than the
  previous version arrived through :meth:`AlertEngine.observe_message`. Internal
  notes and staff replies — mine included — therefore never alert.
- ABOUT_TO_BREACH / BREACHED: once per deadline (``due_at``), from
  :meth:`AlertEngine.check_deadlines` on a timer, for tickets that are mine,
  unassigned or open.
- Loud: the ticket is URGENT or its priority or category is critical.
- On call (mode ON, or AUTO outside business hours): only loud alerts and breaches
  get through, and for loud tickets the scope widens to every loud ticket, whoever
  owns it. A loud alert repeats every ``repeat_interval`` until the ticket is
  handled: it no longer waits on the team, is done, its assignee changes, my unread
  count drops to 0, a staff message arrives, a colleague's presence shows them
  viewing or typing in it, I open it, or :meth:`AlertEngine.acknowledge` is called.
  Breaches of ordinary tickets alert once: repeating them all weekend helps nobody.
  Repeats stop when on-call ends (business hours start, or the mode changes).
- Do not disturb silences everything except loud alerts while on call.
  Silenced alerts are dropped, not deferred: no burst when DND ends.
- Duplicates: every alert has a stable key and fires at most once per engine; an
  update whose ``seq`` is not newer than the version already seen alerts nothing, so
  a replay after a reconnect is harmless.
- Catch-up (``initial=True``, the first load after start or reconnect): a ticket the
  engine does not know and whose ``seq`` is not above ``seen_seq`` (the store's sync
  position when the session started) is history and only recorded. Otherwise only
  activity within ``catch_up_window`` alerts — except loud tickets still waiting on
  the team, which alert whatever their age — and only while they still wait on the
  team. Deadlines already past at start alert on the first check (as a summary when
  there are several).
- Bursts: more than ``burst_limit`` alerts from one call collapse into one SUMMARY
  ("7 new tickets while you were offline"), loud if any part is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from desk.client.alerts.types import (
    Alert,
    AlertKind,
    AlertSettings,
    Attention,
    OnCallMode,
    summarise,
)
from desk.client.deadlines import Deadline, DeadlineCalendar, WarningCutoffs, deadline_state
from desk.domain import (
    Category,
    Message,
    Presence,
    PresenceState,
    Priority,
    Ticket,
    User,
    WaitingOn,
    preview_of,
)

__all__ = [
    "Alert",
    "AlertCalendar",
    "AlertEngine",
    "AlertKind",
    "AlertSettings",
    "Attention",
    "OnCallMode",
    "is_loud",
]


class AlertCalendar(DeadlineCalendar, Protocol):
    def is_business_time(self, instant: datetime) -> bool: ...


def is_loud(ticket: Ticket) -> bool:
    """URGENT or critical: a distinct, louder alert with a sound."""
    return (
        ticket.urgent
        or ticket.priority is Priority.CRITICAL
        or ticket.category is Category.CRITICAL
    )


def _assignee_id(ticket: Ticket) -> int | None:
    return ticket.assignee.id if ticket.assignee is not None else None


@dataclass(slots=True)
class _Repeat:
    alert: Alert
    next_at: datetime
    count: int
    # The ticket as it was when the alert fired: a change from here means "handled".
    assignee_id: int | None
    unread: int


class AlertEngine:
    def __init__(
        self,
        me: User,
        calendar: AlertCalendar,
        *,
        clock: Callable[[], datetime],
        settings: AlertSettings | None = None,
        seen_seq: int = 0,
    ) -> None:
        self._me = me
        self._calendar = calendar
        self._clock = clock
        self._settings = settings or AlertSettings()
        self._seen_seq = seen_seq
        self._tickets: dict[int, Ticket] = {}
        self._waiting: set[int] = set()  # waiting on the team
        self._due: set[int] = set()  # with a deadline
        self._alerted: dict[int, set[str]] = {}  # per ticket: keys already fired
        self._customer_msg: dict[int, Message] = {}  # per ticket: the newest one seen
        self._repeats: dict[int, _Repeat] = {}
        self._open: int | None = None
        self._dnd = False

    # --- state set by the person -------------------------------------------------

    @property
    def settings(self) -> AlertSettings:
        return self._settings

    def configure(self, settings: AlertSettings) -> None:
        self._settings = settings
        if not self.on_call_active():
            self._repeats.clear()

    def set_on_call_mode(self, mode: OnCallMode) -> None:
        self.configure(replace(self._settings, on_call_mode=mode))

    @property
    def dnd(self) -> bool:
        return self._dnd

    def set_dnd(self, on: bool) -> None:
        self._dnd = on

    def on_call_active(self, now: datetime | None = None) -> bool:
        mode = self._settings.on_call_mode
        if mode is OnCallMode.AUTO:
            return not self._calendar.is_business_time(now or self._clock())
        return mode is OnCallMode.ON

    def set_open_ticket(self, ticket_id: int | None) -> None:
        if ticket_id is not None and ticket_id != self._open:
            self._repeats.pop(ticket_id, None)
        self._open = ticket_id

    def acknowledge(self, ticket_id: int) -> None:
        """Stop repeating alerts of a ticket (the person clicked the notification)."""
        self._repeats.pop(ticket_id, None)

    # --- what happened -------------------------------------------------------------

    def observe(self, tickets: Iterable[Ticket], *, initial: bool = False) -> list[Alert]:
        now = self._clock()
        on_call = self.on_call_active(now)
        found: list[Alert] = []
        for ticket in tickets:
            prev = self._tickets.get(ticket.id)
            if prev is not None and ticket.seq < prev.seq:
                continue  # an older version replayed
            self._record(ticket)
            if prev is not None:
                self._check_handled(ticket)
                if ticket.seq == prev.seq:
                    continue  # the same change again (or a local unread override)
            if ticket.is_done:
                continue
            alert = self._classify(prev, ticket, initial, now, on_call)
            if alert is not None:
                found.append(alert)
        return self._emit(found, now, on_call, catch_up=initial)

    def observe_message(self, message: Message) -> None:
        if message.author.role.is_staff:
            # Someone of the team (me included) is on it; and a staff message is
            # never a reason to alert, so an own reply or note can never alert.
            self._repeats.pop(message.ticket_id, None)
            return
        if message.internal:
            return
        known = self._customer_msg.get(message.ticket_id)
        if known is None or message.id > known.id:
            self._customer_msg[message.ticket_id] = message

    def observe_presence(self, presence: Presence) -> None:
        if presence.state in (PresenceState.VIEWING, PresenceState.TYPING):
            self._repeats.pop(presence.ticket_id, None)

    # --- timers ------------------------------------------------------------------------

    def check_deadlines(self) -> list[Alert]:
        """Tickets that entered WARNING or were breached since the last check."""
        now = self._clock()
        on_call = self.on_call_active(now)
        cutoffs = WarningCutoffs(now, self._calendar)
        found: list[tuple[datetime, Alert]] = []
        for tid in self._due:
            ticket = self._tickets[tid]
            due = ticket.due_at
            assert due is not None  # _due holds only tickets with a deadline
            if due <= now:
                kind = AlertKind.BREACHED
            elif due < cutoffs[ticket.category]:
                kind = AlertKind.ABOUT_TO_BREACH
            else:
                continue
            key = f"{kind.value}:{tid}:{due.isoformat()}"
            if key in self._alerted.get(tid, ()):
                continue
            if not self._concerns_me(ticket, on_call, unassigned=True):
                continue
            deadline = deadline_state(ticket, now, self._calendar)
            found.append((due, self._alert(kind, ticket, key, deadline=deadline)))
        found.sort(key=lambda pair: (pair[0], pair[1].ticket_id or 0))
        return self._emit([a for _, a in found], now, on_call, catch_up=False)

    def due_repeats(self) -> list[Alert]:
        """On-call repeats that are due now."""
        if not self._repeats:
            return []
        now = self._clock()
        if not self.on_call_active(now):
            self._repeats.clear()
            return []
        out: list[Alert] = []
        for repeat in sorted(self._repeats.values(), key=lambda r: r.next_at):
            if repeat.next_at > now:
                break
            repeat.count += 1
            # From now, not from the missed slot: a late timer must not fire a burst.
            repeat.next_at = now + self._settings.repeat_interval
            out.append(replace(repeat.alert, repeat=repeat.count, catch_up=False))
        return self._collapse(out, catch_up=False)

    def tick(self) -> list[Alert]:
        """Everything a periodic timer should show now."""
        return self.check_deadlines() + self.due_repeats()

    def next_repeat_at(self) -> datetime | None:
        return min((r.next_at for r in self._repeats.values()), default=None)

    def repeating(self) -> frozenset[int]:
        """Tickets whose alerts are repeating."""
        return frozenset(self._repeats)

    def attention(self) -> Attention:
        now = self._clock()
        urgent = breached = mine = 0
        for tid in self._waiting:
            ticket = self._tickets[tid]
            urgent += is_loud(ticket)
            breached += ticket.due_at is not None and ticket.due_at <= now
            mine += _assignee_id(ticket) == self._me.id
        return Attention(len(self._waiting), urgent, breached, mine)

    def tickets(self) -> list[Ticket]:
        """Every ticket the engine knows, as last seen (for counts such as SLA breaches)."""
        return list(self._tickets.values())

    def ticket(self, ticket_id: int) -> Ticket | None:
        return self._tickets.get(ticket_id)

    # --- internals -------------------------------------------------------------------

    def _record(self, ticket: Ticket) -> None:
        tid = ticket.id
        self._tickets[tid] = ticket
        if ticket.is_done:
            # Done is final: nothing can alert again, so forget what was alerted.
            self._alerted.pop(tid, None)
            self._customer_msg.pop(tid, None)
        if ticket.waiting_on is WaitingOn.TEAM and not ticket.is_done:
            self._waiting.add(tid)
        else:
            self._waiting.discard(tid)
        if ticket.due_at is not None and not ticket.is_done:
            self._due.add(tid)
        else:
            self._due.discard(tid)

    def _check_handled(self, ticket: Ticket) -> None:
        repeat = self._repeats.get(ticket.id)
        if repeat is None:
            return
        if (
            ticket.is_done
            or ticket.waiting_on is not WaitingOn.TEAM
            or _assignee_id(ticket) != repeat.assignee_id
            or (ticket.unread_count == 0 and repeat.unread > 0)
        ):
            del self._repeats[ticket.id]

    def _classify(
        self, prev: Ticket | None, ticket: Ticket, initial: bool, now: datetime, on_call: bool
    ) -> Alert | None:
        if prev is None and not initial:
            return self._alert(AlertKind.NEW_TICKET, ticket, f"new:{ticket.id}")
        if initial and ticket.waiting_on is not WaitingOn.TEAM:
            return None  # someone answered meanwhile: old news
        loud = is_loud(ticket)
        window_start = now - self._settings.catch_up_window

        def recent(when: datetime | None) -> bool:
            return not initial or loud or (when is not None and when >= window_start)

        if prev is None:  # unknown, during a catch-up
            if ticket.seq <= self._seen_seq:
                return None  # the baseline: seen in an earlier session
            if ticket.created_at >= window_start or (loud and ticket.message_count <= 1):
                return self._alert(AlertKind.NEW_TICKET, ticket, f"new:{ticket.id}")
            is_reply = ticket.message_count > 1
        else:
            is_reply = self._is_customer_reply(prev, ticket)
        if not is_reply or not recent(ticket.last_message_at):
            return None
        if not self._concerns_me(ticket, on_call, unassigned=False):
            return None
        key = f"reply:{ticket.id}:{ticket.message_count}"
        return self._alert(AlertKind.CUSTOMER_REPLY, ticket, key)

    def _is_customer_reply(self, prev: Ticket, ticket: Ticket) -> bool:
        if ticket.waiting_on is not WaitingOn.TEAM or ticket.message_count <= prev.message_count:
            return False
        if prev.waiting_on is not WaitingOn.TEAM:
            return True
        if ticket.unread_count > prev.unread_count:
            return True
        message = self._customer_msg.get(ticket.id)
        return message is not None and message.seq > prev.seq

    def _concerns_me(self, ticket: Ticket, on_call: bool, *, unassigned: bool) -> bool:
        assignee = _assignee_id(ticket)
        if ticket.id == self._open or assignee == self._me.id:
            return True
        loud = is_loud(ticket)
        if on_call and loud:
            return True
        return assignee is None and (unassigned or loud)

    def _alert(
        self, kind: AlertKind, ticket: Ticket, key: str, *, deadline: Deadline | None = None
    ) -> Alert:
        sender, preview = ticket.customer.name, ticket.last_message_preview
        message = self._customer_msg.get(ticket.id)
        if (
            message is not None
            and message.seq <= ticket.seq
            and message.created_at == ticket.last_message_at
        ):
            # The customer's message is the newest one: quote it from the source.
            sender = message.author.name
            body = message.body or ", ".join(a.filename for a in message.attachments)
            preview = preview_of(body)
        return Alert(
            kind=kind,
            key=key,
            loud=is_loud(ticket),
            ticket_id=ticket.id,
            title=ticket.title,
            sender=sender,
            preview=preview,
            deadline=deadline,
            unassigned=ticket.assignee is None,
        )

    def _allowed(self, alert: Alert, on_call: bool) -> bool:
        if on_call:
            # DND keeps only the loud ones; without it, ordinary breaches too.
            return alert.loud or (alert.kind is AlertKind.BREACHED and not self._dnd)
        return not self._dnd

    def _emit(
        self, found: list[Alert], now: datetime, on_call: bool, *, catch_up: bool
    ) -> list[Alert]:
        shown: list[Alert] = []
        for alert in found:
            assert alert.ticket_id is not None
            keys = self._alerted.setdefault(alert.ticket_id, set())
            if alert.key in keys:
                continue
            keys.add(alert.key)  # even when silenced: dropped, never deferred
            if not self._allowed(alert, on_call):
                continue
            if on_call and alert.loud:
                ticket = self._tickets[alert.ticket_id]
                self._repeats[alert.ticket_id] = _Repeat(
                    alert,
                    now + self._settings.repeat_interval,
                    0,
                    _assignee_id(ticket),
                    ticket.unread_count,
                )
            shown.append(replace(alert, catch_up=True) if catch_up else alert)
        return self._collapse(shown, catch_up=catch_up)

    def _collapse(self, alerts: list[Alert], *, catch_up: bool) -> list[Alert]:
        if len(alerts) > self._settings.burst_limit:
            return [summarise(alerts, catch_up=catch_up)]
        return alerts
