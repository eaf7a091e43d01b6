"""The canned-reply picker over the composer: "/" and Ctrl+M, filtering, keys, insertion."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desk.client.macros import Macro, MacroContext, MacroLibrary
from desk.domain import Ticket
from tests.helpers.clock import NOW
from tests.helpers.messages import make_message
from tests.helpers.people import ALEX_MORGAN, IRINA_PETROVA
from tests.helpers.tickets import done_ticket, make_ticket
from tests.helpers.waiting import wait_until
from ui.chat import ChatView, MessageListModel
from ui.chat.composer import Composer
from ui.macros import MacroPicker, attach_macro_picker
from ui.macros.model import PreviewRole
from ui.shortcuts.table import ShortcutId, install_shortcuts
from ui.tasks import TaskRunner
from ui.theme import DARK, LIGHT, Theme, palette_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CUSTOMER = IRINA_PETROVA
AGENT = ALEX_MORGAN
CONTEXT = MacroContext(customer=CUSTOMER, agent=AGENT, ticket_id=4217)

MACROS = [
    Macro(1, "Greeting", "Hello {{customer.first_name}}, this is {{agent.name}} from Desk."),
    Macro(
        2,
        "Refund policy",
        "Hi {{customer.name}},\nrefunds take 5–7 business days. Ticket #{{ticket.id}}.",
    ),
    Macro(
        3, "Возврат средств", "Здравствуйте, {{customer.first_name}}! Деньги вернутся за 5 дней."
    ),
    Macro(4, "Закрываем тикет", "{{customer.first_name}}, закрываю #{{ticket.id}}. Пишите!"),
    Macro(5, "Need logs", "Could you attach the bot logs for today? {{ agent.first_name }}"),
    Macro(6, "Broken one", "Dear {{customer.nmae}}, hello"),
]


def the_ticket(*, done: bool = False) -> Ticket:
    """The context's ticket, open or closed."""
    make = done_ticket if done else make_ticket
    return make(CONTEXT.ticket_id, title="Бот молчит в Telegram", customer=CUSTOMER)


class Host:
    """A window with a thread above the composer, as in the ticket pane."""

    def __init__(self, qtbot: QtBot, theme: Theme = LIGHT, with_thread: bool = False) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.setPalette(palette_for(theme))
        layout = QVBoxLayout(self.window)
        layout.setContentsMargins(12, 12, 12, 12)
        self.chat: ChatView | None = None
        if with_thread:
            self.chat = ChatView(theme=theme)
            self.chat.setPalette(palette_for(theme))
            model = MessageListModel(self.chat, tz=UTC, today=lambda: NOW.date())
            model.set_current_user(AGENT)
            self.chat.setModel(model)
            model.set_messages(
                [
                    make_message(
                        1, "Здравствуйте! Бот перестал отвечать в Telegram после обновления."
                    ),
                    make_message(2, "Можно вернуть деньги за этот месяц?"),
                ],
                has_older=False,
            )
            layout.addWidget(self.chat, 1)
        else:
            layout.addStretch(1)
        self.composer = Composer(self.window, theme=theme)
        self.composer.set_ticket_context(the_ticket())
        layout.addWidget(self.composer)
        self.window.resize(900, 620)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        self.composer.edit.setFocus()
        qtbot.waitUntil(self.composer.edit.hasFocus)
        self.library = MacroLibrary(macros=MACROS)
        self.context: MacroContext | None = CONTEXT
        self.picker = attach_macro_picker(
            self.composer, self.library, lambda: self.context, theme=theme
        )

    @property
    def edit(self) -> Any:
        return self.composer.edit


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[Host]:
    yield Host(qtbot)


def titles(picker: MacroPicker) -> list[str]:
    return [m.title for m in picker.visible_macros()]


