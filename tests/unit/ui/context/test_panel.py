from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desk.client.customer_context import CustomerContextTracker
from desk.client.store import Store
from desk.domain import Attachment, Message, Priority, Status, Ticket, User, WaitingOn
from tests.helpers.images import screenshot_png
from tests.helpers.messages import file_attachment, image_attachment, make_message
from tests.helpers.people import ALEX_MORGAN, make_customer
from tests.helpers.tickets import make_ticket
from tests.helpers.waiting import wait_until
from ui.chat.thumbnails import ThumbnailLoader
from ui.context.panel import ContextPanel
from ui.theme import DARK, LIGHT, Theme, palette_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
IRINA = make_customer(
    "Ирина Петрова",
    id=100,
    email="irina.petrova@romashka-shop.ru",
    company="ООО «Ромашка»",
)
OTHER = make_customer("John Smith", id=101, email="john@example.com")


def ticket(tid: int, title: str, hours_ago: float, customer: User = IRINA, **kw: Any) -> Ticket:
    """Irina's ticket, last active ``hours_ago`` before NOW, handled by Alex."""
    at = NOW - timedelta(hours=hours_ago)
    fields: dict[str, Any] = {
        "created_at": at - timedelta(hours=1),
        "updated_at": at,
        "last_message_at": at,
        "last_message_preview": "",
        "due_at": None,
    }
    return make_ticket(tid, title=title, customer=customer, assignee=ALEX_MORGAN, **(fields | kw))


def closed(tid: int, title: str, days_ago: float) -> Ticket:
    at = NOW - timedelta(days=days_ago)
    return ticket(tid, title, days_ago * 24, status=Status.DONE, waiting_on=None, closed_at=at)


def shot(aid: int) -> Attachment:
    return image_attachment(aid, 1440, 900, filename=f"Снимок экрана {aid}.png", size=412_000)


def msg(
    mid: int, tid: int, body: str, minutes_ago: int, files: list[Attachment] | None = None
) -> Message:
    """Irina's message on ticket ``tid``, ``minutes_ago`` before NOW."""
    at = NOW - timedelta(minutes=minutes_ago)
    return make_message(
        mid, body, ticket_id=tid, author=IRINA, attachments=files or [], created_at=at, seq=mid
    )


