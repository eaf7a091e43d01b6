"""Store change notifications, delivered on the GUI thread.

The store calls its listeners on whichever thread wrote (bulk sync pages are written
from a worker thread). Emitting a Qt signal from there to this object, which lives on
the GUI thread, makes Qt queue the delivery, so models only ever update on the GUI
thread. Consecutive changes are not merged: each carries exact ids.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desk.client.store import Changes, Store


class StoreBridge(QObject):
    changed = Signal(object)  # desk.client.store.Changes

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._on_changes)
        self.destroyed.connect(self.detach)

    def _on_changes(self, changes: Changes) -> None:
        if not changes.is_empty:
            self.changed.emit(changes)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
