"""Start-up shows the open queue first and merges the done archive after the first
paint: the agent sees the same rows, in the same order, with the same selection as
when everything was loaded at once, and the Done and All views list the done tickets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desk.client.api import ApiClient
from desk.client.session import Session
from desk.client.store import Store
from desk.client.sync import SyncEngine
from desk.domain import Ticket
from desk.sla import BusinessCalendar
from tests.helpers.people import ME
from tests.helpers.tickets import done_ticket, realistic_tickets
from tests.helpers.waiting import wait_until
from ui.mainwindow import queue_controller
from ui.mainwindow.window import MainWindow
from ui.queue.deadlines import BusinessDeadlines
from ui.queue.filtering import StatusFilter, View
from ui.queue.model import TicketTableModel
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import LIGHT

ABSENT_SERVER = "http://127.0.0.1:9"  # never answers: only the cache is used


@pytest.fixture
def cached(tmp_path: Path) -> Iterator[tuple[Store, list[Ticket]]]:
    tickets = realistic_tickets(400)
    assert any(t.is_done for t in tickets) and any(not t.is_done for t in tickets)
    store = Store(tmp_path / "cache.db")
    store.upsert_tickets(tickets)
    yield store, tickets
    store.close()


def shown_ids(model: TicketTableModel) -> list[int]:
    return [t.id for row in range(model.rowCount()) if (t := model.ticket_at(row)) is not None]


def everything_at_once(tickets: list[Ticket], view: View, status: StatusFilter) -> list[int]:
    """The rows of today's path: every ticket loaded into one model at once."""
    model = TicketTableModel(deadlines=BusinessDeadlines(BusinessCalendar()), current_user_id=ME.id)
    model.set_tickets(sorted(tickets, key=lambda t: -t.id))
    flt = model.queue_filter()
    model.set_filter(type(flt)(view=view, status=status))
    return shown_ids(model)


class Desk:
    def __init__(self, store: Store, tmp_path: Path) -> None:
        self.api = ApiClient(ABSENT_SERVER)
        session = Session(ABSENT_SERVER, ME, self.api, store, SyncEngine(self.api, store, ME))
        settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        self.runner = TaskRunner()
        self.window = MainWindow(session, self.runner, settings, LIGHT, BusinessCalendar())
        self.window.resize(1200, 800)

    async def close(self) -> None:
        await self.runner.cancel_all()
        self.window.shutdown()
        self.window.hide()
        self.window.deleteLater()
        await self.api.aclose()


def test_the_open_queue_comes_first_and_the_archive_changes_nothing_on_screen(
    qloop: asyncio.AbstractEventLoop,
    cached: tuple[Store, list[Ticket]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, tickets = cached
    monkeypatch.setattr(queue_controller, "ARCHIVE_PART", 7)  # several parts, as at 100k
    expected = everything_at_once(tickets, View.ALL_OPEN, StatusFilter.ALL)

    async def scenario() -> None:
        desk = Desk(store, tmp_path)
        window, model = desk.window, desk.window.queue_model
        archived: list[list[Ticket]] = []
        window.queue.archivePart.connect(archived.append)
        window.show()
        try:
            opened = await window.start()
            assert all(not t.is_done for t in opened)
            assert not window.queue.archive_loaded  # nothing done decoded before the paint
            assert shown_ids(model) == expected
            # The top ticket is selected, as before; the agent then picks another one.
            assert window.queue_view.current_ticket_id() == expected[0]
            picked = expected[7]
            assert window.queue_view.select_ticket(picked)
            window.queue_view.verticalScrollBar().setValue(3)
            scroll = window.queue_view.verticalScrollBar().value()

            window.repaint()  # the first paint asks for the archive
            await wait_until(lambda: window.queue.archive_loaded)
            assert shown_ids(model) == expected
            assert window.queue_view.current_ticket_id() == picked
            assert window.queue_view.verticalScrollBar().value() == scroll
            assert len(archived) > 1
            merged = sorted(t.id for part in archived for t in part)
            assert merged == sorted(t.id for t in tickets if t.is_done)
            assert model.counts()[View.ALL] == len(tickets)
        finally:
            await desk.close()

    qloop.run_until_complete(scenario())


def test_the_done_and_all_views_show_the_archive(
    qloop: asyncio.AbstractEventLoop, cached: tuple[Store, list[Ticket]], tmp_path: Path
) -> None:
    store, tickets = cached

    async def scenario() -> None:
        desk = Desk(store, tmp_path)
        window, model = desk.window, desk.window.queue_model
        try:
            await window.start()  # not shown: nothing painted, so nothing asked yet
            assert not window.queue.archive_loaded
            window.filter_bar.set_status(StatusFilter.DONE)  # asks for it at once
            window.filter_bar.flush()
            await wait_until(lambda: window.queue.archive_loaded)
            assert shown_ids(model) == everything_at_once(tickets, View.ALL_OPEN, StatusFilter.DONE)
            window.filter_bar.set_status(StatusFilter.ALL)
            window.filter_bar.set_view(View.ALL)
            window.filter_bar.flush()
            assert shown_ids(model) == everything_at_once(tickets, View.ALL, StatusFilter.ALL)
        finally:
            await desk.close()

    qloop.run_until_complete(scenario())


def test_a_change_made_while_the_archive_loads_is_not_undone_by_it(
    qloop: asyncio.AbstractEventLoop, cached: tuple[Store, list[Ticket]], tmp_path: Path
) -> None:
    store, tickets = cached
    old = next(t for t in tickets if t.is_done)
    renamed = done_ticket(old.id, seq=old.seq + 1000, title="Renamed while loading")

    async def scenario() -> None:
        desk = Desk(store, tmp_path)
        window, model = desk.window, desk.window.queue_model
        try:
            await window.start()
            original = store.load_tickets

            def slow_archive(*, done: bool | None = None) -> list[Ticket]:
                result = original(done=done)  # read first, then the change lands
                store.upsert_tickets([renamed])
                return result

            store.load_tickets = slow_archive  # type: ignore[method-assign]
            try:
                await window.queue.load_archive()
            finally:
                store.load_tickets = original  # type: ignore[method-assign]
            window.filter_bar.set_status(StatusFilter.DONE)
            window.filter_bar.flush()
            await wait_until(lambda: model.row_of(old.id) is not None)
            row = model.row_of(old.id)
            assert row is not None
            shown = model.ticket_at(row)
            assert shown is not None and shown.title == "Renamed while loading"
        finally:
            await desk.close()

    qloop.run_until_complete(scenario())
