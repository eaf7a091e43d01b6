"""What reaches the notification daemon: a D-Bus monitor on the session bus.

``NotificationMonitor`` becomes a monitor of the session bus (``BecomeMonitor``, the way
``dbus-monitor`` does it) with jeepney, which keyring already brings on Linux, and
records every ``org.freedesktop.Notifications.Notify`` call with its arguments decoded:
no parsing of ``dbus-monitor``'s text output. It sees the call itself, whichever
library the app sends it with, so the tests hold for any notification backend.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

NOTIFICATIONS = "org.freedesktop.Notifications"


@dataclass(frozen=True)
class Notification:
    """One ``Notify`` call (its arguments, in the specification's order)."""

    sender: str
    app_name: str
    summary: str
    body: str
    actions: dict[str, str]  # action key -> label
    hints: dict[str, Any] = field(repr=False)
    expire_timeout: int

    @property
    def urgency(self) -> int | None:
        """0 low, 1 normal, 2 critical; None when the app did not say."""
        hint = self.hints.get("urgency")
        return int(hint[1]) if hint is not None else None

    @property
    def text(self) -> str:
        return f"{self.summary}\n{self.body}"


class NotificationMonitor:
    """Records Notify calls on the bus at ``address`` until ``stop()``."""

    def __init__(self, address: str) -> None:
        self._connection: DBusConnection = open_dbus_connection(bus=address)
        rule = f"type='method_call',interface='{NOTIFICATIONS}',member='Notify'"
        monitoring = DBusAddress(
            "/org/freedesktop/DBus",
            bus_name="org.freedesktop.DBus",
            interface="org.freedesktop.DBus.Monitoring",
        )
        self._connection.send_and_get_reply(
            new_method_call(monitoring, "BecomeMonitor", "asu", ([rule], 0)), timeout=5
        )
        self._seen: list[Notification] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="notify-monitor", daemon=True)
        self._thread.start()

    @property
    def seen(self) -> list[Notification]:
        with self._lock:
            return list(self._seen)

    def wait_for(self, text: str, timeout: float) -> Notification | None:
        """The first notification whose summary or body contains ``text``, waiting up
        to ``timeout`` seconds; None if none came."""
        deadline = time.monotonic() + timeout
        while True:
            found = next((n for n in self.seen if text in n.text), None)
            if found is not None or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)

    def _listen(self) -> None:
        while not self._stopping.is_set():
            try:
                message = self._connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except OSError:  # the bus went away: nothing more to see
                return
            fields = message.header.fields
            if (
                message.header.message_type is MessageType.method_call
                and fields.get(HeaderFields.member) == "Notify"
            ):
                app, _replaces, _icon, summary, body, actions, hints, expire = message.body
                keys = list(actions)
                notification = Notification(
                    sender=str(fields.get(HeaderFields.sender, "")),
                    app_name=app,
                    summary=summary,
                    body=body,
                    actions=dict(zip(keys[::2], keys[1::2], strict=True)),
                    hints=dict(hints),
                    expire_timeout=expire,
                )
                with self._lock:
                    self._seen.append(notification)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._connection.close()
