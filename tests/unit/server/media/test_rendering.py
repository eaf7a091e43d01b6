"""ThumbnailPool: renders are capped, shared per image, and awaited by requests."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from desk.server.media.errors import MediaError
from desk.server.media.rendering import ThumbnailPool
from desk.server.media.storage import MediaStore

TIMEOUT = 10.0


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.005)


class Gate:
    """A render function that blocks every render until released and counts them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.most = 0
        self.started: list[str] = []
        self.release = threading.Event()

    def __call__(self, sha256: str) -> None:
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
            self.started.append(sha256)
        try:
            assert self.release.wait(TIMEOUT)
        finally:
            with self.lock:
                self.active -= 1


def test_the_ninth_concurrent_render_waits(tmp_path: Path) -> None:
    gate = Gate()
    pool = ThumbnailPool(MediaStore(tmp_path), 8, render=gate)
    try:
        shas = [f"{n:064x}" for n in range(9)]
        futures = [pool.submit(sha) for sha in shas]
        wait_until(lambda: gate.active == 8)
        assert pool.running == 8 and pool.queued == 1
        assert shas[8] not in gate.started
        gate.release.set()
        for future in futures:
            future.result(TIMEOUT)
        assert gate.most == 8 and sorted(gate.started) == shas
        assert pool.running == 0 and pool.queued == 0
    finally:
        gate.release.set()
        pool.close()


def test_requests_for_one_image_share_its_render(tmp_path: Path) -> None:
    gate = Gate()
    pool = ThumbnailPool(MediaStore(tmp_path), 2, render=gate)
    try:
        sha = "a" * 64
        first, second = pool.submit(sha), pool.submit(sha)
        assert first is second
        gate.release.set()
        first.result(TIMEOUT)
        assert gate.started == [sha]
    finally:
        pool.close()


def test_a_request_awaits_the_render_and_gets_the_standard_size(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    image = Image.new("RGB", (900, 600), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    sha = store.save(buffer.getvalue())
    pool = ThumbnailPool(store, 1)
    try:
        data, content_type = asyncio.run(pool.thumbnail(sha, 300))
        assert content_type == "image/jpeg"
        with Image.open(io.BytesIO(data)) as thumb:
            assert thumb.size == (256, 171)  # 300 is served by the 256 thumbnail
        with pytest.raises(FileNotFoundError):
            asyncio.run(pool.thumbnail("0" * 64, 320))
        bad = store.save(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
        with pytest.raises(MediaError):
            asyncio.run(pool.thumbnail(bad, 320))
    finally:
        pool.close()
