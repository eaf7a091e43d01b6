"""An alert engine for ``ME`` on a fake clock, over the simulated helpdesk of
``tests.helpers.world``."""

from __future__ import annotations

from typing import Any

from desk.client.alerts.engine import AlertEngine, AlertSettings
from tests.helpers.clock import Clock
from tests.helpers.people import ME
from tests.helpers.world import CAL


def engine_at(clock: Clock, **kwargs: Any) -> AlertEngine:
    settings = kwargs.pop("settings", AlertSettings())
    return AlertEngine(ME, CAL, clock=clock, settings=settings, **kwargs)
