"""CollisionGuard over a real local store: what blocks a reply, what does not, and that
acknowledged messages never block twice."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.client.api import NetworkError
from desk.client.collision import CollisionGuard, blocks, refresh_before_check
from desk.client.store import Store
from tests.helpers.messages import make_message
from tests.helpers.people import ANNA_KOTOVA as ME
from tests.helpers.people import BORIS_IVANOV as BORIS
from tests.helpers.people import OLGA_PETROVA as OLGA


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "cache.db")
    s.upsert_messages(
        [make_message(1, "Бот молчит", author=OLGA), make_message(2, "Смотрим", author=ME)]
    )
    yield s
    s.close()


@pytest.fixture
def guard(store: Store) -> CollisionGuard:
    return CollisionGuard(ME, store)


def test_the_rule() -> None:
    assert blocks(make_message(1, author=OLGA), ME)
    assert blocks(make_message(1, author=BORIS), ME)
    assert not blocks(make_message(1, author=BORIS, internal=True), ME)
    assert not blocks(make_message(1, author=ME), ME)


def test_nothing_new_means_no_collision(guard: CollisionGuard) -> None:
    guard.start_composing(42)
    assert guard.seen_id(42) == 2
    assert guard.check(42) is None


def test_not_writing_means_no_check(guard: CollisionGuard, store: Store) -> None:
    store.upsert_messages([make_message(3, author=OLGA)])
    assert not guard.is_composing(42)
    assert guard.check(42) is None


def test_a_customer_message_blocks(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    store.upsert_messages([make_message(3, "Уже заработало", author=OLGA)])
    collision = guard.check(42)
    assert collision is not None
    assert [m.id for m in collision.messages] == [3]
    assert collision.who == (OLGA,) and collision.notes == ()
    assert collision.first_id == collision.last_id == 3


def test_a_colleagues_reply_blocks_and_notes_come_along(
    guard: CollisionGuard, store: Store
) -> None:
    guard.start_composing(42)
    store.upsert_messages(
        [
            make_message(3, "I've got this", author=BORIS, internal=True),
            make_message(4, "Restarted the webhook", author=BORIS),
        ]
    )
    collision = guard.check(42)
    assert collision is not None
    assert [m.id for m in collision.messages] == [4]
    assert [m.id for m in collision.notes] == [3]
    assert collision.who == (BORIS,) and collision.last_id == 4


def test_notes_alone_and_my_own_messages_do_not_block(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    store.upsert_messages(
        [
            make_message(3, "fyi", author=BORIS, internal=True),
            make_message(4, "from my phone", author=ME),
        ]
    )
    assert guard.check(42) is None


def test_internal_notes_being_written_are_never_stopped(
    guard: CollisionGuard, store: Store
) -> None:
    guard.start_composing(42)
    store.upsert_messages([make_message(3, author=OLGA)])
    assert guard.check(42, internal=True) is None
    assert guard.check(42) is not None


def test_who_lists_each_author_once_in_order(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    store.upsert_messages(
        [make_message(3, author=OLGA), make_message(4, author=BORIS), make_message(5, author=OLGA)]
    )
    collision = guard.check(42)
    assert collision is not None and collision.who == (OLGA, BORIS)


def test_acknowledged_messages_never_block_twice(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    store.upsert_messages([make_message(3, author=OLGA)])
    first = guard.check(42)
    assert first is not None
    guard.acknowledge(first)
    assert guard.check(42) is None
    store.upsert_messages([make_message(4, "Answered on the phone", author=BORIS)])
    second = guard.check(42)
    assert second is not None and [m.id for m in second.messages] == [4]


def test_the_first_mark_stays_until_the_reply_is_done(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    store.upsert_messages([make_message(3, author=OLGA)])
    guard.start_composing(42)  # more typing: still the same reply
    assert guard.seen_id(42) == 2 and guard.check(42) is not None
    guard.stop_composing(42)  # sent (or emptied)
    guard.start_composing(42)
    assert guard.seen_id(42) == 3 and guard.check(42) is None


def test_other_tickets_are_separate(guard: CollisionGuard, store: Store) -> None:
    guard.start_composing(42)
    guard.start_composing(7)
    assert guard.seen_id(7) == 0  # an empty thread
    store.upsert_messages([make_message(10, author=OLGA, ticket_id=7)])
    assert guard.check(42) is None
    collision = guard.check(7)
    assert collision is not None and collision.ticket_id == 7


def test_refresh_before_check_is_bounded_and_never_raises() -> None:
    calls: list[int] = []

    async def fine(ticket_id: int) -> int:
        calls.append(ticket_id)
        return 1

    async def offline(_ticket_id: int) -> int:
        raise NetworkError("The server cannot be reached.")

    async def stuck(_ticket_id: int) -> int:
        await asyncio.Event().wait()
        return 0

    async def go() -> tuple[bool, bool, bool]:
        return (
            await refresh_before_check(fine, 42),
            await refresh_before_check(offline, 42),
            await refresh_before_check(stuck, 42, within=0.05),
        )

    assert asyncio.run(go()) == (True, False, False)
    assert calls == [42]
