"""A second launch hands its arguments to the running one; stale sockets are taken over."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from desk_resources import APP_ID
from ui.lifecycle.single_instance import Claim, InstanceGuard, instance_name


@pytest.fixture
def name() -> Iterator[str]:
    # A short folder of its own: Unix socket paths are limited to ~107 bytes.
    with tempfile.TemporaryDirectory(prefix="desk-") as folder:
        yield str(Path(folder) / "instance")


def launch_in_another_process(name: str, arguments: list[str]) -> subprocess.Popen[str]:
    script = textwrap.dedent(
        f"""
        from ui.lifecycle.single_instance import InstanceGuard
        print(InstanceGuard({name!r}).hand_over({arguments!r}), flush=True)
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_second_launch_hands_its_arguments_over(qtbot: QtBot, name: str) -> None:
    first = InstanceGuard(name)
    try:
        assert first.claim([]) is Claim.FIRST
        with qtbot.waitSignal(first.launched, timeout=20000) as launched:
            second = launch_in_another_process(name, ["--server", "https://desk.example.com"])
        assert launched.args == [["--server", "https://desk.example.com"]]
        out, err = second.communicate(timeout=30)
        assert out.split() == ["True"], err  # acknowledged: the second launch exits
    finally:
        first.close()


def test_without_a_running_desk_nobody_takes_over(name: str) -> None:
    assert InstanceGuard(name).hand_over(["--demo"]) is False


def test_a_socket_left_by_a_crashed_desk_is_taken_over(qtbot: QtBot, name: str) -> None:
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(name)  # bound, never listening, never removed: what a crash leaves
    stale.close()
    assert Path(name).exists()
    guard = InstanceGuard(name)
    try:
        assert guard.claim([]) is Claim.FIRST
        with qtbot.waitSignal(guard.launched, timeout=20000):
            later = launch_in_another_process(name, [])
        assert later.communicate(timeout=30)[0].split() == ["True"]
    finally:
        guard.close()
    assert not Path(name).exists()  # closing removes the socket


def test_a_malformed_message_is_ignored(qtbot: QtBot, name: str) -> None:
    guard = InstanceGuard(name)
    heard: list[list[str]] = []
    guard.launched.connect(heard.append)
    try:
        assert guard.claim([]) is Claim.FIRST
        client = QLocalSocket()
        client.connectToServer(name)
        assert client.waitForConnected(2000)
        client.write(b'{"arguments": "--demo"}\n')
        client.flush()
        qtbot.waitUntil(lambda: client.state() is QLocalSocket.LocalSocketState.UnconnectedState)
    finally:
        guard.close()
    assert heard == []


def test_the_name_is_per_user_and_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    one, other = instance_name(tmp_path / "a"), instance_name(tmp_path / "b")
    assert one.startswith(f"{APP_ID}-") and other.startswith(f"{APP_ID}-")
    assert one != other
    assert instance_name(tmp_path / "a") == one


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG runtime dir is Linux")
def test_the_socket_lives_in_the_runtime_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert Path(instance_name(tmp_path / "data")).parent == tmp_path
