"""What a process does with the notices other processes send on the PostgreSQL channel:
wake its streams for their events, push their presence, skip its own notices and
ignore garbage. (The channel itself: tests/e2e/server/test_workers.py.)"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from desk.domain import Role
from desk.server.db.engine import libpq_url
from desk.server.events.crossing import Crossing
from desk.server.events.hub import EventHub, Subscription
from desk.server.viewer import Viewer

URL = "postgresql+psycopg://desk:secret@db.example:5433/desk?sslmode=require"


def _crossing() -> tuple[Crossing, EventHub, Subscription, Subscription]:
    hub = EventHub()
    hub.attach(asyncio.get_running_loop())
    agent = hub.subscribe(Viewer(1, "Ann", "ann@example.test", Role.AGENT, None))
    customer = hub.subscribe(Viewer(2, "Bob", "bob@example.test", Role.CUSTOMER, "Co"))
    return Crossing(URL, hub, read_head=lambda: 0), hub, agent, customer


def _notice(origin: str, **message: object) -> str:
    return json.dumps({"o": origin, **message})


def test_the_listener_connects_with_the_libpq_form_of_the_url() -> None:
    assert libpq_url(URL) == "postgresql://desk:secret@db.example:5433/desk?sslmode=require"


def test_pg_dump_gets_the_url_without_its_password() -> None:
    # The command line is visible to other users: the password goes by PGPASSWORD.
    assert libpq_url(URL, with_password=False) == (
        "postgresql://desk@db.example:5433/desk?sslmode=require"
    )


def test_another_process_events_wake_the_streams() -> None:
    async def go() -> None:
        crossing, hub, agent, customer = _crossing()
        crossing.receive(_notice("elsewhere", seq=41))
        assert hub.head == 41
        await asyncio.sleep(0.05)  # the hub wakes its streams a moment after
        assert agent.wake.is_set() and customer.wake.is_set()

    asyncio.run(go())


def test_own_notices_and_garbage_change_nothing() -> None:
    async def go() -> None:
        crossing, hub, agent, _ = _crossing()
        crossing.receive(_notice(crossing.origin, seq=7))  # its hub was woken directly
        for garbage in ("not json", _notice("elsewhere", seq="x"), "[]", "{}"):
            crossing.receive(garbage)
        await asyncio.sleep(0.05)
        assert hub.head == 0 and not agent.wake.is_set()

    asyncio.run(go())


def test_another_process_presence_reaches_staff_streams_only() -> None:
    async def go() -> None:
        crossing, _, agent, customer = _crossing()
        expires = datetime(2026, 3, 10, 12, 0, 30, tzinfo=UTC)
        payload = {"ticket_id": 5, "agent": {"id": 3}, "state": "typing"}
        crossing.receive(
            _notice("elsewhere", presence={**payload, "expires_at": expires.isoformat()})
        )
        assert list(agent.presence) == [{**payload, "expires_at": expires}]
        assert not customer.presence

    asyncio.run(go())
