"""Human-readable durations, relative times and deadlines.

Every string goes through ``QCoreApplication.translate`` (context ``"Queue"``), with
Qt's ``%n`` plural forms, so the Russian translation can inflect them. The functions
take ``now`` explicitly: callers own the clock, tests pass a fake one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale

MOSCOW = ZoneInfo("Europe/Moscow")

_MINUTE = 60
_HOUR = 3600
_DAY = 86400
_WEEK = 7 * _DAY


# Call sites spell out translate("Context", "literal"): lupdate only sees literal
# arguments of a function named tr or translate, never those of a private helper.
translate = QCoreApplication.translate


def _pair(larger: str, smaller: str) -> str:
    return f"{larger} {smaller}"


def format_duration(seconds: float) -> str:
    """A compact length of time: ``< 1 min``, ``35 min``, ``2 h 5 min``, ``14 h``, ``3 d 4 h``.

    Rounds down, so a countdown never shows more time than is left.
    """
    s = int(abs(seconds))
    if s < _MINUTE:
        return translate("Queue", "< 1 min")
    if s < _HOUR:
        return translate("Queue", "%n min", None, s // _MINUTE)
    if s < _DAY:
        hours, minutes = divmod(s // _MINUTE, 60)
        if minutes == 0 or hours >= 10:  # minutes stop mattering; keep the cell short
            return translate("Queue", "%n h", None, hours)
        return _pair(
            translate("Queue", "%n h", None, hours), translate("Queue", "%n min", None, minutes)
        )
    days, rest = divmod(s, _DAY)
    hours = rest // _HOUR
    if hours == 0:
        return translate("Queue", "%n d", None, days)
    return _pair(translate("Queue", "%n d", None, days), translate("Queue", "%n h", None, hours))


def format_time_left(remaining: timedelta) -> str:
    """The countdown of a response deadline: ``2 h 5 min``, ``overdue 35 min``, ``overdue 3 h``."""
    seconds = remaining.total_seconds()
    if seconds <= 0:
        late = int(-seconds)
        if late >= _DAY:  # past the first hour, minutes no longer matter
            amount = translate("Queue", "%n d", None, late // _DAY)
        elif late >= _HOUR:
            amount = translate("Queue", "%n h", None, late // _HOUR)
        else:
            amount = format_duration(late)
        return translate("Queue", "overdue %1").replace("%1", amount)
    return format_duration(seconds)


def format_relative(then: datetime, now: datetime) -> str:
    """How long ago: ``just now``, ``5 min ago``, ``3 h ago``, ``2 d ago``, then a date."""
    seconds = (now - then).total_seconds()
    if seconds < _MINUTE:  # includes small clock skew into the future
        return translate("Queue", "just now")
    if seconds < _HOUR:
        return translate("Queue", "%n min ago", None, int(seconds // _MINUTE))
    if seconds < _DAY:
        return translate("Queue", "%n h ago", None, int(seconds // _HOUR))
    if seconds < _WEEK:
        return translate("Queue", "%n d ago", None, int(seconds // _DAY))
    return format_date(then, now)


def format_date(when: datetime, now: datetime) -> str:
    """A short local date, with the year only when it is not the current one."""
    local = when.astimezone()
    day = QDate(local.year, local.month, local.day)
    fmt = "d MMM" if local.year == now.astimezone().year else "d MMM yyyy"
    return QLocale().toString(day, fmt)


def format_hhmm(when: datetime) -> str:
    """``14:32``: Russian offices read a 24-hour clock whatever the system locale says."""
    return f"{when:%H:%M}"


def format_long_datetime(when: datetime) -> str:
    """``Tuesday, 24 November 2026, 14:32:05`` in the locale's words (for tooltips)."""
    day = QDate(when.year, when.month, when.day)
    return f"{QLocale().toString(day, 'dddd, d MMMM yyyy')}, {when:%H:%M:%S}"


def _clock_text(when: datetime) -> str:
    day = QDate(when.year, when.month, when.day)
    return f"{QLocale().toString(day, 'ddd d MMM')}, {when:%H:%M}"


def format_due_tooltip(due: datetime) -> str:
    """The wall-clock deadline in Moscow time (the business calendar's zone) and local time."""
    moscow = due.astimezone(MOSCOW)
    local = due.astimezone()
    text = translate("Queue", "Reply due %1 Moscow time").replace("%1", _clock_text(moscow))
    if local.utcoffset() != moscow.utcoffset():
        text += "\n" + translate("Queue", "%1 your time").replace("%1", _clock_text(local))
    return text


def format_due_short(due: datetime, now: datetime) -> str:
    """The deadline's local clock time for the second line of a cell: ``by 14:30``."""
    local = due.astimezone()
    days = (local.date() - now.astimezone().date()).days
    day = QDate(local.year, local.month, local.day)
    if days == 0:
        when = f"{local:%H:%M}"
    elif 0 < days < 6:  # the weekday is unambiguous within the coming week
        when = f"{QLocale().toString(day, 'ddd')} {local:%H:%M}"
    else:
        when = f"{QLocale().toString(day, 'd MMM')} {local:%H:%M}"
    return translate("Queue", "by %1").replace("%1", when)
