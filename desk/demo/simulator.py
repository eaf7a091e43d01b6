"""A customer simulator that keeps the demo alive.

It signs in as demo customers over the public API (so everything it does travels
the same path as a real customer's request: events, unread counts, due times) and,
every few seconds to a minute, opens a new ticket (now and then an URGENT one, some
with a screenshot) or answers a ticket that is waiting on the customer.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from desk.client.api import ApiClient, ApiError
from desk.demo.content import (
    DemoFile,
    DemoPerson,
    random_customer_reply,
    random_new_ticket,
)
from desk.domain import Ticket, WaitingOn

log = logging.getLogger(__name__)


class Action(enum.StrEnum):
    NEW_TICKET = "new_ticket"
    REPLY = "reply"
    NOTHING = "nothing"


@dataclass(frozen=True)
class StepResult:
    action: Action
    customer: str
    ticket_id: int | None = None


class CustomerSimulator:
    def __init__(
        self,
        base_url: str,
        customers: Sequence[DemoPerson],
        password: str,
        *,
        rng: random.Random | None = None,
        min_delay: float = 4.0,
        max_delay: float = 60.0,
        reply_share: float = 0.6,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not customers:
            raise ValueError("the simulator needs at least one demo customer")
        self._base_url = base_url
        self._customers = list(customers)
        self._password = password
        self._rng = rng or random.Random()
        self._min_delay = min_delay
        self._max_delay = max_delay
        self._reply_share = reply_share
        self._transport = transport
        self._clients: dict[str, ApiClient] = {}

    async def _client_for(self, person: DemoPerson) -> ApiClient:
        client = self._clients.get(person.email)
        if client is None:
            client = ApiClient(self._base_url, transport=self._transport)
            try:
                session = await client.login(person.email, self._password)
            except BaseException:
                await client.aclose()
                raise
            client.set_token(session.token)
            self._clients[person.email] = client
        return client

    async def step(self) -> StepResult:
        """One customer action: a reply if a ticket is waiting on them, else a new ticket."""
        person = self._rng.choice(self._customers)
        client = await self._client_for(person)
        if self._rng.random() < self._reply_share:
            waiting = await client.list_tickets(
                status="on_customer", waiting_on=WaitingOn.CUSTOMER, limit=50
            )
            if waiting.items:
                return await self._reply(client, person, self._rng.choice(waiting.items))
        title, body, category, files = random_new_ticket(self._rng, person)
        ids = await self._upload(client, files)
        ticket = await client.create_ticket(
            title, body, category=category, attachment_ids=ids, idempotency_key=_key(self._rng)
        )
        log.info("simulator: %s opened #%d %r", person.email, ticket.id, title)
        return StepResult(Action.NEW_TICKET, person.email, ticket.id)

    async def _reply(self, client: ApiClient, person: DemoPerson, ticket: Ticket) -> StepResult:
        body, files = random_customer_reply(self._rng, ticket.title, person)
        ids = await self._upload(client, files)
        await client.send_message(
            ticket.id, body, idempotency_key=_key(self._rng), attachment_ids=ids
        )
        log.info("simulator: %s replied on #%d", person.email, ticket.id)
        return StepResult(Action.REPLY, person.email, ticket.id)

    async def _upload(self, client: ApiClient, files: Sequence[DemoFile]) -> list[int]:
        uploaded = [
            await client.upload_attachment(f.filename, f.data, f.content_type) for f in files
        ]
        return [a.id for a in uploaded]

    async def run(self) -> None:
        """Act, then wait a few seconds to a minute, until cancelled. Errors are logged
        and the simulator carries on: it must never take the app down."""
        try:
            while True:
                try:
                    await self.step()
                except ApiError as exc:
                    log.warning("simulator step failed: %s", exc.message)
                await asyncio.sleep(self._rng.uniform(self._min_delay, self._max_delay))
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            with contextlib.suppress(Exception):
                await client.aclose()


def _key(rng: random.Random) -> str:
    # A UUID4 drawn from the simulator's own generator keeps seeded runs reproducible.
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
