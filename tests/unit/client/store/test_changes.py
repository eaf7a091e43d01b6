import logging

import pytest

from desk.client.store import EMPTY, Changes, Store
from tests.helpers.tickets import make_ticket


def test_empty_and_merge() -> None:
    assert EMPTY.is_empty and not EMPTY
    a = Changes.of(tickets=[1], messages={1: [10, 11]}, drafts=[1])
    b = Changes.of(tickets=[2], messages={1: [12], 2: [20]}, outbox=[2])
    merged = a.merge(b)
    assert merged == Changes.of(
        tickets=[1, 2], messages={1: [10, 11, 12], 2: [20]}, outbox=[2], drafts=[1]
    )
    assert not merged.is_empty
    assert a.merge(EMPTY) == a


def test_of_drops_tickets_without_message_ids() -> None:
    assert Changes.of(messages={5: []}).is_empty


def test_messages_mapping_is_read_only() -> None:
    changes = Changes.of(messages={1: [2]})
    with pytest.raises(TypeError):
        changes.messages[3] = frozenset()  # type: ignore[index]


def test_subscribe_and_unsubscribe(store: Store) -> None:
    seen: list[Changes] = []
    unsubscribe = store.subscribe(seen.append)
    store.upsert_tickets([make_ticket(1, seq=10)])
    unsubscribe()
    unsubscribe()  # twice is harmless
    store.upsert_tickets([make_ticket(1, seq=11)])
    assert seen == [Changes.of(tickets=[1])]


def test_a_failing_listener_is_logged_and_others_still_run(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: Changes) -> None:
        raise RuntimeError("listener bug")

    seen: list[Changes] = []
    store.subscribe(broken)
    store.subscribe(seen.append)
    with caplog.at_level(logging.ERROR, logger="desk.client.store._base"):
        result = store.upsert_tickets([make_ticket(1, seq=10)])
    assert result == Changes.of(tickets=[1])
    assert seen == [result]
    assert "listener bug" in caplog.text
    assert store.ticket(1) is not None  # the write stands