CHATS = "https://app.aitextura.com/chats/"
HOOK = "https://crm.romashka-shop.ru/hooks/aitextura/telegram/v2/incoming"
ACT = file_attachment(504, "Акт_сверки_ноябрь_2026.pdf", 184_320, content_type="application/pdf")
OPEN_TICKET = ticket(
    4312,
    "СРОЧНО: бот не отвечает в Telegram после обновления",
    0.3,
    urgent=True,
    priority=Priority.HIGH,
)
IRINA_TICKETS = [
    OPEN_TICKET,
    ticket(4298, "Виджет на сайте не загружается в Safari", 5),
    ticket(4250, "Как подключить второго оператора к WhatsApp?", 26, waiting_on=WaitingOn.CUSTOMER),
    closed(4102, "Не приходят уведомления о новых диалогах на почту", 3),
    closed(3990, "Счёт за ноябрь: нужен акт сверки", 12),
    closed(3721, "Перенос сценариев из старого аккаунта", 40),
]
THREAD = [
    msg(1, 4312, f"Здравствуйте! Бот перестал отвечать, пример: {CHATS}111155", 95),
    msg(2, 4312, "Вот что видим в панели", 90, [shot(501)]),
    msg(3, 4312, f"Ещё диалоги без ответа: {CHATS}111187 и {CHATS}111190", 60),
    msg(4, 4312, f"Вебхук отвечает 200: {HOOK}", 45),
    msg(5, 4312, "Скриншоты ошибок", 30, [shot(502), shot(503)]),
    msg(6, 4312, "Акт и логи во вложении. Статус: https://status.aitextura.com/", 20, [ACT]),
    msg(7, 4312, f"Снова {CHATS}111155?message=88", 10),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cache.sqlite3") as s:
        s.upsert_tickets([*IRINA_TICKETS, ticket(5000, "Чужой тикет", 1, OTHER)])
        s.upsert_messages(THREAD)
        yield s


def make_panel(
    qtbot: QtBot, store: Store, theme: Theme = LIGHT, loader: Any = None
) -> ContextPanel:
    panel = ContextPanel(CustomerContextTracker(store), loader, theme, now=lambda: NOW)
    qtbot.addWidget(panel)
    panel.setPalette(palette_for(theme))
    panel.resize(320, 860)
    return panel


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, store: Store, theme: Theme) -> None:
    async def fetch(_aid: int, _size: int) -> bytes:
        return screenshot_png(640, 400)

    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0)
    panel = make_panel(qtbot, store, theme, loader)
    font = QFont(panel.font())
    font.setPointSizeF(10)
    panel.setFont(font)
    panel.set_ticket(OPEN_TICKET)
    panel.show()
    qtbot.waitExposed(panel)

    panel.repaint()
    qloop.run_until_complete(wait_until(lambda: all(loader.pixmap(a) for a in (501, 502, 503))))
    image = panel.grab()
    folder = os.environ.get("DESK_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"context-{'dark' if theme.dark else 'light'}.png"))
    loader.close()


# --- what it shows -------------------------------------------------------------------------


@pytest.fixture
def panel(qtbot: QtBot, store: Store) -> ContextPanel:
    widget = make_panel(qtbot, store)
    widget.set_ticket(OPEN_TICKET)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_customer_tickets_links_and_files(panel: ContextPanel) -> None:
    assert panel._stack.currentIndex() == 1
    assert panel.card.name_label.full_text() == "Ирина Петрова"
    assert panel.card.company_label.full_text() == "ООО «Ромашка»"
    assert panel.card.email_label.full_text() == IRINA.email
    assert panel.card.summary_label.text() == "6 tickets · 3 open"
    assert [r.ticket.id for r in panel.ticket_rows if r.ticket] == [4298, 4250, 4102, 3990, 3721]
    assert panel.ticket_rows[0].when_text() == "5 h ago"
    assert not panel.more_label.isVisible()
    assert [r.label() for r in panel.link_rows] == [
        "Conversation 111155",
        "status.aitextura.com",
        "crm.romashka-shop.ru/hooks/…/incoming",
        "Conversation 111187",
        "Conversation 111190",
    ]
    wide, narrow = panel.link_rows[2].fitting_label(900), panel.link_rows[2].fitting_label(150)
    assert wide == "crm.romashka-shop.ru/hooks/aitextura/telegram/v2/incoming"
    assert narrow == "crm.romashka-shop.ru/…/incoming"
    assert [t.file.attachment.id for t in panel.tile_grid.tiles if t.file] == [502, 503, 501]
    assert [r.file.attachment.filename for r in panel.file_rows if r.file] == [
        "Акт_сверки_ноябрь_2026.pdf"
    ]
    counts = [s.header.count_text for s in panel.sections()]
    assert counts == ["5", "5", "4"]
    assert all(not s.empty.isVisible() for s in panel.sections())


def test_empty_state_and_empty_sections(qtbot: QtBot, panel: ContextPanel, store: Store) -> None:
    panel.set_ticket(None)
    assert panel._stack.currentIndex() == 0 and panel.context() is None
    lone = ticket(5000, "Чужой тикет", 1, OTHER)
    panel.set_ticket(lone)
    assert panel._stack.currentIndex() == 1
    assert panel.card.summary_label.text() == "1 ticket · 1 open"
    assert not panel.card.company_label.isVisible()
    assert (panel.ticket_rows, panel.link_rows, panel.file_rows) == ([], [], [])
    qtbot.waitUntil(lambda: not panel.tile_grid.tiles)
    assert all(s.empty.isVisible() for s in panel.sections())
    assert [s.header.count_text for s in panel.sections()] == ["", "", ""]


# --- what it emits -------------------------------------------------------------------------


def test_clicks_become_signals(qtbot: QtBot, panel: ContextPanel) -> None:
    with qtbot.waitSignal(panel.ticketRequested) as ticket_sig:
        QTest.mouseClick(panel.ticket_rows[1], Qt.MouseButton.LeftButton)
    assert ticket_sig.args == [4250]
    with qtbot.waitSignal(panel.linkActivated) as link_sig:
        QTest.mouseClick(panel.link_rows[0], Qt.MouseButton.LeftButton)
    assert link_sig.args == [QUrl("https://app.aitextura.com/chats/111155?message=88")]
    panel.attachments_section.body.show()
    with qtbot.waitSignal(panel.imageActivated) as image_sig:
        QTest.mouseClick(panel.tile_grid.tiles[1], Qt.MouseButton.LeftButton)
    assert image_sig.args[0].id == 503
    with qtbot.waitSignal(panel.fileActivated) as file_sig:
        QTest.mouseClick(panel.file_rows[0], Qt.MouseButton.LeftButton)
    assert file_sig.args[0].content_type == "application/pdf"
    # Rows are buttons: the keyboard opens them too.
    panel.ticket_rows[0].setFocus()
    with qtbot.waitSignal(panel.ticketRequested) as key_sig:
        QTest.keyClick(panel.ticket_rows[0], Qt.Key.Key_Space)
    assert key_sig.args == [4298]


def test_copy_email(qtbot: QtBot, panel: ContextPanel) -> None:
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(panel.infoMessage) as info:
        QTest.mouseClick(panel.card.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == IRINA.email
    assert info.args == ["Email copied"]


def test_sections_fold_and_stay_folded(qtbot: QtBot, panel: ContextPanel) -> None:
    links = panel.links_section
    with qtbot.waitSignal(panel.collapsedChanged) as folded:
        QTest.mouseClick(links.header, Qt.MouseButton.LeftButton)
    assert folded.args == [frozenset({"links"})]
    assert not links.body.isVisible() and panel.link_rows[0].isHidden() is False
    panel.set_ticket(IRINA_TICKETS[1])  # another ticket: the fold stays
    assert panel.collapsed_sections() == {"links"}
    panel.set_collapsed_sections(["tickets", "attachments"])
    assert panel.collapsed_sections() == {"tickets", "attachments"}
    assert links.body.isVisible() and not panel.tickets_section.body.isVisible()


# --- keeping up with the store ---------------------------------------------------------------


def test_refresh_touches_only_what_changed(qtbot: QtBot, panel: ContextPanel, store: Store) -> None:
    tickets, links, tiles = (
        list(panel.ticket_rows),
        list(panel.link_rows),
        list(panel.tile_grid.tiles),
    )
    context = panel.context()
    # Someone else's thread: nothing shown moves, not even the context object.
    panel.refresh(store.upsert_messages([msg(50, 5000, "https://elsewhere.example.com", 1)]))
    panel.refresh(store.upsert_tickets([ticket(5000, "Чужой тикет", 0.5, OTHER, seq=9000)]))
    assert panel.context() is context
    # A new link in this thread: one more link row, the others reused, tickets untouched.
    panel.refresh(
        store.upsert_messages([msg(51, 4312, "См. https://app.aitextura.com/chats/222000", 0)])
    )
    assert panel.link_rows[: len(links)] == links and len(panel.link_rows) == 6
    assert panel.link_rows[0].label() == "Conversation 222000"
    assert panel.ticket_rows == tickets and panel.tile_grid.tiles == tiles
    assert panel.links_section.header.count_text == "6"
    # A new ticket of Irina's goes on top of the list; the links stay as they are.
    link_objects = [r.link for r in panel.link_rows]
    panel.refresh(store.upsert_tickets([ticket(4400, "Не работает оплата картой", 0.1)]))
    assert panel.ticket_rows[0].ticket is not None and panel.ticket_rows[0].ticket.id == 4400
    assert [r.link for r in panel.link_rows] == link_objects
    assert panel.card.summary_label.text() == "7 tickets · 4 open"


def test_long_history_shows_twenty_and_a_count(
    qtbot: QtBot, panel: ContextPanel, store: Store
) -> None:
    panel.refresh(
        store.upsert_tickets([closed(3000 + i, f"Старый вопрос {i}", 50 + i) for i in range(30)])
    )
    assert len(panel.ticket_rows) == 20
    assert panel.more_label.isVisible() and panel.more_label.text() == "+15 more"
    assert panel.tickets_section.header.count_text == "35"


def test_thumbnails_show_placeholders_until_loaded(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, store: Store
) -> None:
    release = asyncio.Event()
    asked: list[int] = []

    async def fetch(aid: int, _size: int) -> bytes:
        asked.append(aid)
        await release.wait()
        return screenshot_png(320, 200)

    loader = ThumbnailLoader(fetch, loop=qloop, device_pixel_ratio=1.0)
    panel = make_panel(qtbot, store, LIGHT, loader)
    panel.set_ticket(OPEN_TICKET)
    panel.show()
    qtbot.waitExposed(panel)

    async def scenario() -> None:
        panel.repaint()  # painting a placeholder asks for its thumbnail
        await wait_until(lambda: len(asked) == 3)
        tile = panel.tile_grid.tiles[0]
        assert tile.is_placeholder()
        before = tile.grab().toImage().pixelColor(tile.width() // 2, 8)
        release.set()
        await wait_until(lambda: not any(t.is_placeholder() for t in panel.tile_grid.tiles))
        after = tile.grab().toImage().pixelColor(tile.width() // 2, 8)
        assert before != after  # the screenshot's blue title bar replaced the grey

    qloop.run_until_complete(scenario())
    assert sorted(asked) == [501, 502, 503]  # once each; the PDF has no thumbnail
    loader.close()


def test_theme_switch_repaints_everything(panel: ContextPanel) -> None:
    row = panel.ticket_rows[0]
    spot = row.mapTo(panel, QPoint(2, 2))
    light = panel.grab().toImage().pixelColor(spot)
    panel.set_theme(DARK)
    assert row._theme is DARK and panel.tile_grid.tiles[0]._theme is DARK
    dark = panel.grab().toImage().pixelColor(spot)
    assert light.lightness() > 200 and dark.lightness() < 60


def test_long_threads_show_the_newest_links_until_asked(
    qtbot: QtBot, panel: ContextPanel, store: Store
) -> None:
    many = [msg(100 + i, 4312, f"{CHATS}{300000 + i}", 0) for i in range(30)]
    panel.refresh(store.upsert_messages(many))
    button = panel.links_section.show_all_button
    assert len(panel.link_rows) == 10 and button.isVisible()
    assert button.text() == "Show all 35" and panel.links_section.header.count_text == "35"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(panel.link_rows) == 35 and not button.isVisible()
    panel.set_ticket(IRINA_TICKETS[1])  # another ticket starts short again
    panel.set_ticket(OPEN_TICKET)
    assert len(panel.link_rows) == 10


def test_setting_the_shown_ticket_again_reads_nothing(panel: ContextPanel) -> None:
    context, rows = panel.context(), list(panel.ticket_rows)
    panel.set_ticket(msgspec.structs.replace(OPEN_TICKET, unread_count=3))
    assert panel.context() is context and panel.ticket_rows == rows


def test_relative_times_follow_the_clock(qtbot: QtBot, store: Store) -> None:
    clock = [NOW]
    widget = ContextPanel(CustomerContextTracker(store), None, LIGHT, now=lambda: clock[0])
    qtbot.addWidget(widget)
    widget.set_ticket(OPEN_TICKET)
    assert widget.ticket_rows[0].when_text() == "5 h ago"
    clock[0] = NOW + timedelta(hours=2)
    widget.tick()
    assert widget.ticket_rows[0].when_text() == "7 h ago"


def test_tab_visits_each_section_header_then_its_rows(panel: ContextPanel) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    def tab_chain(start: QWidget, steps: int) -> list[QWidget]:
        chain, widget = [start], start
        while len(chain) < steps:
            widget = widget.nextInFocusChain()
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
                chain.append(widget)
        return chain

    tickets, links, files = panel.sections()
    chain = tab_chain(tickets.header, 1 + len(panel.ticket_rows) + 1 + len(panel.link_rows) + 1)
    expected = [tickets.header, *panel.ticket_rows, links.header, *panel.link_rows, files.header]
    assert chain == expected


def test_section_headers_say_their_counts(panel: ContextPanel) -> None:
    from PySide6.QtGui import QAccessible

    tickets = panel.sections()[0]
    iface = QAccessible.queryAccessibleInterface(tickets.header)
    assert iface is not None
    assert iface.text(QAccessible.Text.Name) == f"{tickets.header.text()}, 5"
