"""A server in a child process (`desk-server serve`, or a benchmark's own runner): a free
port for it, and waiting until it answers. Shared by the process tests and benchmarks."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx


class ServerStartError(RuntimeError):
    pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_answering(
    url: str, proc: subprocess.Popen[bytes] | subprocess.Popen[str], limit: float = 60.0
) -> None:
    """Polls `url` until it answers 200. Raises ServerStartError, with what the child
    wrote to a piped stderr, if the child exits first or `limit` seconds pass (a guard
    against hanging, not a speed check)."""
    deadline = time.monotonic() + limit
    while True:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url).status_code == 200:
                return
        if proc.poll() is not None:
            said = proc.stderr.read() if proc.stderr else ""
            if isinstance(said, bytes):
                said = said.decode(errors="replace")
            raise ServerStartError(f"the server exited with {proc.returncode}: {said}")
        if time.monotonic() > deadline:
            raise ServerStartError(f"the server did not answer {url} in {limit:.0f} s")
        time.sleep(0.05)


@contextlib.contextmanager
def serving(
    cmd: list[str], health_url: str, env: dict[str, str], limit: float = 60.0
) -> Iterator[subprocess.Popen[bytes]]:
    """`cmd` in a child process (stdout dropped, stderr kept for errors) once
    `health_url` answers; terminated at the end of the block if still running."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        wait_until_answering(health_url, proc, limit)
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(20)
        if proc.stderr:
            proc.stderr.close()
