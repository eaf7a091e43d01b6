"""A remembered account opens from its cache without asking the server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from desk.client.session import open_cached_session, open_session
from tests.helpers.people import ME, make_agent

ABSENT_SERVER = "http://127.0.0.1:9"  # nothing listens: any request would fail


def test_no_cache_means_no_offline_session(tmp_path: Path) -> None:
    assert open_cached_session(ABSENT_SERVER, "tok", ME.email, store_root=tmp_path) is None


def test_the_profile_saved_at_sign_in_opens_the_next_start(tmp_path: Path) -> None:
    first = open_session(ABSENT_SERVER, "tok", ME, store_root=tmp_path)
    asyncio.run(first.close())
    again = open_cached_session(ABSENT_SERVER, "tok-2", ME.email.upper(), store_root=tmp_path)
    assert again is not None
    try:
        assert again.me == ME and again.server == ABSENT_SERVER
        assert again.api.token == "tok-2"
        assert not again.engine.session_expired  # checked by the first sync, not here
    finally:
        asyncio.run(again.close())


def test_a_cache_without_this_accounts_profile_is_not_used(tmp_path: Path) -> None:
    other = make_agent("Boris", id=901, email="boris@desk.example")
    asyncio.run(open_session(ABSENT_SERVER, "tok", other, store_root=tmp_path).close())
    assert open_cached_session(ABSENT_SERVER, "tok", ME.email, store_root=tmp_path) is None
