from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QListView, QMenu

from tests.helpers.clock import NOW
from tests.helpers.messages import file_attachment, make_message, thread
from tests.helpers.people import CUSTOMER, ME
from ui.chat import BubbleKind, ChatView, HitKind, MessageListModel, PendingEntry

from .conftest import hit_point, settle

Chat = tuple[ChatView, MessageListModel]


def layout(view: ChatView, model: MessageListModel, row: int) -> Any:
    return view.delegate.layout_for(model.row_at(row))  # type: ignore[arg-type]


def test_configuration(chat: Chat) -> None:
    view, _ = chat
    assert view.objectName() == "chatView"
    assert isinstance(view, QListView)
    assert view.verticalScrollMode() == QListView.ScrollMode.ScrollPerPixel
    assert view.indexWidget(view.model().index(0, 0)) is None


def test_sides_widths_and_internal_note(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    long = "слово " * 80
    model.set_messages(
        [
            make_message(1, long, author=CUSTOMER),
            make_message(2, long, author=ME),
            make_message(3, "note for the team", author=ME, internal=True),
        ],
        has_older=False,
    )
    settle(qtbot, view)
    width = view.delegate.layout_width
    customer, staff, note = (layout(view, model, r) for r in range(3))
    assert customer.bubble.left() < width * 0.1
    assert staff.bubble.right() > width * 0.9
    # text wraps to about 65% of the width
    assert customer.bubble.width() <= width * 0.66
    assert staff.bubble.width() <= width * 0.66
    assert customer.text_layout.lineCount() > 3
    assert note.kind is BubbleKind.INTERNAL and note.label_rect is not None
    assert customer.label_rect is None and staff.label_rect is None


def test_grouped_messages_sit_closer(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    t = NOW.replace(hour=10)
    from datetime import timedelta

    model.set_messages(
        [
            make_message(1, "a", created_at=t),
            make_message(2, "b", created_at=t + timedelta(minutes=1)),
            make_message(3, "c", author=ME, created_at=t + timedelta(minutes=2)),
        ],
        has_older=False,
    )
    settle(qtbot, view)
    second, third = layout(view, model, 1), layout(view, model, 2)
    assert second.bubble.top() < third.bubble.top()


def test_link_click_emits_url(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(
        [make_message(1, "Здравствуйте, смотрите https://пример.рф/путь?x=1, спасибо")],
        has_older=False,
    )
    settle(qtbot, view)
    pos = hit_point(view, 0, HitKind.LINK)
    with qtbot.waitSignal(view.linkActivated) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    url: QUrl = sig.args[0]
    assert url.scheme() == "https"
    assert url.host() == "пример.рф"
    assert url.path() == "/путь"


def test_ticket_reference_click(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages([make_message(1, "Это как в тикете #123, верно?")], has_older=False)
    settle(qtbot, view)
    with qtbot.waitSignal(view.ticketLinkActivated) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.TICKET)
        )
    assert sig.args == [123]


def test_click_outside_link_emits_nothing(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages([make_message(1, "plain words then https://example.com")], has_older=False)
    settle(qtbot, view)
    lay = layout(view, model, 0)
    origin = view.delegate.origin(model.row_at(0), view.visualRect(model.index(0)))  # type: ignore[arg-type]
    pos = (lay.text_pos + origin + QPointF(3, 5)).toPoint()  # on "plain"
    emitted: list[object] = []
    view.linkActivated.connect(emitted.append)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert emitted == []
    assert view.currentIndex().row() == 0  # the click still selects the message


def test_link_after_emoji_maps_utf16_offsets(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(
        [make_message(1, "😀😀😀 see #77 and https://example.com/ok")], has_older=False
    )
    settle(qtbot, view)
    with qtbot.waitSignal(view.ticketLinkActivated) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.TICKET)
        )
    assert sig.args == [77]
    with qtbot.waitSignal(view.linkActivated) as sig2:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.LINK)
        )
    assert sig2.args[0] == QUrl("https://example.com/ok")


def test_wrapped_link_has_a_rect_per_line(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    url = "https://example.com/" + "a" * 300
    model.set_messages([make_message(1, "x " + url)], has_older=False)
    settle(qtbot, view)
    link_rects = [a for a in layout(view, model, 0).hits if a.kind is HitKind.LINK]
    assert len(link_rects) >= 2
    with qtbot.waitSignal(view.linkActivated) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.LINK, nth=1)
        )
    assert sig.args[0].toString() == url


