"""Sequence ids for factories called without one.

Each kind counts from its own base, far above the small ids tests pass explicitly.
``tests/conftest.py`` resets the counters before every test, so a test sees the same
ids whether it runs alone or in the whole suite.
"""

from __future__ import annotations

import itertools
from typing import Literal

Kind = Literal["user", "ticket", "message", "attachment"]

_BASES: dict[Kind, int] = {"user": 5_000, "ticket": 10_000, "message": 20_000, "attachment": 30_000}
_counters: dict[Kind, itertools.count[int]] = {}


def next_id(kind: Kind) -> int:
    """The next id of ``kind``."""
    if kind not in _counters:
        _counters[kind] = itertools.count(_BASES[kind])
    return next(_counters[kind])


def reset_ids() -> None:
    """Start every sequence again from its base."""
    _counters.clear()