def type_text(qtbot: QtBot, host: Host, text: str) -> None:
    """Types key by key. QTest only knows ASCII: other letters are sent as key events
    carrying their text (as a keyboard layout would), new lines as Return presses."""
    for char in text:
        if char == "\n":
            QTest.keyClick(host.edit, Qt.Key.Key_Return)
        elif char.isascii():
            QTest.keyClicks(host.edit, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(host.edit, event)


def key(qtbot: QtBot, host: Host, k: Qt.Key, mods: Any = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(host.edit, k, mods)


def test_slash_at_the_start_of_a_line_opens_the_picker(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    assert host.picker.is_open() and host.picker.isVisible()
    assert host.picker.query() == ""
    # Everything, ordered by title, the first one chosen.
    assert titles(host.picker) == sorted(titles(host.picker), key=str.casefold)
    assert len(titles(host.picker)) == len(MACROS)
    assert host.picker.current_macro() == host.picker.visible_macros()[0]


def test_slash_inside_a_line_is_just_a_slash(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "and/or ")
    assert not host.picker.is_open()
    type_text(qtbot, host, "\n  /")  # leading spaces still count as the start of a line
    assert host.picker.is_open()


def test_typing_filters_and_enter_inserts_the_filled_reply(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "Первая строка\n/воз")
    assert host.picker.query() == "воз"
    assert titles(host.picker) == ["Возврат средств"]
    with qtbot.waitSignal(host.picker.inserted) as inserted:
        key(qtbot, host, Qt.Key.Key_Return)
    assert inserted.args == [3]
    assert not host.picker.is_open()
    expected = "Первая строка\nЗдравствуйте, Ирина! Деньги вернутся за 5 дней."
    assert host.composer.text() == expected
    assert host.edit.textCursor().position() == len(expected)  # the caret follows the reply
    host.edit.undo()  # one step brings back what was typed
    assert host.composer.text() == "Первая строка\n/воз"


def test_filter_is_case_insensitive_and_ranks_title_prefixes_first(
    qtbot: QtBot, host: Host
) -> None:
    type_text(qtbot, host, "/ЗАКР")
    assert titles(host.picker) == ["Закрываем тикет"]
    for _ in range(4):
        key(qtbot, host, Qt.Key.Key_Backspace)
    type_text(qtbot, host, "re")
    # "Refund policy" starts with "re"; others only contain it.
    assert titles(host.picker)[0] == "Refund policy"
    assert "Greeting" in titles(host.picker)


def test_arrows_choose_and_wrap_around(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    shown = host.picker.visible_macros()
    key(qtbot, host, Qt.Key.Key_Down)
    assert host.picker.current_macro() == shown[1]
    key(qtbot, host, Qt.Key.Key_Up)
    key(qtbot, host, Qt.Key.Key_Up)
    assert host.picker.current_macro() == shown[-1]
    key(qtbot, host, Qt.Key.Key_PageUp)
    assert host.picker.current_macro() == shown[0]
    key(qtbot, host, Qt.Key.Key_Down)
    key(qtbot, host, Qt.Key.Key_Tab)  # Tab inserts too, like in completers
    assert host.composer.text() == shown[1].body.replace(
        "{{customer.first_name}}", "Ирина"
    ).replace("{{agent.name}}", "Alex Morgan").replace(
        "{{customer.name}}", "Ирина Петрова"
    ).replace("{{ticket.id}}", "4217")


def test_escape_closes_and_leaves_the_text_and_no_window_shortcut_fires(
    qtbot: QtBot, host: Host
) -> None:
    back = QAction("Back to queue", host.window)
    back.setShortcut(QKeySequence("Esc"))
    back.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    host.window.addAction(back)
    fired: list[bool] = []
    back.triggered.connect(lambda: fired.append(True))

    type_text(qtbot, host, "/ref")
    key(qtbot, host, Qt.Key.Key_Escape)
    assert not host.picker.is_open()
    assert host.composer.text() == "/ref"
    assert fired == []  # the picker took the key
    key(qtbot, host, Qt.Key.Key_Escape)
    assert fired == [True]  # closed, Esc is the window's again


def test_no_match_shows_the_empty_state_and_enter_is_a_new_line(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/zzz")
    assert host.picker.is_open()
    assert host.picker.visible_macros() == []
    assert host.picker.empty_text() == "No canned replies match"
    key(qtbot, host, Qt.Key.Key_Return)
    assert not host.picker.is_open()
    assert host.composer.text() == "/zzz\n"


def test_a_space_after_a_query_without_matches_closes_it(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/etc/hosts")
    assert host.picker.is_open()
    type_text(qtbot, host, " is")
    assert not host.picker.is_open()
    assert host.composer.text() == "/etc/hosts is"


def test_spaces_inside_a_matching_query_keep_filtering(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/ref pol")
    assert host.picker.is_open() and titles(host.picker) == ["Refund policy"]


def test_deleting_the_slash_or_leaving_the_line_closes_it(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/g")
    key(qtbot, host, Qt.Key.Key_Backspace)
    assert host.picker.is_open() and host.picker.query() == ""
    key(qtbot, host, Qt.Key.Key_Backspace)
    assert not host.picker.is_open()

    type_text(qtbot, host, "hello\n/gr")
    assert host.picker.is_open()
    key(qtbot, host, Qt.Key.Key_Home)  # caret before the slash
    assert not host.picker.is_open()
    assert host.composer.text() == "hello\n/gr"


def test_leaving_the_editor_closes_it(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    host.composer.send_button.setFocus()
    qtbot.waitUntil(lambda: not host.picker.is_open())
    assert host.composer.text() == "/"


def test_ctrl_m_opens_at_the_caret_and_replaces_what_is_typed_after_it(
    qtbot: QtBot, host: Host
) -> None:
    type_text(qtbot, host, "Hi! ")
    assert host.picker.open()
    assert host.picker.is_open() and host.picker.query() == ""
    type_text(qtbot, host, "need")
    assert titles(host.picker) == ["Need logs"]
    key(qtbot, host, Qt.Key.Key_Enter)
    assert host.composer.text() == "Hi! Could you attach the bot logs for today? Alex"


def test_a_click_inserts_the_row(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    view = host.picker.view
    index = host.picker.model.index(1, 0)
    chosen = host.picker.model.macro_at(1)
    assert chosen is not None
    with qtbot.waitSignal(host.picker.inserted) as inserted:
        QTest.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    assert inserted.args == [chosen.id]
    assert not host.composer.text().startswith("/")
    assert host.edit.hasFocus()  # clicking the list never took the focus


def test_it_stays_shut_without_a_ticket_or_on_a_closed_one(qtbot: QtBot, host: Host) -> None:
    host.context = None
    assert not host.picker.open()
    type_text(qtbot, host, "/")
    assert not host.picker.is_open()
    host.context = CONTEXT
    host.composer.set_ticket_context(the_ticket(done=True))
    assert not host.picker.open()


def test_switching_tickets_closes_it(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/gr")
    host.composer.set_ticket_context(None)
    assert not host.picker.is_open()


def test_previews_are_filled_for_the_ticket(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/refund")
    preview = host.picker.model.index(0, 0).data(PreviewRole)
    assert preview == "Hi Ирина Петрова, refunds take 5–7 business days. Ticket #4217."


def test_unknown_placeholders_are_inserted_as_written_and_reported(
    qtbot: QtBot, host: Host
) -> None:
    type_text(qtbot, host, "/broken")
    with qtbot.waitSignal(host.picker.notice) as notice:
        key(qtbot, host, Qt.Key.Key_Return)
    assert host.composer.text() == "Dear {{customer.nmae}}, hello"
    assert "{{customer.nmae}}" in notice.args[0]


def test_the_list_follows_the_library(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    host.library.upsert(Macro(7, "Apology", "Sorry for the wait, {{customer.first_name}}."))
    assert titles(host.picker)[0] == "Apology"
    host.library.set_macros([])
    assert host.picker.empty_text().startswith("No canned replies yet")


def test_it_sits_above_the_caret_inside_the_window(qtbot: QtBot, host: Host) -> None:
    type_text(qtbot, host, "/")
    geometry = host.picker.geometry()
    assert host.window.rect().contains(geometry)
    caret = host.edit.viewport().mapTo(host.window, host.edit.cursorRect().topLeft())
    assert geometry.bottom() < caret.y()
    assert geometry.height() > 0 and geometry.width() >= 360


def test_model_passes_the_model_tester(qtbot: QtBot, host: Host) -> None:
    QAbstractItemModelTester(host.picker.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    type_text(qtbot, host, "/re")
    key(qtbot, host, Qt.Key.Key_Backspace)
    host.library.upsert(Macro(8, "Reboot", "Please restart the bot."))


def test_an_empty_library_is_loaded_on_first_open(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    calls: list[int] = []

    async def load() -> list[Macro]:
        calls.append(1)
        return MACROS

    h = Host(qtbot)
    runner = TaskRunner()
    library = MacroLibrary(load)
    picker = attach_macro_picker(h.composer, library, lambda: CONTEXT, runner=runner)
    h.picker.deleteLater()

    async def scenario() -> None:
        assert picker.open()
        assert picker.empty_text() == "Loading canned replies…"
        await wait_until(lambda: len(picker.visible_macros()) == len(MACROS))

    qloop.run_until_complete(scenario())
    assert calls == [1]


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render_the_picker_over_a_composer(qtbot: QtBot, theme: Theme) -> None:
    h = Host(qtbot, theme, with_thread=True)
    font = QFont(h.window.font())
    font.setPointSizeF(10)
    h.window.setFont(font)
    h.library.upsert(Macro(9, "Refund: how long it takes", "Hello {{customer.first_name}}, …"))
    type_text(qtbot, h, "Добрый день!\n/")
    key(qtbot, h, Qt.Key.Key_Down)
    image = h.window.grab().toImage()
    assert h.picker.isVisible() and not image.isNull()
    picker_centre = h.picker.geometry().center()
    # The picker paints its own base colour over the thread.
    assert image.pixelColor(QPoint(picker_centre.x(), h.picker.geometry().top() + 3)).isValid()
    save(image, f"macros-picker-{'dark' if theme.dark else 'light'}.png")
    type_text(qtbot, h, "возв")
    save(
        h.window.grab().toImage(), f"macros-picker-filtered-{'dark' if theme.dark else 'light'}.png"
    )
    for _ in range(4):
        key(qtbot, h, Qt.Key.Key_Backspace)
    type_text(qtbot, h, "qqq")
    save(h.window.grab().toImage(), f"macros-picker-empty-{'dark' if theme.dark else 'light'}.png")


def save(image: Any, name: str) -> None:
    out = os.environ.get("DESK_SHOTS_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(out) / name))


def test_with_the_app_shortcuts_ctrl_m_opens_it_and_keys_stay_in_the_picker(
    qtbot: QtBot, host: Host
) -> None:
    calls: list[str] = []
    install_shortcuts(
        host.window,
        {
            ShortcutId.CANNED_REPLIES: host.picker.open,
            ShortcutId.BACK_TO_QUEUE: lambda: calls.append("back"),
            ShortcutId.NEXT_TICKET: lambda: calls.append("next"),
            ShortcutId.OPEN_TICKET: lambda: calls.append("open"),
        },
        composer=host.composer,
    )
    type_text(qtbot, host, "Hi ")
    key(qtbot, host, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert host.picker.is_open()
    type_text(qtbot, host, "gr")
    key(qtbot, host, Qt.Key.Key_Down)
    key(qtbot, host, Qt.Key.Key_Escape)
    assert not host.picker.is_open() and host.composer.text() == "Hi gr"
    key(qtbot, host, Qt.Key.Key_Backspace)
    key(qtbot, host, Qt.Key.Key_Backspace)
    key(qtbot, host, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, host, "greet")
    key(qtbot, host, Qt.Key.Key_Return)
    assert host.composer.text() == "Hi Hello Ирина, this is Alex Morgan from Desk."
    assert calls == []  # no window shortcut saw any of those keys