def test_pointing_hand_over_links(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages([make_message(1, "see https://example.com please")], has_older=False)
    settle(qtbot, view)
    qtbot.mouseMove(view.viewport(), hit_point(view, 0, HitKind.LINK))
    qtbot.waitUntil(lambda: view.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor)
    qtbot.mouseMove(view.viewport(), QPoint(view.viewport().width() - 3, 3))
    qtbot.waitUntil(lambda: view.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor)


def test_long_unbroken_word_wraps_inside_the_view(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    word = "Ё" * 2000
    model.set_messages(
        [make_message(1, word), make_message(2, "x" * 3000, author=ME)], has_older=False
    )
    settle(qtbot, view)
    width = view.viewport().width()
    for row in range(2):
        lay = layout(view, model, row)
        assert lay.bubble.left() >= 0 and lay.bubble.right() <= width
        text_right = lay.text_pos.x() + max(
            lay.text_layout.lineAt(i).naturalTextWidth() for i in range(lay.text_layout.lineCount())
        )
        assert text_right <= lay.bubble.right()
        assert lay.text_layout.lineCount() > 10
    assert view.horizontalScrollBar().maximum() == 0


def test_cyrillic_text_is_laid_out_and_copied(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    text = "Добрый день!\nБот не отвечает с 09:00 по МСК.\r\nСпасибо."
    model.set_messages([make_message(1, text)], has_older=False)
    settle(qtbot, view)
    lay = layout(view, model, 0)
    assert lay.text_layout.lineCount() == 3  # newlines are line breaks
    view.setCurrentIndex(model.index(0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert (
        QGuiApplication.clipboard().text()
        == "Добрый день!\nБот не отвечает с 09:00 по МСК.\nСпасибо."
    )


def test_context_menu_copy_text_and_link(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages([make_message(1, "Ссылка: https://example.com/x")], has_older=False)
    settle(qtbot, view)
    menu = view.build_context_menu(hit_point(view, 0, HitKind.LINK))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert {"Open link", "Copy link", "Copy text"} <= set(actions)
    actions["Copy link"].trigger()
    assert QGuiApplication.clipboard().text() == "https://example.com/x"
    actions["Copy text"].trigger()
    assert QGuiApplication.clipboard().text() == "Ссылка: https://example.com/x"


def test_file_chip_click(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    att = file_attachment(5, "журнал ошибок за ноябрь.zip", 1_258_291)
    model.set_messages([make_message(1, "", attachments=[att])], has_older=False)
    settle(qtbot, view)
    chip = layout(view, model, 0).files[0]
    assert chip.detail.startswith("1.2 MB")
    with qtbot.waitSignal(view.fileActivated) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 0, HitKind.FILE)
        )
    assert sig.args == [att]


def test_failed_send_row_buttons(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(2), has_older=False)
    model.set_pending(
        [
            PendingEntry(
                9, 42, "не ушло", False, "failed", "Network is unreachable", NOW, ("a.png",)
            ),
            PendingEntry(10, 42, "в пути", False, "sending", None, NOW),
        ]
    )
    settle(qtbot, view)
    failed, sending = layout(view, model, 2), layout(view, model, 3)
    assert failed.kind is BubbleKind.FAILED and failed.error_text == "Network is unreachable"
    assert [b.label for b in failed.buttons] == ["Retry", "Discard", "Copy"]
    assert failed.files[0].name == "a.png"
    assert sending.status_text == "Sending…" and not sending.buttons
    assert failed.bubble.right() > view.delegate.layout_width * 0.9  # a staff-side bubble
    with qtbot.waitSignal(view.retryRequested) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 2, HitKind.RETRY)
        )
    assert sig.args == [9]
    with qtbot.waitSignal(view.discardRequested) as sig:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 2, HitKind.DISCARD)
        )
    assert sig.args == [9]
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=hit_point(view, 2, HitKind.COPY)
    )
    assert QGuiApplication.clipboard().text() == "не ушло"


def test_empty_states_paint(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    assert view.empty_text() == "Select a ticket to see the conversation"
    model.set_messages([], has_older=False)
    assert view.empty_text() == "No messages yet"
    blank = view.grab().toImage()
    # some pixels in the middle are text-coloured, not background
    colours = {blank.pixel(x, blank.height() // 2) for x in range(blank.width())}
    assert len(colours) > 2


def test_tooltips(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    att = file_attachment(6, "report.pdf", 2048)
    in_november = datetime(2026, 11, 24, 9, 1, tzinfo=UTC)
    message = make_message(
        1, "see https://example.com/a", attachments=[att], created_at=in_november
    )
    model.set_messages([message], has_older=False)
    settle(qtbot, view)
    assert view._tooltip_at(hit_point(view, 0, HitKind.LINK)) == "https://example.com/a"
    assert view._tooltip_at(hit_point(view, 0, HitKind.FILE)) == "report.pdf (2.0 kB)"
    bubble = view.delegate.bubble_rect(model.index(0), view.visualRect(model.index(0)))
    when = view._tooltip_at(bubble.topLeft().toPoint() + QPoint(4, 4))
    assert "November 2026" in when
    assert view._tooltip_at(QPoint(view.viewport().width() - 2, 2)) == ""


def test_theme_switch_repaints_without_relayout(qtbot: Any, chat: Chat) -> None:
    from ui.theme import DARK

    view, model = chat
    model.set_messages(thread(20), has_older=False)
    settle(qtbot, view)
    computed = view.delegate.layouts_computed
    view.set_theme(DARK)
    view.grab()
    assert view.delegate.theme is DARK
    assert view.delegate.layouts_computed == computed


# A popup menu on the offscreen platform: it cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore("raise", "grabbing the keyboard")
def test_enter_on_a_message_offers_what_a_click_reaches(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    att = file_attachment(5, "журнал.zip", 1_258_291)
    body = "См. #42 и https://example.com/x"
    model.set_messages([make_message(1, body, attachments=[att])], has_older=False)
    settle(qtbot, view)
    menu = view.build_row_menu(0)
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {
        "Open ticket #42",
        "Open link https://example.com/x",
        "Open журнал.zip",
        "Copy text",
    }
    with qtbot.waitSignal(view.fileActivated) as sig:
        actions["Open журнал.zip"].trigger()
    assert sig.args == [att]
    with qtbot.waitSignal(view.ticketLinkActivated) as sig:
        actions["Open ticket #42"].trigger()
    assert sig.args == [42]
    # From the keyboard alone: focus the message, press Enter, the menu pops up.
    view.setFocus()
    view.setCurrentIndex(model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    popup = QApplication.activePopupWidget()
    assert popup is not None
    popup.close()
