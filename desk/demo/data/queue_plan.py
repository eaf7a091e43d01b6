"""Where each demo ticket stands at ``now``: a healthy but busy team on a working day.

Tickets older than a few days are answered (waiting on the customer) or closed; the
team owes replies on about 30-40 tickets, nearly all from today or yesterday: a few
overdue by hours, several due within the hour, the rest comfortably within target, and
two to four URGENT ones among them. Deadlines are planned on the server's business
calendar (``desk.sla``), so "overdue" and "due soon" hold whatever ``now`` is: on a
Sunday night the alarming ones are the round-the-clock critical tickets, because a
business-day deadline cannot fall due at night.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desk import sla
from desk.demo.data import timing
from desk.domain import Category
from desk.sla import BusinessCalendar

OWED_SHARE = (0.10, 0.13)  # of all tickets, the team owes a reply
# Tickets opened more than this long ago, never answered, would look neglected.
OLD = timedelta(days=3)
# How far the alarming ones may be from their deadline.
LATE = (timedelta(minutes=20), timedelta(hours=5))
MOST_LATE = timedelta(hours=16)
SOON = (timedelta(minutes=5), timedelta(minutes=55))
# Due soon means a message from the last day: at night or at a weekend that is a critical
# ticket on its 4-hour clock, not Friday morning's business-day ticket.
SOON_SINCE = timedelta(hours=24)
# The team owes nothing older than this; comfortable ones keep this much above the
# warning threshold (max(1 h, a quarter of the target), as the client colours it).
OLDEST_OWED = timedelta(hours=60)
MARGIN = timedelta(minutes=20)


class Fate(enum.Enum):
    NEW = "new"  # only the customer has written: the team owes the first reply
    REPLIED = "replied"  # the customer answered the team: the team owes the next reply
    ANSWERED = "answered"  # the team wrote last: waiting on the customer
    CLOSED = "closed"

    @property
    def owed(self) -> bool:
        return self in (Fate.NEW, Fate.REPLIED)


@dataclass(frozen=True)
class Slot:
    fate: Fate
    opened: datetime
    owing_since: datetime | None  # the customer's last message, for owed tickets


def _whole(t: datetime) -> datetime:
    return t.replace(microsecond=0)


def business_before(calendar: BusinessCalendar, end: datetime, amount: timedelta) -> datetime:
    """An instant from which exactly ``amount`` of business time passes until ``end``."""
    ref = end - timedelta(days=40)  # far enough back even across the New Year holidays
    passed = calendar.business_time_between(ref, end)
    return calendar.add_business_time(ref, passed - amount)


def time_left(calendar: BusinessCalendar, category: Category, since: datetime, now: datetime
              ) -> timedelta:  # fmt: skip
    """Left to reply, in the target's unit (business or clock); negative when overdue."""
    due = calendar.due_at(category, since)
    if due <= now:
        return due - now
    return calendar.business_time_between(now, due) if calendar.target(category).business else (
        due - now)  # fmt: skip


def warning_threshold(calendar: BusinessCalendar, category: Category) -> timedelta:
    """When a category's deadline turns amber: the app's own rule."""
    return sla.warning_threshold(calendar.target(category).amount)


class _Planner:
    def __init__(self, rng: random.Random, calendar: BusinessCalendar, now: datetime,
                 categories: Sequence[Category]) -> None:  # fmt: skip
        self.rng, self.calendar, self.now, self.categories = rng, calendar, now, categories

    def overdue(self, i: int) -> datetime | None:
        category, target = self.categories[i], self.calendar.target(self.categories[i])
        due = self.now - timedelta(seconds=self.rng.uniform(*(d.total_seconds() for d in LATE)))
        if target.business:
            since = business_before(self.calendar, due, target.amount)
        else:
            since = due - target.amount
        since = _whole(since)
        late = self.now - self.calendar.due_at(category, since)
        return since if LATE[0] <= late <= MOST_LATE and self.now - since <= OLDEST_OWED else None

    def soon(self, i: int) -> datetime | None:
        category, target = self.categories[i], self.calendar.target(self.categories[i])
        left = timedelta(seconds=self.rng.uniform(*(d.total_seconds() for d in SOON)))
        if target.business:
            since = business_before(self.calendar, self.now, target.amount - left)
        else:
            since = self.now - (target.amount - left)
        since = _whole(since)
        left = time_left(self.calendar, category, since, self.now)
        ok = SOON[0] - timedelta(minutes=1) <= left <= SOON[1] + timedelta(minutes=1)
        return since if ok and self.now - since <= SOON_SINCE else None

    def comfortable(self, i: int) -> datetime:
        category = self.categories[i]
        enough = warning_threshold(self.calendar, category) + MARGIN
        for _ in range(60):
            ago = min(timedelta(hours=self.rng.expovariate(1 / 7)), OLDEST_OWED)
            since = _whole(self.now - ago)
            if not timing.working(since) and self.rng.random() < 0.6:
                continue  # customers write less at night and at weekends
            if time_left(self.calendar, category, since, self.now) >= enough:
                return since
        return _whole(self.now - timedelta(minutes=self.rng.uniform(2, 30)))


