"""Run the server in a background thread: for tests and for `desk --demo`."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI

from desk.server.app import create_app
from desk.server.config import Settings
from desk.server.context import ServerContext
from desk.server.runner import GRACE, DeskServer


@dataclass
class RunningServer:
    url: str  # e.g. http://127.0.0.1:53127 (the API lives under /api/v1)
    settings: Settings
    app: FastAPI
    _server: uvicorn.Server
    _thread: threading.Thread
    _sock: socket.socket
    _stopped: bool = field(default=False)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v1"

    @property
    def context(self) -> ServerContext:
        ctx: ServerContext = self.app.state.ctx
        return ctx

    def stop(self, timeout: float = 10.0) -> None:
        """Ends open event streams, stops uvicorn and waits for its thread."""
        if self._stopped:
            return
        self._stopped = True
        self.context.hub.close()
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()
        if self._thread.is_alive():
            raise RuntimeError("the embedded server did not stop in time")

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_server(
    settings: Settings, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 30.0
) -> RunningServer:
    """Start uvicorn on `host:port` (0 = a free port) and return once it serves."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_config=None,  # leave the host application's logging alone
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACE,
    )
    server = DeskServer(config, app.state.ctx)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="desk-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            sock.close()
            raise RuntimeError("the embedded server failed to start")
        time.sleep(0.01)
    return RunningServer(
        url=f"http://{host}:{bound_port}",
        settings=settings,
        app=app,
        _server=server,
        _thread=thread,
        _sock=sock,
    )
