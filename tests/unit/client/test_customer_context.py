from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from desk.client.customer_context import (
    CustomerContextTracker,
    CustomerIndex,
    ThreadLinkKind,
    describe_url,
    summarize_tickets,
)
from desk.client.store import Changes, Store
from desk.domain import Attachment, Message, Status, Ticket, User, WaitingOn
from tests.helpers.clock import NOW
from tests.helpers.messages import file_attachment, image_attachment, make_message
from tests.helpers.people import OLGA_IVANOVA as OLGA
from tests.helpers.people import make_customer
from tests.helpers.tickets import make_ticket

PETR = make_customer("Пётр Сидоров", id=101, email="petr@lilia.ru")


def ticket(tid: int, customer: User = OLGA, *, hours: float = 0, **changes: Any) -> Ticket:
    """Olga's open ticket, opened and last active ``hours`` after NOW."""
    at = NOW + timedelta(hours=hours)
    fields: dict[str, Any] = {
        "title": f"Бот не отвечает #{tid}",
        "created_at": at,
        "updated_at": at,
        "last_message_at": at,
        "last_message_preview": "",
        "message_count": 1,
        "due_at": None,
    }
    return make_ticket(tid, customer=customer, **(fields | changes))


def done(tid: int, customer: User = OLGA, *, hours: float = 0) -> Ticket:
    at = NOW + timedelta(hours=hours)
    return ticket(tid, customer, hours=hours, status=Status.DONE, waiting_on=None, closed_at=at)


def image(aid: int) -> Attachment:
    return image_attachment(aid, filename=f"screen-{aid}.png", size=1000)


def pdf(aid: int) -> Attachment:
    return file_attachment(aid, "invoice.pdf", 52_000, content_type="application/pdf")


class CountingStore:
    """A real store that records what the tracker reads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ticket_reads: list[set[int]] = []
        self.loads = 0

    def load_tickets(self) -> list[Ticket]:
        self.loads += 1
        return self.store.load_tickets()

    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        ids = set(ticket_ids)
        self.ticket_reads.append(ids)
        return self.store.tickets_by_id(ids)

    def messages(self, ticket_id: int, limit: int = 400, before_id: int | None = None) -> Any:
        return self.store.messages(ticket_id, limit, before_id)

    def messages_by_id(self, message_ids: Iterable[int]) -> dict[int, Message]:
        return self.store.messages_by_id(message_ids)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cache.sqlite3") as s:
        yield s


@pytest.fixture
def world(store: Store) -> Store:
    """Olga: the open ticket #10 and five others; Petr: one ticket."""
    store.upsert_tickets(
        [
            ticket(10, hours=5),
            ticket(11, hours=1),  # open, team owes, older
            ticket(12, hours=3, waiting_on=WaitingOn.CUSTOMER),
            ticket(13, hours=4),  # open, team owes, newer
            done(14, hours=2),
            done(15, hours=6),
            ticket(20, PETR, hours=7),
        ]
    )
    store.upsert_messages(
        [
            make_message(
                1,
                "Смотрите диалог https://app.aitextura.com/chats/111155 и #11",
                ticket_id=10,
                author=OLGA,
            ),
            make_message(
                2,
                "Docs: https://docs.example.com/api/limits.",
                ticket_id=10,
                author=OLGA,
                attachments=[image(501)],
            ),
            make_message(
                3,
                "Снова https://app.aitextura.com/chats/111155?msg=4",
                ticket_id=10,
                author=OLGA,
                attachments=[pdf(502)],
            ),
            make_message(
                4, "Скрины", ticket_id=10, author=OLGA, attachments=[image(503), image(504)]
            ),
            make_message(5, "https://other.example.com/not-this-thread", ticket_id=20, author=OLGA),
        ]
    )
    return store


# --- links ---------------------------------------------------------------------------------


def test_conversation_links_are_recognised() -> None:
    kind, label, conv, key = describe_url("https://app.aitextura.com/chats/111155")
    assert (kind, label, conv) == (ThreadLinkKind.CONVERSATION, "Conversation 111155", "111155")
    same = describe_url("https://APP.aitextura.com/chats/111155/messages?x=1#m")
    assert same[0] is ThreadLinkKind.CONVERSATION and same[3] == key
    for url in (
        "https://app.aitextura.com/chats/",  # no conversation id
        "https://app.aitextura.com/settings/chats/1",
        "https://docs.aitextura.com/chats/1",
    ):
        assert describe_url(url)[0] is ThreadLinkKind.WEB, url


