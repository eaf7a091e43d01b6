"""A private desktop session for tests: Xvfb, a session bus and dunst, each a process of
the test, and ways to read what dunst got and to act on it as a person would.

The bus has its own config (no service activation), so a test never touches the
desktop it runs on, and stopping dunst really leaves the bus without a notification
service. Needs dbus-daemon, dbus-monitor, dunst, dunstctl and Xvfb (apt: dbus, dunst,
xvfb); :data:`MISSING` says when they are not all there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

__all__ = ["MISSING", "Session"]

MISSING = not all(
    shutil.which(tool) for tool in ("dbus-daemon", "dbus-monitor", "dunst", "dunstctl", "Xvfb")
)

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class Session:
    """Xvfb, a session bus and dunst, each a process of this test."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = dict(os.environ)
        self._procs: list[subprocess.Popen[bytes]] = []
        self.dunst: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(xvfb)
        os.close(write_fd)
        with os.fdopen(read_fd) as display:
            self.env["DISPLAY"] = ":" + display.readline().strip()
        config = self.tmp / "bus.conf"
        config.write_text(_BUS_CONFIG.format(dir=self.tmp))
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(bus)
        assert bus.stdout is not None
        with bus.stdout:  # one line: the address
            self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        self._monitor()
        self.start_dunst()

    def _monitor(self) -> None:
        """Records every Notify call on the bus, as the daemon receives it."""
        self.monitor_log = self.tmp / "notify-calls.txt"
        with self.monitor_log.open("w") as out:  # the child keeps its own copy
            monitor = subprocess.Popen(
                ["dbus-monitor", "interface='org.freedesktop.Notifications',member='Notify'"],
                env=self.env,
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
        self._procs.append(monitor)
        deadline = time.monotonic() + 10
        while "NameAcquired" not in self.monitor_log.read_text():  # it listens now
            assert time.monotonic() < deadline, "dbus-monitor did not start"
            time.sleep(0.05)

    def notify_calls(self) -> list[dict[str, Any]]:
        """The Notify calls seen on the bus: app, icon, summary, body, actions, urgency,
        expire_timeout (in the order of the freedesktop spec's arguments)."""
        calls = []
        for block in self.monitor_log.read_text().split("method call ")[1:]:
            strings = re.findall(r'^ +string "(.*)"$', block, re.MULTILINE)
            app, icon, summary, body, *actions = strings
            actions = actions[: len(actions) - block.count('"urgency"')]
            urgency = re.search(r'"urgency"\s+variant\s+byte (\d)', block)
            timeout = re.findall(r"^ +int32 (-?\d+)$", block, re.MULTILINE)
            calls.append(
                {
                    "app": app,
                    "icon": icon,
                    "summary": summary,
                    "body": body,
                    "actions": actions[1::2],  # the labels; keys are at even places
                    "urgency": int(urgency.group(1)) if urgency else None,
                    "timeout": int(timeout[-1]),
                }
            )
        return calls

    def start_dunst(self) -> None:
        # dunst's context menu runs "dmenu" with one line per action; this one picks the
        # line that :meth:`choose` asks for, as a person would pick it in the menu.
        self.choice = self.tmp / "choice.txt"
        pick = self.tmp / "pick.sh"
        pick.write_text(f'#!/bin/sh\ngrep -F -- "$(cat {self.choice})" | head -n 1\n')
        pick.chmod(0o755)
        config = self.tmp / "dunstrc"
        stock = Path("/etc/xdg/dunst/dunstrc").read_text()
        config.write_text(re.sub(r"(?m)^\s*dmenu = .*$", f"    dmenu = {pick}", stock))
        self.dunst = subprocess.Popen(
            ["dunst", "-config", str(config)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._procs.append(self.dunst)
        deadline = time.monotonic() + 10
        while self.ctl_run("is-paused").returncode != 0:  # until dunst owns the name
            assert time.monotonic() < deadline, "dunst did not come up"
            time.sleep(0.05)

    def stop_dunst(self) -> None:
        assert self.dunst is not None
        self.dunst.terminate()
        self.dunst.wait(10)

    def choose(self, line: str) -> None:
        """Picks an action in dunst's context menu: its line reads "#Label (summary)"."""
        self.choice.write_text(line)
        self.ctl("context")

    def ctl_run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["dunstctl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )

    def ctl(self, *args: str) -> str:
        done = self.ctl_run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def displayed(self) -> int:
        return int(self.ctl("count", "displayed"))

    def history(self) -> list[dict[str, Any]]:
        """What dunst has shown and closed, newest first, as plain values."""
        data = json.loads(self.ctl("history"))["data"][0]
        return [{k: v["data"] for k, v in entry.items()} for entry in data]

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(10)
