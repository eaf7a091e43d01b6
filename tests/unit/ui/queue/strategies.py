"""Hypothesis strategies for the queue: small random queues full of ties and edge cases."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from desk.domain import Priority, Status, Ticket, WaitingOn
from tests.helpers.clock import NOW
from tests.helpers.people import AGENTS, make_customer
from tests.helpers.tickets import make_ticket

# Latin, Cyrillic, a character that folds to two (ß), one above the Latin/Cyrillic
# table, an emoji (outside the BMP), a NUL and spaces: every branch of the signatures.
ALPHABET = "abcXYZ ßЁёинтегАЯ0129\u4e2d\U0001f600\x00-"
TEXT = st.text(ALPHABET, max_size=12)
CUSTOMERS = [
    make_customer(name, id=500 + i, company=company)
    for i, (name, company) in enumerate(
        [("Иван", "Ромашка"), ("Ivan", None), ("STRASSE", "Straße GmbH"), ("Интеграция", "")]
    )
]
_DUE = st.sampled_from([NOW + timedelta(hours=h) for h in (-1, 2)])
_TIMES = st.sampled_from([NOW - timedelta(hours=h) for h in (0, 1, 1, 5, 30)])  # ties


@st.composite
def tickets(draw: st.DrawFn, ticket_id: int | None = None) -> Ticket:
    done = draw(st.booleans())
    due = draw(
        st.one_of(st.none(), st.sampled_from([NOW + timedelta(hours=h) for h in (-1, 2, 2)]))
    )
    return make_ticket(
        ticket_id if ticket_id is not None else draw(st.integers(1, 60)),
        title=draw(TEXT),
        status=Status.DONE if done else Status.ON_CUSTOMER,
        waiting_on=None if done else draw(st.sampled_from(list(WaitingOn))),
        urgent=draw(st.booleans()),
        priority=draw(st.sampled_from(list(Priority))),
        customer=draw(st.sampled_from(CUSTOMERS)),
        assignee=draw(st.sampled_from([None, *AGENTS])),
        created_at=draw(_TIMES),
        last_message_at=draw(st.one_of(st.none(), _TIMES)),
        due_at=None if done else due,
    )


@st.composite
def queues(draw: st.DrawFn, max_size: int = 30) -> list[Ticket]:
    """Tickets with unique ids in a random (not necessarily ascending) order."""
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=max_size))
    return [draw(tickets(i)) for i in ids]
