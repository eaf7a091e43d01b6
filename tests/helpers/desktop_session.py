"""A private Linux desktop for tests: Xvfb, a D-Bus session bus, dunst (the notification
daemon) and a recorder of every ``Notify`` call; on request also the accessibility bus
(AT-SPI) and a Secret Service (gnome-keyring).

Every daemon is a child of the test process, started in its own process group, so
``DesktopSession.stop`` ends each one (and whatever it spawned) by id, also after a
failure. The session bus runs on a config of our own with no service directories:
nothing is D-Bus-activated behind our back (no portal, no second keyring), every name
on it belongs to a process this module started, and stopping dunst really leaves the
bus without a notification service.

The in-process tests (``tests/unit``, ``tests/e2e``) need only the notification part;
``tests/desktop`` runs the real app on the whole desktop. :func:`missing_tools` says
what this machine lacks for either.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

__all__ = [
    "KEYRING_PASSWORD",
    "DesktopSession",
    "DesktopStartError",
    "Notification",
    "NotifyRecorder",
    "home_env",
    "missing_tools",
    "stop_process_group",
]

AT_SPI_BUS_LAUNCHER_PATHS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
)
KEYRING_PASSWORD = "desktop-tests"
NOTIFICATIONS = "org.freedesktop.Notifications"
T = TypeVar("T")

# What every session runs, by tool, with the apt package that provides it (for messages).
_CORE_TOOLS = {"Xvfb": "xvfb", "dbus-daemon": "dbus", "dunst": "dunst", "dunstctl": "dunst"}
_KEYRING_TOOLS = {"gnome-keyring-daemon": "gnome-keyring"}

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# Notifications stay until acted on (the daemon's timeout 0; an app's own expire_timeout
# still wins), so a test can always find them. dunst's context menu runs "dmenu" with one
# line per action: {pick} picks the line that DesktopSession.choose asks for.
_DUNSTRC = """[global]
    font = Monospace 9
    idle_threshold = 0
    sticky_history = yes
    show_indicators = no
    mouse_left_click = do_action, close_current
    dmenu = {pick}
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


def at_spi_bus_launcher() -> str | None:
    return next((p for p in AT_SPI_BUS_LAUNCHER_PATHS if Path(p).exists()), None)


def missing_tools(*, accessibility: bool = False, keyring: bool = False) -> list[str]:
    """Tools this machine lacks for a session with these services, as "tool (apt package)"."""
    tools = dict(_CORE_TOOLS, **(_KEYRING_TOOLS if keyring else {}))
    missing = [f"{tool} ({pkg})" for tool, pkg in tools.items() if not shutil.which(tool)]
    if accessibility and at_spi_bus_launcher() is None:
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    return missing


