"""A real Linux desktop session for the real ``desk`` process, on the real server.

The desktop (Xvfb, a private D-Bus session bus, the AT-SPI bus, gnome-keyring as the
Secret Service, dunst as the notification daemon; ``tests.helpers.desktop_session``) and the server
start once per run. Each test module launches its own ``desk`` process(es) in a fresh
profile and stops them before the next module starts, so two apps never run at once.

Without the tools (the session's, the ones below, and pyatspi for the system Python)
the tests are skipped, saying what is missing; with ``DESK_DESKTOP_TESTS=required``
(CI) a missing tool fails them instead. Not in the default test paths: the README's
command stays headless, ``.ci/run`` runs this folder on its own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desk.domain import Role
from tests.desktop.accessibility import pyatspi_missing
from tests.desktop.desk_process import DeskProcess
from tests.e2e.conftest import LiveServer, TestUser, live_server_under
from tests.helpers.desktop_session import DesktopSession, missing_tools

REQUIRED = os.environ.get("DESK_DESKTOP_TESTS", "").strip().lower() == "required"
# What the tests themselves run in the session, with the apt package that provides it.
TEST_TOOLS = {"secret-tool": "libsecret-tools", "xdotool": "xdotool"}


def why_not_here() -> str | None:
    """Why a desktop session cannot run on this machine, or None."""
    missing = missing_tools(accessibility=True, keyring=True)
    missing += [f"{tool} ({pkg})" for tool, pkg in TEST_TOOLS.items() if not shutil.which(tool)]
    no_pyatspi = pyatspi_missing()
    if no_pyatspi:
        missing.append(no_pyatspi)
    if not missing:
        return None
    return "the desktop session needs: " + ", ".join(missing)


@pytest.fixture(scope="session", autouse=True)
def _desktop_tools() -> None:
    reason = why_not_here()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"DESK_DESKTOP_TESTS=required, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    session = DesktopSession(tmp_path_factory.mktemp("desktop"), accessibility=True, keyring=True)
    session.start()
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server_under(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="session")
def agent(server: LiveServer) -> TestUser:
    return server.create_user(Role.AGENT, name="Alex Morgan", email="alex@desk.test")


@pytest.fixture(scope="session")
def launch_desk(
    desktop: DesktopSession, server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[Path], DeskProcess]]:
    """launch(profile) -> a started ``desk --server URL`` with that profile folder;
    whatever is still running at the end of the session is stopped."""
    started: list[DeskProcess] = []

    def launch(profile: Path) -> DeskProcess:
        process = DeskProcess(desktop, profile, server.url).start()
        started.append(process)
        return process

    try:
        yield launch
    finally:
        for process in started:
            process.stop()


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh HOME for this module's app: no settings, no cache."""
    return tmp_path_factory.mktemp("profile")


@pytest.fixture(scope="module")
def signed_in_desk(
    launch_desk: Callable[[Path], DeskProcess], profile: Path, agent: TestUser
) -> Iterator[DeskProcess]:
    """The app, signed in as ``agent`` through the dialog (not remembered), for the
    module; stopped at its end."""
    desk = launch_desk(profile)
    try:
        desk.sign_in(agent.email, agent.password, remember=False)
        yield desk
    finally:
        desk.stop()
