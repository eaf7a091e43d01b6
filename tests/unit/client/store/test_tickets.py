import threading
from pathlib import Path

from desk.client.store import Changes, Store
from desk.domain import Status
from tests.helpers.messages import make_message
from tests.helpers.tickets import make_ticket
from tests.unit.client.store.conftest import Recorder


def test_upsert_load_and_get(store: Store, recorder: Recorder) -> None:
    tickets = [make_ticket(i, seq=10 + i) for i in range(1, 6)]
    changes = store.upsert_tickets(tickets)
    assert changes == Changes.of(tickets=[1, 2, 3, 4, 5])
    assert recorder.seen == [changes]
    assert store.load_tickets() == list(reversed(tickets))  # newest id first
    assert store.ticket(3) == tickets[2]
    assert store.ticket(99) is None
    assert store.ticket_count() == 5


def test_empty_store_loads_nothing(store: Store) -> None:
    assert store.load_tickets() == []
    assert store.upsert_tickets([]).is_empty


def test_older_versions_never_replace_newer(store: Store, recorder: Recorder) -> None:
    store.upsert_tickets([make_ticket(1, seq=20, title="new")])
    recorder.seen.clear()
    changes = store.upsert_tickets([make_ticket(1, seq=19, title="old")])
    assert changes.is_empty and recorder.seen == []
    ticket = store.ticket(1)
    assert ticket is not None and ticket.title == "new"


def test_out_of_order_batch_keeps_the_newest(store: Store) -> None:
    batch = [
        make_ticket(1, seq=30, title="c"),
        make_ticket(1, seq=10, title="a"),
        make_ticket(2, seq=5, title="x"),
        make_ticket(1, seq=20, title="b"),
    ]
    assert store.upsert_tickets(batch) == Changes.of(tickets=[1, 2])
    first = store.ticket(1)
    assert first is not None and first.title == "c" and first.seq == 30


def test_event_then_older_delta_page(store: Store) -> None:
    # An event (seq 50) lands before the delta page that still carries seq 40.
    store.upsert_tickets([make_ticket(1, seq=50, status=Status.DONE)])
    changes = store.upsert_tickets([make_ticket(1, seq=40), make_ticket(2, seq=41)])
    assert changes == Changes.of(tickets=[2])
    first = store.ticket(1)
    assert first is not None and first.status is Status.DONE


def test_identical_ticket_is_not_a_change(store: Store, recorder: Recorder) -> None:
    store.upsert_tickets([make_ticket(1, seq=10), make_ticket(2, seq=11)])
    recorder.seen.clear()
    changes = store.upsert_tickets([make_ticket(1, seq=10), make_ticket(2, seq=12)])
    assert changes == Changes.of(tickets=[2])
    assert recorder.seen == [changes]


def test_same_seq_with_new_content_replaces(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=2)])
    assert store.upsert_tickets([make_ticket(1, seq=10, unread_count=0)]) == Changes.of(tickets=[1])
    ticket = store.ticket(1)
    assert ticket is not None and ticket.unread_count == 0


def test_large_batches_cross_the_chunk_sizes(store: Store) -> None:
    tickets = [make_ticket(i, seq=i) for i in range(1, 25_001)]
    assert len(store.upsert_tickets(tickets).tickets) == 25_000
    changed = [
        make_ticket(i, seq=i + 1) if i % 1000 == 0 else make_ticket(i, seq=i)
        for i in range(1, 25_001)
    ]
    assert store.upsert_tickets(changed) == Changes.of(tickets=range(1000, 25_001, 1000))
    # A smaller batch takes the per-id lookup path.
    assert store.upsert_tickets(changed[:5000]).is_empty


def test_sync_seq_and_meta(store: Store) -> None:
    assert store.sync_seq() == 0
    store.set_sync_seq(1093)
    assert store.sync_seq() == 1093
    store.upsert_tickets([make_ticket(1, seq=1100)], sync_seq=1100)
    assert store.sync_seq() == 1100
    assert store.meta("me") is None
    store.set_meta("me", '{"id": 7}')
    assert store.meta("me") == '{"id": 7}'
    store.set_meta("me", None)
    assert store.meta("me") is None


def test_persistence_across_reopen(db_path: Path) -> None:
    with Store(db_path) as store:
        store.upsert_tickets([make_ticket(1, seq=10), make_ticket(2, seq=11)], sync_seq=11)
        store.upsert_messages([make_message(5, ticket_id=1)])
    with Store(db_path) as store:
        assert store.load_tickets() == [make_ticket(2, seq=11), make_ticket(1, seq=10)]
        assert store.sync_seq() == 11
        assert store.messages(1) == [make_message(5, ticket_id=1)]


