"""The engine's reaction to the stream's signals, with a scripted API (the real server
cannot be made to send `resync` mid-stream on demand once a client has caught up)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from desk.client.api import ResyncReason, ResyncRequired
from desk.client.api.wire import Delta
from desk.client.store import Store
from desk.client.sync import SyncEngine
from tests.helpers.people import ME
from tests.helpers.tickets import make_ticket


class ScriptedApi:
    def __init__(self) -> None:
        self.since: list[int] = []
        self.stream_ids: list[Any] = []
        self.head = 10

    async def fetch_delta(self, since: int, *, limit: int = 1000) -> Delta:
        self.since.append(since)
        tickets = [make_ticket(1, seq=self.head)] if since < self.head else []
        return Delta(tickets=tickets, seq=max(since, self.head), server_seq=self.head)

    async def mark_read(self, ticket_id: int, message_id: int) -> None:
        return None

    def subscribe_unauthorized(self, listener: Any) -> Any:
        return lambda: None  # this script never refuses the token

    def events(self, *, last_event_id: Any = None) -> Any:
        self.stream_ids.append(last_event_id)
        api = self

        class Stream:
            last_event_id: Any = None

            async def __aenter__(self) -> Stream:
                return self

            async def __aexit__(self, *exc: object) -> None:
                return None

            def __aiter__(self) -> AsyncIterator[object]:
                return self._events()

            async def _events(self) -> AsyncIterator[object]:
                api.head = 25  # changes happened that the stream could not replay
                yield ResyncRequired(ResyncReason.SERVER)
                await asyncio.Event().wait()

        return Stream()


def test_a_server_resync_catches_up_and_moves_the_stream_position(tmp_path: Path) -> None:
    async def go() -> tuple[list[int], int, Any]:
        store = Store(tmp_path / "cache.db")
        api = ScriptedApi()
        engine = SyncEngine(api, store, ME)  # type: ignore[arg-type]
        engine.start()
        for _ in range(200):
            if len(api.since) >= 2:
                break
            await asyncio.sleep(0.01)
        await engine.stop()
        seq = store.sync_seq()
        store.close()
        return api.since, seq, api.stream_ids

    since, seq, stream_ids = asyncio.run(go())
    assert since[:2] == [0, 10]  # the initial catch-up, then the one the resync asked for
    assert seq == 25
    assert stream_ids == [10]