def home_env(home: Path) -> dict[str, str]:
    """HOME and the XDG folders under it: a profile of its own for whatever runs with it."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local/state"),
    }


class DesktopStartError(RuntimeError):
    """A daemon of the desktop did not come up; the message says which and why."""


@dataclass
class Daemon:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class DesktopSession:
    """Start with ``start()``, end with ``stop()``; ``env`` is what a desktop app needs to
    join it, ``notifications`` what reached the notification daemon since the start."""

    root: Path
    accessibility: bool = False
    keyring: bool = False
    env: dict[str, str] = field(default_factory=dict)
    daemons: list[Daemon] = field(default_factory=list)
    _recorder: NotifyRecorder | None = field(default=None, init=False, repr=False)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def bus_address(self) -> str:
        return self.env["DBUS_SESSION_BUS_ADDRESS"]

    @property
    def _choice(self) -> Path:
        """The file with the line dunst's menu picker picks (see ``choose``)."""
        return self.root / "dunst-choice.txt"

    @property
    def notifications(self) -> NotifyRecorder:
        assert self._recorder is not None, "start() the session first"
        return self._recorder

    def start(self) -> None:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        home = self.root / "home"
        runtime = self.root / "runtime"
        for folder in (home, runtime, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        self.env = {
            key: value
            for key, value in os.environ.items()
            # Nothing of the outer desktop leaks in (its display, bus, keyring choice).
            if not key.startswith(("DBUS_", "XDG_", "QT_", "WAYLAND_", "PYTHON_KEYRING"))
            and key not in {"DISPLAY", "XAUTHORITY", "AT_SPI_BUS_ADDRESS", "GNOME_KEYRING_CONTROL"}
        }
        self.env.update(home_env(home), XDG_RUNTIME_DIR=str(runtime), LANG="C.UTF-8")
        self._start_xvfb()
        self._start_bus()
        self._recorder = NotifyRecorder(self.bus_address)  # before anyone can notify
        if self.accessibility:
            self._start_accessibility_bus()
        if self.keyring:
            self._start_keyring()
        self.start_dunst()

    # --- the daemons ----------------------------------------------------------------

    def _spawn(self, name: str, argv: list[str], *, stdin: bytes | None = None) -> Daemon:
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:  # appended: a restarted daemon keeps its first log
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,  # its own group: stop() ends it and its children
            )
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        daemon = Daemon(name, process, log)
        self.daemons.append(daemon)
        return daemon

    def _wait(self, daemon: Daemon, ready: Callable[[], bool], timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if daemon.process.poll() is not None:
                raise DesktopStartError(
                    f"{daemon.name} exited with {daemon.process.returncode}:\n{daemon.tail()}"
                )
            if ready():
                return
            time.sleep(0.05)
        raise DesktopStartError(
            f"{daemon.name} was not ready after {timeout:g} s:\n{daemon.tail()}"
        )

    def _start_xvfb(self) -> None:
        read_end, write_end = os.pipe()
        try:
            log = self.logs / "xvfb.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [
                        *("Xvfb", "-displayfd", str(write_end)),
                        *("-screen", "0", "1440x900x24", "-nolisten", "tcp", "-noreset"),
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=self.env,
                    pass_fds=(write_end,),
                    start_new_session=True,
                )
            daemon = Daemon("xvfb", process, log)
            self.daemons.append(daemon)
            os.close(write_end)
            write_end = -1
            number = _read_line(read_end, timeout=15)
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
        if not number:
            raise DesktopStartError(f"Xvfb did not say its display number:\n{daemon.tail()}")
        self.env["DISPLAY"] = f":{number}"

    def _start_bus(self) -> None:
        socket = self.root / "runtime" / "bus"
        config = self.root / "session-bus.conf"
        config.write_text(_BUS_CONFIG.format(socket=socket))
        daemon = self._spawn(
            "dbus", ["dbus-daemon", "--nofork", "--nosyslog", f"--config-file={config}"]
        )
        self._wait(daemon, socket.exists)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={socket}"

    def _start_accessibility_bus(self) -> None:
        launcher = at_spi_bus_launcher()
        assert launcher is not None
        daemon = self._spawn("at-spi", [launcher, "--launch-immediately"])
        self._wait(daemon, lambda: self.has_name("org.a11y.Bus"))

    def _start_keyring(self) -> None:
        # --unlock reads the login keyring's password from stdin and creates the keyring
        # on first use: a Secret Service that never prompts.
        daemon = self._spawn(
            "gnome-keyring",
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=KEYRING_PASSWORD.encode(),
        )
        self._wait(daemon, lambda: self.has_name("org.freedesktop.secrets"))

    def start_dunst(self) -> None:
        """Start the notification daemon (again, after ``stop_dunst``)."""
        pick = self.root / "dunst-pick.sh"
        pick.write_text(f'#!/bin/sh\ngrep -F -- "$(cat {self._choice})" | head -n 1\n')
        pick.chmod(0o755)
        config = self.root / "dunstrc"
        config.write_text(_DUNSTRC.format(pick=pick))
        daemon = self._spawn("dunst", ["dunst", "-config", str(config)])
        self._wait(daemon, lambda: self.has_name(NOTIFICATIONS))

    def stop_dunst(self) -> None:
        """End the notification daemon: the bus has no notification service until
        ``start_dunst``."""
        dunst = next(d for d in self.daemons if d.name == "dunst")
        stop_process_group(dunst.process)
        self.daemons.remove(dunst)

    def stop(self) -> None:
        """End the recorder, then every daemon, newest first: SIGTERM to its group,
        SIGKILL after 3 s."""
        if self._recorder is not None:
            self._recorder.stop()
            self._recorder = None
        for daemon in reversed(self.daemons):
            stop_process_group(daemon.process)
        self.daemons.clear()

    # --- acting in the session ------------------------------------------------------

    def run(
        self, argv: list[str], *, check: bool = True, timeout: float = 10, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """A command inside the session (its display, bus and home)."""
        return subprocess.run(
            argv,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            input=input,
        )

    def has_name(self, name: str) -> bool:
        """Whether ``name`` has an owner on the session bus."""
        bus = DBusAddress(
            "/org/freedesktop/DBus",
            bus_name="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
        )
        with open_dbus_connection(bus=self.bus_address) as connection:
            reply = connection.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=5
            )
        return bool(reply.body[0])

    def dunstctl(self, *args: str) -> str:
        """``dunstctl ARGS`` in the session; its output. Fails the test if it fails."""
        done = self.run(["dunstctl", *args], check=False)
        assert done.returncode == 0, f"dunstctl {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def choose(self, line: str) -> None:
        """Picks an action in dunst's context menu, as a person would: its line reads
        "#Label (summary)"; the first line containing ``line`` is picked."""
        self._choice.write_text(line)
        self.dunstctl("context")

    def displayed(self) -> int:
        """How many notifications dunst shows now."""
        return int(self.dunstctl("count", "displayed"))

    def history(self) -> list[dict[str, Any]]:
        """What dunst has shown and closed, newest first, as plain values."""
        data = json.loads(self.dunstctl("history"))["data"][0]
        return [{k: v["data"] for k, v in entry.items()} for entry in data]