def test_mark_read_clears_the_badge_until_something_new(store: Store, recorder: Recorder) -> None:
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=2, message_count=3)])
    recorder.seen.clear()
    assert store.mark_read(1, 803) == Changes.of(tickets=[1])
    assert recorder.seen == [Changes.of(tickets=[1])]
    assert store.pending_read_markers() == [(1, 803)]
    ticket = store.ticket(1)
    assert ticket is not None and ticket.unread_count == 0
    assert store.load_tickets()[0].unread_count == 0
    # A stale server copy (read not processed yet, nothing new) keeps the badge clear.
    store.upsert_tickets([make_ticket(1, seq=11, unread_count=2, message_count=3, version=2)])
    ticket = store.ticket(1)
    assert ticket is not None and ticket.unread_count == 0 and ticket.version == 2
    # A new message arrives: the server's count is shown again.
    store.upsert_tickets([make_ticket(1, seq=12, unread_count=1, message_count=4)])
    ticket = store.ticket(1)
    assert ticket is not None and ticket.unread_count == 1


def test_mark_read_only_moves_forward(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=1)])
    store.mark_read(1, 50)
    assert store.mark_read(1, 50).is_empty
    assert store.mark_read(1, 40).is_empty
    assert store.pending_read_markers() == [(1, 50)]


def test_mark_read_on_a_read_ticket_changes_no_row(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=0)])
    assert store.mark_read(1, 5).is_empty
    assert store.pending_read_markers() == [(1, 5)]  # still to be posted


def test_read_marker_posted_and_server_confirmation(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=2)])
    store.mark_read(1, 7)
    store.mark_read(1, 9)
    store.read_marker_posted(1, 7)  # an older post finishing does not settle the newer one
    assert store.pending_read_markers() == [(1, 9)]
    store.read_marker_posted(1, 9)
    assert store.pending_read_markers() == []
    store.upsert_tickets([make_ticket(1, seq=11, unread_count=0)])  # server agrees
    assert store._conn.execute("SELECT count(*) FROM read_markers").fetchone()[0] == 0


def test_mark_read_before_the_ticket_is_known(store: Store) -> None:
    assert store.mark_read(1, 5).is_empty
    store.upsert_tickets([make_ticket(1, seq=10, unread_count=3)])
    ticket = store.ticket(1)
    assert ticket is not None and ticket.unread_count == 3  # no basis to override
    assert store.pending_read_markers() == [(1, 5)]


def test_reset_cache_keeps_drafts_and_outbox(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=10), make_ticket(2, seq=11)], sync_seq=11)
    store.upsert_messages([make_message(5, ticket_id=1), make_message(6, ticket_id=2)])
    store.save_draft(1, "не потерять")
    entry = store.enqueue(2, "отправить потом")
    changes = store.reset_cache()
    assert changes == Changes.of(tickets=[1, 2], messages={1: [5], 2: [6]})
    assert store.load_tickets() == [] and store.sync_seq() == 0 and store.messages(1) == []
    draft = store.draft(1)
    assert draft is not None and draft.text == "не потерять"
    assert [e.id for e in store.pending_entries()] == [entry.id]


def test_writes_from_a_worker_thread_while_reading(store: Store) -> None:
    errors: list[BaseException] = []
    notified: list[int] = []
    store.subscribe(lambda c: notified.append(threading.get_ident()))

    def worker() -> None:
        try:
            for page in range(20):
                start = page * 100 + 1
                store.upsert_tickets(make_ticket(i, seq=i) for i in range(start, start + 100))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    sizes = []
    while thread.is_alive():
        sizes.append(len(store.load_tickets()))
    thread.join()
    assert errors == []
    assert store.ticket_count() == 2000
    assert sizes == sorted(sizes)  # every read saw a committed prefix
    assert set(notified) == {thread.ident}  # listeners run on the writing thread


def test_tickets_by_id_returns_only_stored_ones(store: Store) -> None:
    store.upsert_tickets([make_ticket(1, seq=1), make_ticket(2, seq=2), make_ticket(3, seq=3)])
    found = store.tickets_by_id([3, 1, 99])
    assert sorted(found) == [1, 3]
    assert found[3].seq == 3
    assert store.tickets_by_id([]) == {}


def test_open_and_done_load_apart_and_follow_status_changes(store: Store) -> None:
    from tests.helpers.tickets import done_ticket

    store.upsert_tickets([make_ticket(1), done_ticket(2), make_ticket(3), done_ticket(4)])
    assert [t.id for t in store.load_tickets(done=False)] == [3, 1]
    assert [t.id for t in store.load_tickets(done=True)] == [4, 2]
    assert [t.id for t in store.load_tickets()] == [4, 3, 2, 1]
    store.upsert_tickets([done_ticket(1, seq=50), make_ticket(2, seq=51)])  # closed, reopened
    assert [t.id for t in store.load_tickets(done=False)] == [3, 2]
    assert [t.id for t in store.load_tickets(done=True)] == [4, 1]
