from __future__ import annotations

import asyncio
import threading
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage

from tests.helpers.images import png_bytes, screenshot_png
from tests.helpers.messages import image_attachment, make_message
from tests.helpers.waiting import wait_until
from ui.chat import ChatView, HitKind, MessageListModel, ThumbnailLoader, decode_thumbnail

from .conftest import hit_point, settle

Chat = tuple[ChatView, MessageListModel]


class FakeFetch:
    def __init__(self, payload: bytes | None = None, fail: Exception | None = None) -> None:
        self.payload = payload if payload is not None else screenshot_png(640, 400)
        self.fail = fail
        self.calls: list[tuple[int, int]] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, attachment_id: int, size: int) -> bytes:
        self.calls.append((attachment_id, size))
        await self.release.wait()
        if self.fail is not None:
            raise self.fail
        return self.payload


def make_view(qtbot: Any, loader: ThumbnailLoader) -> Chat:
    view = ChatView(loader=loader)
    qtbot.addWidget(view)
    model = MessageListModel(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    return view, model


def test_placeholder_has_final_size_then_pixmap_arrives_off_thread(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    fetch = FakeFetch()
    fetch.release.clear()
    decoded_on: list[int] = []

    def decode(data: bytes, w: int, h: int) -> QImage:
        decoded_on.append(threading.get_ident())
        return decode_thumbnail(data, w, h)

    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0, decode=decode)
    view, model = make_view(qtbot, loader)
    model.set_messages(
        [make_message(1, "скриншот", attachments=[image_attachment(7, 1280, 800)])], False
    )
    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b, _r=(): changed.append(a.row()))

    async def scenario() -> None:
        await wait_until(lambda: not view._layout_pending)
        view.viewport().repaint()  # painting the placeholder starts the load
        await wait_until(lambda: loader.is_loading(7))
        lay = view.delegate.layout_for(model.row_at(0))  # type: ignore[arg-type]
        placeholder = lay.images[0][0]
        assert (placeholder.width(), placeholder.height()) == (320, 200)
        assert loader.pixmap(7) is None
        height = view.visualRect(model.index(0)).height()
        fetch.release.set()
        await wait_until(lambda: loader.pixmap(7) is not None)
        await wait_until(lambda: 0 in changed)
        after = view.delegate.layout_for(model.row_at(0))  # type: ignore[arg-type]
        assert after.images[0][0] == placeholder
        assert view.visualRect(model.index(0)).height() == height

    qloop.run_until_complete(scenario())
    assert fetch.calls == [(7, 320)]
    assert decoded_on and decoded_on[0] != threading.get_ident()
    pix = loader.pixmap(7)
    assert pix is not None and pix.width() == 320 and pix.height() == 200
    loader.close()


def test_failed_fetch_shows_broken_placeholder_with_tooltip(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    loader = ThumbnailLoader(FakeFetch(fail=ConnectionError("timed out")), loop=qloop)
    view, model = make_view(qtbot, loader)
    model.set_messages([make_message(1, "", attachments=[image_attachment(8)])], False)
    assert qloop.run_until_complete(loader.load(8)) is None
    assert loader.error(8) == "timed out"
    settle(qtbot, view)
    view.grab()  # painting a broken thumbnail must not raise or start another load
    assert not loader.is_loading(8)
    pos = hit_point(view, 0, HitKind.IMAGE)
    assert view._tooltip_at(pos) == "Could not load the image: timed out"
    with qtbot.waitSignal(view.imageActivated) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args[0].id == 8
    assert loader.error(8) is None  # clicking a broken thumbnail retries it
    loader.close()


def test_garbage_bytes_fail_cleanly(qloop: asyncio.AbstractEventLoop) -> None:
    loader = ThumbnailLoader(FakeFetch(payload=b"not a png"), loop=qloop)
    assert qloop.run_until_complete(loader.load(9)) is None
    assert loader.error(9) == "not an image"
    loader.close()


def test_unknown_dimensions_take_the_loaded_size(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    loader = ThumbnailLoader(
        FakeFetch(payload=screenshot_png(100, 300)), loop=qloop, device_pixel_ratio=1.0
    )
    view, model = make_view(qtbot, loader)
    model.set_messages([make_message(1, "", attachments=[image_attachment(3, None, None)])], False)
    settle(qtbot, view)
    before = view.delegate.layout_for(model.row_at(0)).images[0][0]  # type: ignore[arg-type]
    assert (before.width(), before.height()) == (240, 160)
    assert qloop.run_until_complete(loader.load(3)) is not None
    settle(qtbot, view)
    qtbot.waitUntil(
        lambda: view.delegate.layout_for(model.row_at(0)).images[0][0].height() == 240  # type: ignore[arg-type]
    )
    after = view.delegate.layout_for(model.row_at(0)).images[0][0]  # type: ignore[arg-type]
    assert after.width() == 80  # 100×300 fitted into 320×240
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).height() >= after.height() + 40)
    loader.close()


def test_click_on_thumbnail_emits_attachment(qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    loader = ThumbnailLoader(FakeFetch(), loop=qloop)
    view, model = make_view(qtbot, loader)
    att = image_attachment(4)
    model.set_messages([make_message(1, "see", attachments=[att])], False)
    settle(qtbot, view)
    with qtbot.waitSignal(view.imageActivated) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.IMAGE)
        )
    assert sig.args == [att]
    loader.close()


def test_one_fetch_per_attachment_and_lru_by_bytes(qloop: asyncio.AbstractEventLoop) -> None:
    fetch = FakeFetch(payload=screenshot_png(100, 100))
    # room for two 100×100 ARGB pixmaps (40 kB each), not three
    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0, max_bytes=90_000)

    async def scenario() -> None:
        results = await asyncio.gather(loader.load(1), loader.load(1), loader.load(1))
        assert all(r is not None for r in results)
        await loader.load(2)
        assert loader.pixmap(1) is not None  # touch 1: now 2 is the least recent
        await loader.load(3)

    qloop.run_until_complete(scenario())
    assert [c[0] for c in fetch.calls] == [1, 2, 3]
    assert loader.pixmap(2) is None
    assert loader.pixmap(1) is not None and loader.pixmap(3) is not None
    assert loader.cache_bytes == 80_000
    assert loader.loaded_size(3) == QSize(100, 100)
    loader.close()


def test_decode_shrinks_big_images() -> None:
    image = decode_thumbnail(png_bytes(1600, 1000, "#f5f7fb"), 320, 240)
    assert (image.width(), image.height()) == (320, 200)