def test_web_labels_are_host_and_short_path() -> None:
    assert describe_url("https://www.example.com/")[1] == "example.com"
    assert (
        describe_url("https://docs.example.com/api/limits?x=1")[1] == "docs.example.com/api/limits"
    )
    assert describe_url("https://ru.wikipedia.org/wiki/%D0%91%D0%BE%D1%82")[1] == (
        "ru.wikipedia.org/wiki/Бот"
    )
    long = "https://github.com/example-org/helpdesk-client/issues/12345/comments/99"
    label = describe_url(long)[1]
    assert label == "github.com/example-org/…/99"
    assert len(describe_url("https://h.example.com/" + "x" * 80)[1]) == 38
    # A trailing slash is the same page; a different query is not.
    assert describe_url("https://a.ru/x/")[3] == describe_url("https://a.ru/x")[3]
    assert describe_url("https://a.ru/x?p=1")[3] != describe_url("https://a.ru/x?p=2")[3]


# --- ordering ------------------------------------------------------------------------------


def test_other_tickets_order_and_limit() -> None:
    tickets = [
        done(1, hours=1),
        ticket(2, hours=2, waiting_on=WaitingOn.CUSTOMER),
        ticket(3, hours=1),
        done(4, hours=5),
        ticket(5, hours=3),
        ticket(6, hours=9, waiting_on=WaitingOn.CUSTOMER),
    ]
    summary = summarize_tickets(tickets, limit=4)
    assert [t.id for t in summary.shown] == [5, 3, 6, 2]
    assert (summary.more, summary.open_count, summary.total) == (2, 4, 6)
    assert [t.id for t in summarize_tickets(tickets).shown[4:]] == [4, 1]  # done: newest first


# --- the tracker ---------------------------------------------------------------------------


def test_open_builds_the_whole_context(world: Store) -> None:
    tracker = CustomerContextTracker(world)
    ctx = tracker.open(world.ticket(10))
    assert ctx is not None
    assert ctx.customer == OLGA
    assert [t.id for t in ctx.tickets.shown] == [13, 11, 12, 15, 14]  # not #10, not Petr's
    assert (ctx.tickets.more, ctx.tickets.open_count) == (0, 3)
    assert [(link.kind, link.label, link.message_id) for link in ctx.links] == [
        (ThreadLinkKind.CONVERSATION, "Conversation 111155", 3),  # its newest mention
        (ThreadLinkKind.WEB, "docs.example.com/api/limits", 2),
    ]
    assert ctx.links[0].url == "https://app.aitextura.com/chats/111155?msg=4"
    assert [f.attachment.id for f in ctx.attachments] == [503, 504, 502, 501]
    assert [f.attachment.id for f in ctx.images] == [503, 504, 501]
    assert [f.attachment.id for f in ctx.files] == [502]
    assert tracker.open(None) is None and tracker.context is None


def test_index_shares_the_queue_list_and_reads_only_unseen_tickets(world: Store) -> None:
    counting = CountingStore(world)
    tracker = CustomerContextTracker(counting)
    tracker.use_tickets(world.load_tickets())
    ctx = tracker.open(world.ticket(10))
    assert ctx is not None and counting.loads == 0
    counting.ticket_reads.clear()

    # Petr's ticket changes: known owner, nothing read, nothing to show.
    assert tracker.refresh(world.upsert_tickets([ticket(20, PETR, hours=8, seq=99)])) is None
    assert counting.ticket_reads == []

    # A new ticket of Petr's: read once to learn its owner, still nothing to show.
    assert tracker.refresh(world.upsert_tickets([ticket(21, PETR)])) is None
    assert counting.ticket_reads == [{21}]

    # A new ticket of Olga's: it shows, at the top (team owes, newest activity).
    counting.ticket_reads.clear()
    newer = tracker.refresh(world.upsert_tickets([ticket(16, hours=10)]))
    assert newer is not None and newer.tickets.shown[0].id == 16
    assert counting.ticket_reads[0] == {16}
    assert newer.links == ctx.links and newer.attachments == ctx.attachments


