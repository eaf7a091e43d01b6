"""Render the main window with demo data to PNGs in this folder.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py

It starts a fresh demo server in a temporary folder (the same data `desk --demo`
seeds), signs in as the demo agent and saves, at 1440×900:

- ``light-*`` and ``dark-*``: the English UI on an URGENT ticket with a screenshot, a
  long thread, and the queue filtered to nothing (the empty state);
- ``russian-*``: the Russian UI (as with ``DESK_LANG=ru``) on Russian tickets, light
  and dark, and its empty state;
- ``high-contrast-*``: the high-contrast themes (as with ``DESK_HIGH_CONTRAST=1``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desk.demo.environment import open_demo_session
from desk.domain import Ticket
from desk.sla import BusinessCalendar
from ui.app import _install_translations
from ui.mainwindow.window import MainWindow
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import DARK, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, LIGHT, Theme, palette_for

OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)


async def wait_until(check: Callable[[], bool], limit: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not check():
        if loop.time() > deadline:
            raise TimeoutError("the window did not get ready in time")
        await asyncio.sleep(0.05)


async def settle(window: MainWindow) -> None:
    """Let thumbnails download and decode and the views lay out before grabbing.

    (No processEvents() here: inside a coroutine it would re-enter the qasync loop.)
    """
    model = window.pane.chat_model
    ids = {
        a.id
        for row in range(model.rowCount())
        if (m := model.message_at(row)) is not None
        for a in m.attachments
        if a.is_image
    }
    await asyncio.sleep(0.3)
    await wait_until(lambda: not any(window.thumbnails.is_loading(i) for i in ids))
    await asyncio.sleep(0.3)


def is_russian(text: str) -> bool:
    return any("а" <= c <= "я" for c in text.lower())


async def shoot(
    app: QApplication,
    theme: Theme,
    name: str,
    lang: str,
    shots: tuple[str, ...],
    data_dir: Path,
    tmp: Path,
) -> None:
    """Saves ``<name>-<shot>.png`` for each of ``shots`` (urgent, thread, empty-search,
    russian, russian-thread) with the UI in ``lang``, as the app installs it."""
    os.environ["DESK_LANG"] = lang
    translators = _install_translations(app)  # before the window: tr() runs as it is built
    app.setPalette(palette_for(theme))
    session = await open_demo_session(data_dir, store_root=tmp / f"cache-{name}")
    settings = SettingsStore(QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(session, TaskRunner(), settings, theme, BusinessCalendar())
    window.resize(*SIZE)
    window.show()
    try:
        session.start(simulate_customers=False)
        await session.engine.wait_caught_up()
        await window.start()
        tickets = sorted(session.store.load_tickets(), key=lambda t: -t.id)
        store = session.store

        async def with_image(candidates: list[Ticket]) -> int | None:
            for t in candidates:
                await session.engine.refresh_messages(t.id)
                if any(a.is_image for m in store.messages(t.id) for a in m.attachments):
                    return t.id
            return None

        async def pick(shot: str) -> int:
            open_urgent = [t for t in tickets if t.urgent and not t.is_done]
            if shot == "urgent":
                return await with_image(open_urgent) or open_urgent[0].id
            if shot == "russian":  # an urgent Russian ticket with a customer's screenshot
                russian = [t for t in open_urgent if is_russian(t.title)]
                return await with_image(russian) or russian[0].id
            if shot == "russian-thread":
                return next(
                    t.id
                    for t in sorted(tickets, key=lambda t: -t.message_count)
                    if is_russian(t.title) and not t.urgent and t.message_count >= 4
                )
            longest = sorted(tickets, key=lambda t: -t.message_count)[:40]
            return await with_image(longest) or longest[0].id

        for shot in shots:
            if shot == "empty-search":
                nothing = "такого тикета нет" if lang == "ru" else "no such ticket anywhere"
                window.filter_bar.search_edit.setText(nothing)
                window.filter_bar.flush()
            else:
                ticket_id = await pick(shot)
                window.queue.select(ticket_id)
                await session.engine.open_ticket(ticket_id)
            await settle(window)
            window.grab().save(str(OUT / f"{name}-{shot}.png"))
    finally:
        window.shutdown()
        window.hide()
        await session.close()
        for translator in translators:
            app.removeTranslator(translator)


PASSES: tuple[tuple[Theme, str, str, tuple[str, ...]], ...] = (
    (LIGHT, "light", "en", ("urgent", "thread", "empty-search")),
    (DARK, "dark", "en", ("urgent", "thread", "empty-search")),
    (LIGHT, "russian-light", "ru", ("russian", "empty-search")),
    (DARK, "russian-dark", "ru", ("russian-thread",)),
    (HIGH_CONTRAST_LIGHT, "high-contrast-light", "en", ("urgent",)),
    (HIGH_CONTRAST_DARK, "high-contrast-dark", "en", ("thread",)),
)


async def main(app: QApplication) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data_dir = tmp / "demo"
        for theme, name, lang, shots in PASSES:
            await shoot(app, theme, name, lang, shots, data_dir, tmp)
    print(f"saved screenshots to {OUT}")


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    application.setStyle("Fusion")
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(application)) as runner:
        runner.run(main(application))
