from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Any

import pytest
from PySide6.QtCore import QPoint

from tests.helpers.clock import NOW
from tests.helpers.people import ME
from ui.chat import ChatView, HitKind, MessageListModel
from ui.theme import LIGHT, palette_for


@pytest.fixture
def chat(qtbot: Any) -> Iterator[tuple[ChatView, MessageListModel]]:
    view = ChatView(theme=LIGHT)
    qtbot.addWidget(view)
    view.setPalette(palette_for(LIGHT))
    model = MessageListModel(view, tz=UTC, today=lambda: NOW.date())
    model.set_current_user(ME)
    view.setModel(model)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    yield view, model


def settle(qtbot: Any, view: ChatView) -> None:
    """Wait until the delayed item layout ran."""
    qtbot.waitUntil(lambda: not view._layout_pending)


def hit_point(view: ChatView, row: int, kind: HitKind, nth: int = 0) -> QPoint:
    """Centre of the nth hit area of ``kind`` in ``row``, in viewport coordinates."""
    model = view.model()
    index = model.index(row, 0)
    chat_row = view.chat_model.row_at(row)  # type: ignore[union-attr]
    lay = view.delegate.layout_for(chat_row)  # type: ignore[arg-type]
    areas = [a for a in lay.hits if a.kind is kind]
    origin = view.delegate.origin(chat_row, view.visualRect(index))  # type: ignore[arg-type]
    return areas[nth].rect.translated(origin).center().toPoint()