def test_lazy_index_and_changes_noted_before_it_exists(world: Store) -> None:
    counting = CountingStore(world)
    tracker = CustomerContextTracker(counting)
    # A change arrives before anything is open or loaded: it is only noted.
    tracker.refresh(world.upsert_tickets([ticket(17, hours=11)]))
    assert counting.loads == 0 and counting.ticket_reads == []
    ctx = tracker.open(world.ticket(10))
    assert counting.loads == 1
    assert ctx is not None and ctx.tickets.shown[0].id == 17


def test_refresh_follows_status_changes(world: Store) -> None:
    tracker = CustomerContextTracker(world)
    tracker.open(world.ticket(10))
    # #12 gets a customer message: the team owes; it moves ahead of #11 by activity.
    changes = world.upsert_tickets([ticket(12, hours=4.5, seq=50)])
    ctx = tracker.refresh(changes)
    assert ctx is not None and [t.id for t in ctx.tickets.shown[:3]] == [12, 13, 11]
    # #13 is closed: it joins the done ones, newest first.
    ctx = tracker.refresh(world.upsert_tickets([done(13, hours=7)]))
    assert ctx is not None
    assert [t.id for t in ctx.tickets.shown] == [12, 11, 13, 15, 14]
    assert ctx.tickets.open_count == 2


def test_refresh_follows_the_customer_details_of_the_open_ticket(world: Store) -> None:
    tracker = CustomerContextTracker(world)
    tracker.open(world.ticket(10))
    renamed = msgspec.structs.replace(OLGA, company="ООО Ромашка-2")
    ctx = tracker.refresh(world.upsert_tickets([ticket(10, renamed, hours=5, seq=60)]))
    assert ctx is not None and ctx.customer.company == "ООО Ромашка-2"


def test_new_messages_update_links_and_attachments(world: Store) -> None:
    tracker = CustomerContextTracker(world)
    before = tracker.open(world.ticket(10))
    assert before is not None
    ctx = tracker.refresh(
        world.upsert_messages(
            [
                make_message(
                    6,
                    "Ещё: https://app.aitextura.com/chats/222333",
                    ticket_id=10,
                    author=OLGA,
                    attachments=[image(505)],
                )
            ]
        )
    )
    assert ctx is not None
    assert [link.label for link in ctx.links] == [
        "Conversation 222333",
        "Conversation 111155",
        "docs.example.com/api/limits",
    ]
    assert [f.attachment.id for f in ctx.attachments][:1] == [505]
    assert ctx.tickets is before.tickets  # untouched sections are the same objects
    # Another thread's message, or a message with nothing in it, changes nothing shown.
    assert (
        tracker.refresh(
            world.upsert_messages(
                [make_message(7, "https://x.example.com", ticket_id=20, author=OLGA)]
            )
        )
        is None
    )
    assert (
        tracker.refresh(
            world.upsert_messages([make_message(8, "Спасибо!", ticket_id=10, author=OLGA)])
        )
        is None
    )


def test_reset_cache_empties_the_context(world: Store) -> None:
    tracker = CustomerContextTracker(world)
    tracker.open(world.ticket(10))
    ctx = tracker.refresh(world.reset_cache())
    assert ctx is not None
    assert ctx.tickets.shown == () and ctx.links == () and ctx.attachments == ()
    assert ctx.customer == OLGA and ctx.ticket.id == 10  # kept from when it opened
    assert tracker.index.ticket_ids(OLGA.id) == frozenset({10})


def test_customer_index_bookkeeping() -> None:
    index = CustomerIndex.from_tickets([ticket(1), ticket(2), ticket(3, PETR)])
    assert len(index) == 3
    assert index.ticket_ids(OLGA.id) == {1, 2}
    assert index.customer_of(3) == PETR.id and index.customer_of(9) is None
    index.note_changes(Changes.of(tickets=[1, 2, 4, 5]))
    assert index.unseen_count == 2  # known ids are not unseen
    index.discard([2, 5])
    assert index.ticket_ids(OLGA.id) == {1} and index.unseen_count == 1
