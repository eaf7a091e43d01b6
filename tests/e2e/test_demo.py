"""`desk --demo` without the window: the embedded server, first-run seeding and the
customer simulator, all over real HTTP."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.client.api import ApiClient
from desk.client.session import NotStaffError, sign_in
from desk.demo.content import PEOPLE
from desk.demo.environment import (
    DemoEnvironment,
    open_demo_session,
    prepare_demo_database,
    start_demo,
)
from desk.demo.simulator import Action
from desk.domain import Role, WaitingOn


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    env = start_demo(tmp_path_factory.mktemp("demo"))
    yield env
    env.stop()


async def _agent(env: DemoEnvironment) -> ApiClient:
    client = ApiClient(env.url)
    session = await client.login(env.agent_email, env.password)
    client.set_token(session.token)
    return client


def test_demo_serves_a_seeded_queue_to_the_demo_agent(demo: DemoEnvironment) -> None:
    async def check() -> None:
        async with await _agent(demo) as agent:
            tickets = [t async for t in agent.iter_tickets(status="all")]
            assert len(tickets) >= 300
            assert any(t.urgent for t in tickets)
            assert any(t.is_done for t in tickets)
            assert any(t.waiting_on is WaitingOn.TEAM for t in tickets)

    asyncio.run(check())


def test_restarting_the_demo_reuses_its_database(demo: DemoEnvironment) -> None:
    async def count(env: DemoEnvironment) -> int:
        async with await _agent(env) as agent:
            return len([t async for t in agent.iter_tickets(status="all")])

    before = asyncio.run(count(demo))
    # A second run finds the data in place: nothing is seeded again.
    assert prepare_demo_database(demo.server.settings) is False
    again = start_demo(Path(demo.server.settings.data_dir))
    try:
        assert again.url != demo.url
        assert asyncio.run(count(again)) == before
    finally:
        again.stop()


def test_simulator_opens_tickets_and_answers_waiting_ones(demo: DemoEnvironment) -> None:
    async def run() -> None:
        simulator = demo.simulator(rng=random.Random(3))
        try:
            async with await _agent(demo) as agent:
                before = (await agent.list_tickets(status="all", limit=1)).items[0].id
                results = [await simulator.step() for _ in range(12)]
                actions = {r.action for r in results}
                assert Action.NEW_TICKET in actions
                assert Action.REPLY in actions
                for result in results:
                    assert result.ticket_id is not None
                    ticket = await agent.get_ticket(result.ticket_id)
                    # Whatever the customer did, the team now owes the reply.
                    assert ticket.waiting_on is WaitingOn.TEAM
                    if result.action is Action.NEW_TICKET:
                        assert ticket.id > before
        finally:
            await simulator.aclose()

    asyncio.run(run())


def test_demo_session_syncs_the_queue_into_the_local_cache(
    demo: DemoEnvironment, tmp_path: Path
) -> None:
    async def go() -> None:
        session = await open_demo_session(
            Path(demo.server.settings.data_dir), store_root=tmp_path / "cache"
        )
        try:
            assert session.me.email == demo.agent_email
            assert session.me.role.is_staff
            session.start(simulate_customers=False)
            await session.engine.wait_caught_up()
            assert session.store.ticket_count() >= 300
        finally:
            await session.close()

    asyncio.run(go())


def test_customers_cannot_sign_in_to_desk(demo: DemoEnvironment) -> None:
    customer = next(p for p in PEOPLE if p.role is Role.CUSTOMER)
    with pytest.raises(NotStaffError, match="customer account"):
        asyncio.run(sign_in(demo.url, customer.email, demo.password))
