"""A private Linux desktop for the tests: Xvfb, a D-Bus session bus, the accessibility
bus, a Secret Service (gnome-keyring) and a notification daemon (dunst).

Every daemon is a child of the test process, started explicitly and in its own process
group, so ``DesktopSession.stop`` ends each one (and whatever it spawned) by id, also
after a failure. The session bus runs on a config of our own with no service
directories: nothing is D-Bus-activated behind our back (no portal, no second keyring),
and every name on the bus belongs to a process this module started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

AT_SPI_BUS_LAUNCHER_PATHS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
)
KEYRING_PASSWORD = "desktop-tests"

# What the session needs, by tool; the apt packages that provide them (for messages).
REQUIRED_TOOLS = {
    "Xvfb": "xvfb",
    "dbus-daemon": "dbus",
    "dbus-send": "dbus",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
    "xdotool": "xdotool",
}

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

# Notifications stay until acted on (timeout 0), so a test can always find them.
_DUNSTRC = """[global]
    font = Monospace 9
    idle_threshold = 0
    sticky_history = yes
    show_indicators = no
    mouse_left_click = do_action, close_current
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


def missing_tools() -> list[str]:
    """Tools this machine lacks, as "tool (apt package)"."""
    missing = [f"{tool} ({pkg})" for tool, pkg in REQUIRED_TOOLS.items() if not shutil.which(tool)]
    if at_spi_bus_launcher() is None:
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    return missing


def at_spi_bus_launcher() -> str | None:
    return next((p for p in AT_SPI_BUS_LAUNCHER_PATHS if Path(p).exists()), None)


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
    """Start with ``start()``; ``env`` is what a desktop app needs to join it."""

    root: Path
    env: dict[str, str] = field(default_factory=dict)
    daemons: list[Daemon] = field(default_factory=list)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

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
        self.env.update(
            HOME=str(home),
            XDG_RUNTIME_DIR=str(runtime),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local/state"),
            LANG="C.UTF-8",
        )
        self._start_xvfb()
        self._start_bus()
        self._start_accessibility_bus()
        self._start_keyring()
        self._start_dunst()

    def _spawn(
        self,
        name: str,
        argv: list[str],
        *,
        stdin: bytes | None = None,
    ) -> Daemon:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
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
                        "Xvfb",
                        "-displayfd",
                        str(write_end),
                        "-screen",
                        "0",
                        "1440x900x24",
                        "-nolisten",
                        "tcp",
                        "-noreset",
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

    def _start_dunst(self) -> None:
        config = self.root / "dunstrc"
        config.write_text(_DUNSTRC)
        daemon = self._spawn("dunst", ["dunst", "-config", str(config)])
        self._wait(daemon, lambda: self.has_name("org.freedesktop.Notifications"))

    def has_name(self, name: str) -> bool:
        """Whether ``name`` has an owner on the session bus."""
        result = self.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                f"string:{name}",
            ],
            check=False,
        )
        return result.returncode == 0 and "boolean true" in result.stdout

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

    def stop(self) -> None:
        """End every daemon, newest first: SIGTERM to its group, SIGKILL after 3 s."""
        for daemon in reversed(self.daemons):
            stop_process_group(daemon.process)
        self.daemons.clear()


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
    import select

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
