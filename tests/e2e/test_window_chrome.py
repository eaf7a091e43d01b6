"""The main window's chrome as assistive technology and a Russian speaker meet it: on
the embedded demo server's data, every button has a name a screen reader can say, and
with the Russian catalogues loaded no English word is left in menus, buttons, labels,
tooltips or the main dialogs."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desk.demo.environment import open_demo_session
from tests.helpers.app_harness import running_window, wait_until
from ui.context.rows import TicketRow
from ui.header.close_confirmation import close_confirmation_box
from ui.mainwindow.panels import open_macros_dialog
from ui.mainwindow.window import MainWindow
from ui.settings.dialog import SettingsDialog
from ui.settings.store import SettingsStore
from ui.shortcuts.dialog import ShortcutsDialog
from ui.sign_in import SignInDialog
from ui.tasks import TaskRunner

# The offscreen platform cannot propagate size hints or raise windows; harmless.
pytestmark = [pytest.mark.e2e, pytest.mark.qt_log_ignore("propagateSizeHints", "raise\\(\\)")]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the module: seeding it takes seconds, reusing it does not."""
    return tmp_path_factory.mktemp("demo")


@asynccontextmanager
async def demo_window(demo_dir: Path, tmp: Path) -> AsyncIterator[MainWindow]:
    session = await open_demo_session(demo_dir, store_root=tmp / "cache")
    settings = SettingsStore(QSettings(str(tmp / "desk.ini"), QSettings.Format.IniFormat))
    async with running_window(session, TaskRunner(), settings) as window:
        await wait_until(lambda: window.queue_model.rowCount() > 50)
        await wait_until(lambda: window.ticket.ticket_id is not None)
        await wait_until(lambda: window.pane.chat_model.rowCount() > 0)
        yield window


@asynccontextmanager
async def main_dialogs(window: MainWindow) -> AsyncIterator[list[QDialog]]:
    """The dialogs people meet most: settings, shortcuts, canned replies, sign-in,
    closing a ticket, About."""
    dialogs: list[QDialog] = [
        SettingsDialog(window.settings_store.load(), parent=window),
        ShortcutsDialog(window),
        open_macros_dialog(window, window.macros),
        SignInDialog(server_url="https://desk.example.ru", parent=window),
        close_confirmation_box(window, 42)[0],
    ]
    window.show_about()
    dialogs += [box for box in window.findChildren(QMessageBox) if box not in dialogs]
    library = window.macros
    await wait_until(lambda: library.loaded and not library.loading)  # its list is filled
    await asyncio.sleep(0.1)
    try:
        yield dialogs
    finally:
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()


def spoken_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name).strip()


def menu_actions(window: MainWindow) -> Iterator[QAction]:
    def walk(menu: QMenu) -> Iterator[QAction]:
        for action in menu.actions():
            if action.isSeparator():
                continue
            yield action
            if action.menu() is not None:
                yield from walk(action.menu())  # type: ignore[arg-type]

    for top in window.menuBar().actions():
        yield top
        if top.menu() is not None:
            yield from walk(top.menu())  # type: ignore[arg-type]


