"""Which tickets the queue shows: views (tabs), the status filter and the search box.

Pure numpy over ``TicketKeys``; no Qt, so it is cheap to test exhaustively.

Semantics
- Views are predicates. All but ``ALL`` are open work: ``ALL_OPEN`` (not done),
  ``NEEDS_REPLY`` (waiting on the team), ``MINE`` (assigned to the current agent),
  ``UNASSIGNED``, ``BREACHING`` (deadline in the amber window or overdue).
- The status filter ``ALL`` keeps the view's own meaning; ``ON_CUSTOMER`` / ``DONE``
  replace its "open" part, so "Mine" + "Done" lists the agent's closed tickets.
- View counts (the tab labels) are the open-work sizes of each view; they ignore the
  status filter and the search, so they stay put while the agent types.
- Search: ``#123`` matches ticket 123 only; bare digits ``123`` match ticket 123 *or*
  text; anything else is a case-insensitive (casefold, so Cyrillic and ß work)
  substring of the title, the customer's name or the customer's company.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import contains

import numpy as np

from desk.domain import Ticket
from ui.queue.filtering import QueueFilter, StatusFilter, View

from .keys import NO_ASSIGNEE, TicketKeys

__all__ = ["QueueFilter", "StatusFilter", "View"]


def _predicate(
    keys: TicketKeys,
    view: View,
    me: int | None,
    now_ts: float,
    cutoffs: np.ndarray | None = None,
) -> np.ndarray | None:
    """The view's own condition, without the open/done part; None means "everything".

    ``cutoffs``: per category code, the POSIX time before which a deadline is in
    WARNING now (business time aware); without it, wall-clock spans decide."""
    if view is View.NEEDS_REPLY:
        return keys.waiting_team & ~keys.done
    if view is View.MINE:
        return np.equal(keys.assignee, -2 if me is None else me)  # -2: never an id
    if view is View.UNASSIGNED:
        return np.equal(keys.assignee, NO_ASSIGNEE)
    if view is View.BREACHING:
        if cutoffs is None:
            return (keys.warn_at <= now_ts) & ~keys.done
        open_ = ~keys.done
        result = np.zeros(len(keys), np.bool_)
        slots = np.flatnonzero(open_)
        due = keys.due_of(slots)
        result[slots] = due < cutoffs[keys.category[slots]]
        return result
    return None


def view_mask(
    keys: TicketKeys,
    view: View,
    status: StatusFilter,
    me: int | None,
    now_ts: float,
    cutoffs: np.ndarray | None = None,
) -> np.ndarray:
    """Live tickets in ``view`` under ``status`` (before search)."""
    mask = keys.alive.copy()
    predicate = _predicate(keys, view, me, now_ts, cutoffs)
    if predicate is not None:
        mask &= predicate
    if status is StatusFilter.DONE:
        mask &= keys.done
    elif status is StatusFilter.ON_CUSTOMER or view is not View.ALL:
        mask &= ~keys.done
    return mask


def counts(
    keys: TicketKeys, me: int | None, now_ts: float, cutoffs: np.ndarray | None = None
) -> dict[View, int]:
    open_ = keys.alive & ~keys.done
    result = {View.ALL_OPEN: int(np.count_nonzero(open_)), View.ALL: int(keys.alive.sum())}
    for view in (View.NEEDS_REPLY, View.MINE, View.UNASSIGNED, View.BREACHING):
        predicate = _predicate(keys, view, me, now_ts, cutoffs)
        assert predicate is not None
        result[view] = int(np.count_nonzero(open_ & predicate))
    return result


_ID_ONLY = re.compile(r"#\s*(\d{1,18})")
_DIGITS = re.compile(r"\d{1,18}")


@dataclass(frozen=True)
class Query:
    ticket_id: int | None  # match this id
    needle: str | None  # casefolded substring of title / customer / company

    @classmethod
    def parse(cls, text: str) -> Query:
        text = " ".join(text.split())  # also drops control characters like "\n"
        if not text:
            return cls(None, None)
        if m := _ID_ONLY.fullmatch(text):
            return cls(int(m.group(1)), None)
        if _DIGITS.fullmatch(text):
            return cls(int(text), text)
        return cls(None, text.casefold())

    @property
    def empty(self) -> bool:
        return self.ticket_id is None and self.needle is None


def haystack(ticket: Ticket) -> str:
    customer = ticket.customer
    return f"{ticket.title}\n{customer.name}\n{customer.company or ''}".casefold()


class SearchIndex:
    """Casefolded search text per slot, and the last text search for narrowing.

    Casefolding Cyrillic costs ~0.5 µs a ticket, so the text is built in slices from
    idle time after a load (``build_some``) and finished on demand by the first search.
    """

    def __init__(self, keys: TicketKeys) -> None:
        self._keys = keys
        self._hay: list[str] = []
        self._needle: str | None = None
        self._hits = np.zeros(0, np.bool_)  # text matches of _needle, per slot

    @property
    def complete(self) -> bool:
        return len(self._hay) == len(self._keys)

    def build_some(self, count: int) -> bool:
        """Build up to ``count`` more slots; True when everything is built."""
        start = len(self._hay)
        self._hay.extend(map(haystack, self._keys.tickets[start : start + count]))
        return self.complete

    def _ensure(self) -> None:
        self.build_some(len(self._keys))

    def match(self, query: Query) -> np.ndarray | None:
        """Slots matching ``query`` as a bool mask; None when the query is empty."""
        if query.empty:
            return None
        mask = np.zeros(len(self._keys), np.bool_)
        if query.needle is not None:
            mask |= self._text_hits(query.needle)
        if query.ticket_id is not None:
            mask |= self._keys.ids == query.ticket_id
        return mask

    def _text_hits(self, needle: str) -> np.ndarray:
        self._ensure()
        previous = self._needle
        n = len(self._hay)
        if previous == needle and len(self._hits) == n:
            return self._hits
        narrow = previous is not None and previous in needle and len(self._hits) == n
        if narrow and np.count_nonzero(self._hits) < n // 2:  # else a full C-level scan is faster
            # Anything matching the longer text matched the shorter one: scan only those.
            candidates = np.flatnonzero(self._hits)
            texts = map(self._hay.__getitem__, candidates.tolist())
            found = np.fromiter(map(contains, texts, repeat(needle)), np.bool_, len(candidates))
            hits = np.zeros(n, np.bool_)
            hits[candidates[found]] = True
        else:
            hits = np.fromiter(map(contains, self._hay, repeat(needle, n)), np.bool_, n)
        self._needle, self._hits = needle, hits
        return hits

    def refresh(self, slots: Sequence[int]) -> None:
        """Tickets in ``slots`` changed or were appended: rebuild their text and hits."""
        tickets = self._keys.tickets
        built = len(self._hay)
        for slot in slots:
            if slot < built:
                self._hay[slot] = haystack(tickets[slot])
        if self._needle is None or len(self._hits) != built:
            self._needle = None  # nothing cached to keep consistent
            return
        if len(self._keys) > built:
            self._ensure()
            self._hits = np.concatenate([self._hits, np.zeros(len(self._keys) - built, np.bool_)])
        for slot in slots:
            self._hits[slot] = self._needle in self._hay[slot]