def _fill(owed: dict[int, datetime], pool: Sequence[int], count: int,
          make: Callable[[int], datetime | None]) -> None:  # fmt: skip
    goal = len(owed) + count
    for i in pool:
        if len(owed) >= goal:
            return
        if i not in owed and (since := make(i)) is not None:
            owed[i] = since


def _scaled(rng: random.Random, low: int, high: int, scale: float) -> int:
    return max(0, round(rng.randint(low, high) * scale))


def _closing_chance(age: timedelta) -> float:
    if age > OLD:
        return 0.42
    if age > timedelta(days=1):
        return 0.25
    return 0.08 if age > timedelta(hours=2) else 0.0


def plan_queue(rng: random.Random, now: datetime, categories: Sequence[Category],
               urgent: Sequence[bool], calendar: BusinessCalendar) -> list[Slot]:  # fmt: skip
    """One slot per ticket (same order as ``categories``)."""
    n = len(categories)
    owed_n = min(n, round(n * rng.uniform(*OWED_SHARE)))
    scale = owed_n / 35
    pressing, calm = [i for i in range(n) if urgent[i]], [i for i in range(n) if not urgent[i]]
    rng.shuffle(pressing)
    rng.shuffle(calm)
    plan = _Planner(rng, calendar, now, categories)
    owed: dict[int, datetime] = {}
    _fill(owed, calm, min(owed_n, _scaled(rng, 3, 5, scale)), plan.overdue)
    _fill(owed, calm, min(owed_n - len(owed), _scaled(rng, 4, 6, scale)), plan.soon)
    _fill(owed, pressing, min(owed_n - len(owed), _scaled(rng, 2, 4, scale)), plan.comfortable)
    _fill(owed, calm, owed_n - len(owed), plan.comfortable)
    replied = {i for i in owed if rng.random() < (0.2 if urgent[i] else 0.35)}
    times = opening_times(rng, now, n - len(owed) + len(replied))
    opened: dict[int, datetime] = {}
    for i in sorted(replied, key=lambda i: owed[i]):
        since = owed[i]
        fits = [t for t in times if since - timedelta(days=4) <= t <= since - timedelta(hours=3)]
        fits = fits or [t for t in times if t <= since - timedelta(hours=3)]
        if fits:
            opened[i] = rng.choice(fits)
            times.remove(opened[i])
        else:
            replied.discard(i)  # nothing opened early enough: a new ticket after all
    rng.shuffle(times)
    slots = []
    for i in range(n):
        if i in owed:
            fate = Fate.REPLIED if i in replied else Fate.NEW
            slots.append(Slot(fate, opened.get(i, owed[i]), owed[i]))
            continue
        when = times.pop()
        closes = rng.random() < _closing_chance(now - when)
        slots.append(Slot(Fate.CLOSED if closes else Fate.ANSWERED, when, None))
    return slots


def opening_times(rng: random.Random, now: datetime, count: int) -> list[datetime]:
    """When tickets that are not new-and-unanswered were opened: today and the last six
    weeks, mostly in office hours, none in the last 20 minutes (the team answered them)."""
    last_hour = max(1, round(count * 0.01))
    today = max(1, round(count * 0.04))
    local_midnight = now.astimezone(timing.MSK).replace(hour=0, minute=0, second=0)
    start = max(local_midnight.astimezone(UTC), now - timedelta(hours=16))
    if now - timedelta(hours=1) - start < timedelta(minutes=30):
        start = now - timedelta(hours=12)
    span = (now - timedelta(hours=1) - start).total_seconds()
    times = [now - timedelta(minutes=rng.uniform(20, 59)) for _ in range(last_hour)]
    times += [start + timedelta(seconds=rng.uniform(0, span)) for _ in range(today)]
    for _ in range(max(0, count - last_hour - today)):
        recent = rng.random() < 0.5
        days = 1 + min(40, int(rng.expovariate(1 / 7)) if recent else rng.randrange(41))
        times.append(min(timing.ticket_opened(rng, now, days), now - timedelta(hours=1)))
    return sorted(_whole(t) for t in times)[:count]
