"""uvicorn, stopping cleanly: open event streams end when shutdown begins.

uvicorn's graceful shutdown waits for every open connection to finish, and an event
stream never does. `DeskServer` ends the streams first (each sends a `retry:` hint so
clients reconnect to the next instance), and `GRACE` bounds the wait for anything else.
"""

from __future__ import annotations

import socket

import uvicorn

from desk.server.context import ServerContext

# Seconds uvicorn lets the remaining requests finish before cancelling them.
GRACE = 5


class DeskServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ctx: ServerContext) -> None:
        super().__init__(config)
        self._ctx = ctx

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._ctx.hub.close()
        await super().shutdown(sockets)