def test_every_button_and_menu_entry_has_a_name(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, demo_dir: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with demo_window(demo_dir, tmp_path) as window:
            async with main_dialogs(window) as dialogs:
                roots: list[QWidget] = [window, *dialogs]
                buttons = [b for root in roots for b in root.findChildren(QAbstractButton)]
            assert len(buttons) > 20
            nameless = [
                f"{type(b).__name__} {b.objectName() or '(no objectName)'} "
                f"in {type(b.parent()).__name__}"
                for b in buttons
                # Qt's table corner button: disabled and never shown in the queue.
                if not spoken_name(b) and (b.isEnabled() or b.isVisibleTo(b.window()))
            ]
            assert nameless == [], nameless
            assert [a for a in menu_actions(window) if not a.text().strip()] == []

    qloop.run_until_complete(scenario())


# Latin words that may stay in the Russian UI: names of products, formats and keys.
ALLOWED_LATIN = {
    "desk", "telegram", "ctrl", "shift", "alt", "enter", "esc", "tab", "del", "f", "pgup",
    "pgdown", "home", "end", "up", "down", "left", "right", "return", "space", "backspace",
    "delete", "ins", "meta", "url", "https", "http", "png", "jpg", "csv", "pdf", "zip", "id",
    "ok",  # Qt's own Russian catalogue keeps "OK" on its standard button
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")


def content_of(window: MainWindow) -> list[str]:
    """What the tickets, people and messages say: shown by the chrome, but not chrome.
    The demo's customer simulator keeps opening tickets, so those the queue and the
    customer panel hold count too, not only the cached ones."""
    found: set[str] = set()
    model = window.queue_model
    shown = [model.ticket_at(row) for row in range(model.rowCount())]
    shown += [row.ticket for row in window.findChildren(TicketRow)]
    for ticket in [*window.session.store.load_tickets(), *filter(None, shown)]:
        found |= {ticket.title, ticket.customer.name, ticket.customer.company or ""}
        found |= {ticket.customer.email, ticket.last_message_preview or ""}
        if ticket.assignee is not None:
            found |= {ticket.assignee.name, ticket.assignee.email}
    chat = window.pane.chat_model
    for row in range(chat.rowCount()):
        message = chat.message_at(row)
        if message is not None:
            found |= {message.author.name, message.body}
            found |= {a.filename for a in message.attachments}
    found.add(window.session.me.name)
    pieces = {" ".join(f.split()) for f in found}
    return sorted((f for f in pieces if f), key=len, reverse=True)  # longest first


def english_words(text: str, content: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # rich-text tooltips' tags
    text = " ".join(text.split())  # a wrapped title reads as the title
    for piece in content:
        text = text.replace(piece, " ")
    # An elided label ("· Blo…") shows the start of some content.
    text = re.sub(
        r"([^·…]+)…",
        lambda m: " " if any(p.startswith(m[1].strip()) for p in content) else m[0],
        text,
    )
    text = re.sub(r"\{\{[\w.]+\}\}", " ", text)  # canned replies' {{placeholders}}
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)  # addresses are not chrome
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED_LATIN]


def chrome_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of what the chrome shows: not the tickets' own content."""
    data_views = root.findChildren(QWidget, "queueView") + root.findChildren(QWidget, "chatView")
    for widget in root.findChildren(QWidget):
        if any(v is widget or v.isAncestorOf(widget) for v in data_views):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}"
        if widget.toolTip():
            yield where + " tooltip", widget.toolTip()
        if widget.accessibleName():
            yield where + " accessibleName", widget.accessibleName()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield where + " placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield where + " item", widget.itemText(i)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield where + " tab", widget.tabText(i)
                yield where + " tab tooltip", widget.tabToolTip(i)


def label_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    for label in root.findChildren(QLabel):
        if label.text():
            yield f"QLabel {label.objectName()}", label.text()


def test_the_russian_chrome_has_no_english_left(
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    demo_dir: Path,
    tmp_path: Path,
    russian: None,
) -> None:
    async def scenario() -> list[str]:
        found: list[str] = []
        async with demo_window(demo_dir, tmp_path) as window:
            texts = list(chrome_texts(window)) + list(label_texts(window))
            texts += [("menu", a.text()) for a in menu_actions(window)]
            texts += [("menu tooltip", a.toolTip()) for a in menu_actions(window)]
            async with main_dialogs(window) as dialogs:
                for dialog in dialogs:
                    texts += list(chrome_texts(dialog)) + list(label_texts(dialog))
                    texts.append((f"{type(dialog).__name__} title", dialog.windowTitle()))
            data = content_of(window)
            for where, text in texts:
                if english_words(text, data):
                    found.append(f"{where}: {text!r}")
        return found

    found = qloop.run_until_complete(scenario())
    assert found == [], "\n".join(found)
