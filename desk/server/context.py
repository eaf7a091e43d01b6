"""What a request handler needs, bundled once per app (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from anyio import CapacityLimiter

from desk.server.config import Settings
from desk.server.db.engine import Database, utcnow
from desk.server.events.crossing import Crossing
from desk.server.events.hub import EventHub
from desk.server.events.presence import PresenceRegistry
from desk.server.events.streaming import WaveCache
from desk.server.media.rendering import ThumbnailPool
from desk.server.media.storage import MediaStore
from desk.server.security import LoginLimiter, Passwords
from desk.sla import BusinessCalendar


@dataclass
class ServerContext:
    settings: Settings
    db: Database
    hub: EventHub
    # PostgreSQL only: changes crossing to and from the other server processes.
    crossing: Crossing | None
    presence: PresenceRegistry
    media: MediaStore
    thumbnails: ThumbnailPool
    calendar: BusinessCalendar
    passwords: Passwords
    login_limiter: LoginLimiter
    address_limiter: LoginLimiter
    # Threads that render events for streams; separate so 100 streams cannot starve
    # the request handlers. Made on the server's event loop at startup.
    stream_limiter: CapacityLimiter | None = None
    # Threads for password checks (argon2id), made at startup like stream_limiter.
    password_limiter: CapacityLimiter | None = None
    waves: WaveCache = field(default_factory=WaveCache)

    def now(self) -> datetime:
        # Whole seconds: the wire format has no fractions, so stored times match it.
        return utcnow().replace(microsecond=0)
