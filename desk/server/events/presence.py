"""Who is viewing or typing where, on this server, in memory only.

The client keeps its own view of the same (`desk.client.presence.PresenceBoard`), fed
by the `presence` events the hub pushes to staff streams.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class _Presence:
    payload: dict[str, Any]
    expires_at: datetime


class PresenceRegistry:
    """Who is viewing or typing where; entries lapse after the presence TTL."""

    def __init__(self, ttl: timedelta) -> None:
        self._ttl = ttl
        self._entries: dict[tuple[int, int], _Presence] = {}
        self._lock = threading.Lock()

    def update(
        self, ticket_id: int, agent: dict[str, Any], state: str, now: datetime
    ) -> dict[str, Any]:
        expires_at = now if state == "left" else now + self._ttl
        payload = {
            "ticket_id": ticket_id,
            "agent": agent,
            "state": state,
            "expires_at": expires_at,
        }
        with self._lock:
            key = (ticket_id, int(agent["id"]))
            if state == "left":
                self._entries.pop(key, None)
            else:
                self._entries[key] = _Presence(payload, expires_at)
        return payload

    def active(self, now: datetime) -> list[dict[str, Any]]:
        with self._lock:
            for key in [k for k, v in self._entries.items() if v.expires_at <= now]:
                del self._entries[key]
            return [entry.payload for entry in self._entries.values()]
