"""When things happen in the demo: working-hours-ish, with the odd night or weekend."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

# Moscow has kept UTC+3 all year since 2014; a fixed offset keeps this pure and fast.
MSK = timezone(timedelta(hours=3))
DAY_START, DAY_END = 9, 19


def working(t: datetime) -> bool:
    local = t.astimezone(MSK)
    return local.weekday() < 5 and DAY_START <= local.hour < DAY_END


def _next_working_start(t: datetime) -> datetime:
    local = t.astimezone(MSK)
    day = local.replace(hour=DAY_START, minute=0, second=0, microsecond=0)
    if local.hour >= DAY_START:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.astimezone(UTC)


def ticket_opened(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    """A moment ``days_ago`` local days back, mostly in office hours on weekdays."""
    local_now = now.astimezone(MSK)
    for _ in range(8):
        day = local_now - timedelta(days=days_ago)
        if day.weekday() < 5 or rng.random() < 0.3:
            break
        days_ago += 1  # a weekend: usually moves to the day before
    if rng.random() < 0.85:
        minute = rng.randint(DAY_START * 60, DAY_END * 60 + 30)
    else:
        minute = rng.randint(0, 24 * 60 - 1)
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    opened = midnight + timedelta(minutes=minute, seconds=rng.randint(0, 59))
    return opened.astimezone(UTC)


def staff_reply(rng: random.Random, after: datetime) -> datetime:
    t = after + timedelta(minutes=rng.uniform(3, 75))
    if working(t) or rng.random() < 0.2:  # the on-call agent answers at night too
        return t
    return _next_working_start(t) + timedelta(minutes=rng.uniform(5, 90))


def customer_reply(rng: random.Random, after: datetime) -> datetime:
    minutes = min(max(rng.expovariate(1 / 150), 2), 3 * 24 * 60)
    t = after + timedelta(minutes=minutes)
    local = t.astimezone(MSK)
    if 1 <= local.hour < 7 and rng.random() < 0.7:  # most people sleep
        t += timedelta(hours=8 - local.hour, minutes=rng.uniform(0, 120))
    return t


def internal_note(rng: random.Random, after: datetime) -> datetime:
    return after + timedelta(minutes=rng.uniform(2, 40))


def clock(t: datetime, lang: str) -> str:
    """HH:MM as the customer would say it (Moscow for Russian speakers, UTC otherwise)."""
    return f"{t.astimezone(MSK if lang == 'ru' else UTC):%H:%M}"
