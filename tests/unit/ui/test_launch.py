"""A remembered sign-in with a cache opens at once, even when the server is away."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desk.client.credentials import CredentialStore
from desk.client.session import open_session
from tests.helpers.keychain import MemoryKeyring
from tests.helpers.people import ME
from ui.launch import SessionLauncher
from ui.settings.store import SettingsStore
from ui.tasks import TaskRunner
from ui.theme import LIGHT

ABSENT_SERVER = "http://127.0.0.1:9"  # nothing listens: the old path would show the dialog


def test_a_remembered_account_with_a_cache_needs_no_server(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    qloop.run_until_complete(open_session(ABSENT_SERVER, "tok", ME).close())  # signed in once
    credentials = CredentialStore(MemoryKeyring())
    credentials.save(ABSENT_SERVER, ME.email, "tok")
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    launcher = SessionLauncher(settings, credentials, LIGHT, TaskRunner())

    session = qloop.run_until_complete(launcher.run_sign_in(ABSENT_SERVER, ME.email))
    assert session is not None and launcher.dialog is None
    try:
        assert session.me == ME and session.api.token == "tok"
    finally:
        qloop.run_until_complete(session.close())
