"""Waiting on a condition while the asyncio (qasync) loop runs: ``qtbot.waitUntil``
cannot drive qasync, and a test must never hang. A guard, never a speed assertion."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def wait_until(check: Callable[[], bool], limit: float = 20.0) -> None:
    """Return once ``check()`` is true; fail the test after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)
