"""The columnar search index finds exactly what a plain substring test finds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.domain import Ticket
from tests.unit.ui.queue.strategies import TEXT, queues, tickets
from ui.queue.filtering import Query, haystack
from ui.queue.keys import TicketKeys
from ui.queue.search_index import SearchIndex, needle_signature, signatures


def expected(slots: list[Ticket], needle: str) -> list[bool]:
    """The definition: a casefolded substring of "title, customer name, company"."""
    return [needle in haystack(t) for t in slots]


def typed(text: str) -> list[str]:
    """What the search box holds after each keystroke of ``text``."""
    return [text[: i + 1] for i in range(len(text))]


@settings(max_examples=150, deadline=None)
@given(queue=queues(), text=TEXT, slice_size=st.integers(1, 7))
def test_typing_letter_by_letter_matches_the_plain_search(
    queue: list[Ticket], text: str, slice_size: int
) -> None:
    keys = TicketKeys(queue)
    index = SearchIndex(keys)
    while not index.build_some(slice_size):  # built in slices, as after a load
        pass
    for shown in typed(text) + typed(text)[::-1]:  # narrowing, then widening again
        query = Query.parse(shown)
        hits = index.match(query)
        if query.needle is None:
            continue
        assert hits is not None
        reference = expected(queue, query.needle)
        if query.ticket_id is not None:
            reference = [
                r or t.id == query.ticket_id for r, t in zip(reference, queue, strict=True)
            ]
        assert hits.tolist() == reference


@settings(max_examples=100, deadline=None)
@given(
    queue=queues(max_size=15),
    text=TEXT.filter(lambda t: bool(t.strip())),
    changes=st.lists(st.tuples(st.integers(0, 14), tickets()), max_size=4),
    added=st.lists(tickets(), max_size=4),
    data=st.data(),
)
def test_live_changes_keep_the_last_search_right(
    queue: list[Ticket],
    text: str,
    changes: list[tuple[int, Ticket]],
    added: list[Ticket],
    data: Any,
) -> None:
    keys = TicketKeys(queue)
    index = SearchIndex(keys)
    needle = Query.parse(text).needle
    assert needle is not None
    index.match(Query.parse(text))
    slots = list(queue)
    touched = []
    for at, ticket in changes:
        if at < len(slots):
            keys.set_row(at, ticket)
            slots[at] = ticket
            touched.append(at)
    start = len(keys)
    keys.extend(added)
    slots += added
    index.refresh(touched + list(range(start, len(keys))))
    hits = index.match(Query.parse(text))
    assert hits is not None and hits.tolist() == expected(slots, needle)
    shorter = data.draw(st.sampled_from(typed(needle)))  # and a fresh, wider search
    again = index.match(Query(None, shorter))
    assert again is not None and again.tolist() == expected(slots, shorter)


@given(texts=st.lists(TEXT, max_size=6), needle=TEXT)
def test_a_title_holding_the_needle_always_has_its_signature(texts: list[str], needle: str) -> None:
    required, exact = needle_signature(needle)
    for text, signature in zip(texts, signatures(texts).T, strict=True):
        covered = bool(((signature & required) == required).all())
        if needle in text:
            assert covered  # never a false negative
        if exact:
            assert covered == (needle in text)  # and a letter of its own is the answer
