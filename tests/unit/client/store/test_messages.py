from pathlib import Path

from desk.client.store import Changes, Store
from tests.helpers.messages import image_attachment, make_message
from tests.unit.client.store.conftest import Recorder


def test_newest_slice_oldest_first_and_scroll_up(store: Store) -> None:
    store.upsert_messages(make_message(i, ticket_id=1) for i in range(1, 1001))
    store.upsert_messages(make_message(i, ticket_id=2) for i in range(2001, 2011))
    page = store.messages(1)
    assert [m.id for m in page] == list(range(601, 1001))
    older = store.messages(1, limit=400, before_id=page[0].id)
    assert [m.id for m in older] == list(range(201, 601))
    oldest = store.messages(1, before_id=older[0].id)
    assert [m.id for m in oldest] == list(range(1, 201))
    assert store.messages(1, before_id=1) == []
    assert [m.id for m in store.messages(2, limit=3)] == [2008, 2009, 2010]
    assert store.messages(1, limit=0) == []
    assert store.messages(3) == []


def test_latest_message_id(store: Store) -> None:
    assert store.latest_message_id(1) is None
    store.upsert_messages(
        [make_message(5, ticket_id=1), make_message(9, ticket_id=1), make_message(12, ticket_id=2)]
    )
    assert store.latest_message_id(1) == 9
    assert store.latest_message_id(2) == 12


def test_changes_per_ticket_and_no_change_for_repeats(store: Store, recorder: Recorder) -> None:
    first = store.upsert_messages(
        [
            make_message(1, ticket_id=10),
            make_message(2, ticket_id=10),
            make_message(3, ticket_id=11),
        ]
    )
    assert first == Changes.of(messages={10: [1, 2], 11: [3]})
    again = store.upsert_messages(
        [make_message(1, ticket_id=10), make_message(3, ticket_id=11, body="edited", seq=5000)]
    )
    assert again == Changes.of(messages={11: [3]})
    assert store.upsert_messages([make_message(2, ticket_id=10)]).is_empty
    assert recorder.seen == [first, again]


def test_older_message_version_is_ignored(store: Store) -> None:
    store.upsert_messages([make_message(1, ticket_id=10, seq=50, body="new")])
    assert store.upsert_messages([make_message(1, ticket_id=10, seq=49, body="old")]).is_empty
    assert store.messages(10)[0].body == "new"


def test_attachments_and_cyrillic_round_trip(db_path: Path) -> None:
    attachment = image_attachment(3, 640, 480, filename="скриншот.png", size=2048, sha256="ab" * 32)
    message = make_message(1, ticket_id=10, body="Вот скриншот ошибки 🙂", attachments=[attachment])
    with Store(db_path) as store:
        store.upsert_messages([message])
    with Store(db_path) as store:
        assert store.messages(10) == [message]
        assert store.message(1) == message
        assert store.message(2) is None
        assert store.messages_by_id([1, 2]) == {1: message}
