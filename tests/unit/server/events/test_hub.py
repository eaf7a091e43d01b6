"""The hub loads a change's wave a moment after it commits (a burst of commits makes
one wave) and wakes the open streams once that wave is ready, so no stream waits for
the others to wake before the load starts; with no stream open nothing is loaded. On
a real event loop, with a stand-in for the wave load."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from desk.domain import Role
from desk.server.events.hub import WAKE_DELAY, EventHub
from desk.server.viewer import Viewer

AGENT = Viewer(1, "Agent", "a@t.test", Role.AGENT, None)


async def _until(condition: Callable[[], object], seconds: float = 1.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(WAKE_DELAY / 4)


def test_streams_are_woken_when_the_prepared_wave_is_ready() -> None:
    async def scenario() -> None:
        hub = EventHub()
        hub.attach(asyncio.get_running_loop())
        asked: list[tuple[int, int]] = []
        loading: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def prepare(cursor: int, head: int) -> asyncio.Future[None]:
            asked.append((cursor, head))
            return loading

        hub.prepare = prepare
        hub.observe(5)
        sub = hub.subscribe(AGENT)
        hub.notify(7)
        hub.notify(8)  # a burst: one wave, from where the streams stood to the last
        assert asked == [], "the writer's response goes first"
        await _until(lambda: asked)
        assert asked == [(5, 8)]
        hub.notify(9)  # while the wave loads: picked up by the same wake
        await asyncio.sleep(WAKE_DELAY * 5)
        assert not sub.wake.is_set(), "woken before its wave was loaded"
        assert asked == [(5, 8)]
        loading.set_result(None)
        await asyncio.sleep(0)
        assert sub.wake.is_set()
        assert hub.head == 9
        sub.wake.clear()
        hub.notify(10)  # the next change prepares its own wave
        await _until(lambda: len(asked) == 2)
        assert asked == [(5, 8), (9, 10)]

    asyncio.run(scenario())


def test_a_failed_load_still_wakes_the_streams() -> None:
    async def scenario() -> None:
        hub = EventHub()
        hub.attach(asyncio.get_running_loop())
        failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        hub.prepare = lambda cursor, head: failed
        sub = hub.subscribe(AGENT)
        hub.notify(1)
        await asyncio.sleep(WAKE_DELAY * 3)
        failed.set_exception(RuntimeError("database went away"))
        failed.exception()  # seen here, as WaveCache marks it
        await asyncio.sleep(0)
        assert sub.wake.is_set(), "a stream must retry (its own load) rather than hang"

    asyncio.run(scenario())


def test_nothing_is_loaded_without_open_streams() -> None:
    async def scenario() -> None:
        hub = EventHub()
        hub.attach(asyncio.get_running_loop())
        asked: list[tuple[int, int]] = []

        def prepare(cursor: int, head: int) -> asyncio.Future[None]:
            asked.append((cursor, head))
            return asyncio.get_running_loop().create_future()

        hub.prepare = prepare
        hub.notify(3)
        await asyncio.sleep(WAKE_DELAY * 5)
        assert asked == []
        assert hub.head == 3
        sub = hub.subscribe(AGENT)  # a stream opened later is served by the next change
        hub.notify(4)
        await _until(lambda: asked)
        assert asked == [(3, 4)]
        assert not sub.wake.is_set()

    asyncio.run(scenario())
