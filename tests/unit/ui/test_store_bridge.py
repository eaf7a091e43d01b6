import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk.client.store import Changes, Store
from tests.helpers.tickets import make_ticket
from ui.store_bridge import StoreBridge


def test_changes_from_a_worker_thread_arrive_on_the_gui_thread(
    tmp_path: Path, qtbot: QtBot
) -> None:
    store = Store(tmp_path / "cache.db")
    bridge = StoreBridge(store)
    received: list[tuple[Changes, int]] = []
    bridge.changed.connect(lambda c: received.append((c, threading.get_ident())))

    worker = threading.Thread(target=lambda: store.upsert_tickets([make_ticket(5, seq=3)]))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(received), timeout=2000)
    changes, thread_id = received[0]
    assert changes.tickets == {5}
    assert thread_id == threading.get_ident()

    bridge.detach()
    store.upsert_tickets([make_ticket(6, seq=4)])  # same thread: delivery would be direct
    assert len(received) == 1
    store.close()