@dataclass(frozen=True)
class Notification:
    """One ``Notify`` call (its arguments, in the specification's order)."""

    sender: str
    app_name: str
    icon: str
    summary: str
    body: str
    actions: dict[str, str]  # action key -> label, in the order sent
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


class NotifyRecorder:
    """Records every ``org.freedesktop.Notifications.Notify`` call on the bus at
    ``address`` until ``stop()``.

    It becomes a monitor of the bus (``BecomeMonitor``, the way ``dbus-monitor`` does)
    with jeepney, which keyring already brings on Linux, and decodes the arguments: no
    parsing of ``dbus-monitor``'s text. It sees the call as the daemon receives it,
    whichever library the app sends it with, so the tests hold for any backend.
    """

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
        self._thread = threading.Thread(target=self._listen, name="notify-recorder", daemon=True)
        self._thread.start()

    @property
    def seen(self) -> list[Notification]:
        with self._lock:
            return list(self._seen)

    def wait_for(self, text: str, timeout: float) -> Notification | None:
        """The first notification whose summary or body contains ``text``, waiting up
        to ``timeout`` seconds; None if none came."""
        return self._wait(lambda seen: next((n for n in seen if text in n.text), None), timeout)

    def wait_for_count(self, count: int, timeout: float = 5) -> list[Notification]:
        """All notifications seen once there are at least ``count`` (the recorder reads
        in a thread of its own, so a call just answered may not be recorded yet), or
        those seen after ``timeout`` seconds."""
        found = self._wait(lambda seen: seen if len(seen) >= count else None, timeout)
        return found if found is not None else self.seen

    def _wait(self, found: Callable[[list[Notification]], T | None], timeout: float) -> T | None:
        deadline = time.monotonic() + timeout
        while True:
            result = found(self.seen)
            if result is not None or time.monotonic() >= deadline:
                return result
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
                app, _replaces, icon, summary, body, actions, hints, expire = message.body
                keys = list(actions)
                notification = Notification(
                    sender=str(fields.get(HeaderFields.sender, "")),
                    app_name=app,
                    icon=icon,
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


def stop_process_group(process: subprocess.Popen[bytes], grace: float = 3) -> None:
    """SIGTERM to the group ``process`` leads (it was started in a new session), then
    SIGKILL to what is left after ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)


def _read_line(fd: int, timeout: float) -> str:
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 64)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


@contextlib.contextmanager
def joined_session(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    """A started session under `root` whose bus this process uses for the block (dbus-fast
    finds the session bus in DBUS_SESSION_BUS_ADDRESS, as it would in the app)."""
    session = DesktopSession(root)
    session.start()
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.bus_address)
        yield session
    finally:
        session.stop()
