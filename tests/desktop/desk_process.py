"""The real ``desk`` process on the test desktop, and what a user does with it.

``DeskProcess`` runs ``python -m ui.app --server URL`` from this checkout on the X
server (``QT_QPA_PLATFORM=xcb``: a real window, not offscreen) with Qt's accessibility
bridge switched on, in a profile of its own (HOME and the XDG folders; the bus, the
keyring and the notification daemon are the desktop's). Everything the tests do to it
goes through AT-SPI, as an assistive technology would: typing into the sign-in dialog,
ticking "remember me", pressing buttons, picking menu items, selecting queue rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tests.desktop.accessibility import AccessibleApp, Node
from tests.helpers.desktop_session import DesktopSession, home_env, stop_process_group

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]


class DeskProcess:
    def __init__(self, desktop: DesktopSession, profile: Path, server_url: str) -> None:
        self.desktop = desktop
        self.profile = profile
        self.server_url = server_url
        self.log = profile / "desk.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._a11y: AccessibleApp | None = None

    @property
    def env(self) -> dict[str, str]:
        return dict(
            self.desktop.env,
            **home_env(self.profile / "home"),
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
            DESK_LANG="en",  # the tests read English names
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        )

    def start(self) -> DeskProcess:
        (self.profile / "home").mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ui.app", "--server", self.server_url],
                env=self.env,
                cwd=self.profile,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group, ended by stop()
            )
        self._a11y = AccessibleApp(self.process.pid, self.desktop.env)
        return self

    @property
    def a11y(self) -> AccessibleApp:
        assert self._a11y is not None, "start() the app first"
        return self._a11y

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, grace=5)

    def wait_exit(self, timeout: float) -> int | None:
        """The exit status once the app ends by itself, or None if still running."""
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    # --- waiting on what the app shows -----------------------------------------------

    def wait_for(self, what: str, found: Callable[[Node], T | None], timeout: float = 20) -> T:
        """Poll the accessibility tree until ``found(tree)`` gives something; fail
        saying ``what`` was awaited, with the app's last log lines."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.running:
                raise AssertionError(f"desk exited while waiting for {what}:\n{self.log_tail()}")
            tree = self.a11y.tree()
            result = found(tree) if tree is not None else None
            if result is not None:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {what} after {timeout:g} s; desk log:\n{self.log_tail()}")
            time.sleep(0.2)

    def wait_for_sign_in_dialog(self, timeout: float = 20) -> Node:
        return self.wait_for("sign-in dialog", lambda tree: showing(tree, "signInDialog"), timeout)

    def wait_for_main_window(self, timeout: float = 20) -> Node:
        return self.wait_for("main window", lambda tree: showing(tree, "mainWindow"), timeout)

    # --- what a user does -------------------------------------------------------------

    def sign_in(self, email: str, password: str, *, remember: bool) -> Node:
        """Fill in the sign-in dialog, set "remember me" as asked, press "Sign in";
        returns the main window once it shows."""
        dialog = self.wait_for_sign_in_dialog()
        server = dialog.find("serverEdit")
        assert server is not None and server.text == self.server_url, server
        self.a11y.set_text("emailEdit", email)
        self.a11y.set_text("passwordEdit", password)
        box = dialog.find("rememberBox")
        assert box is not None and "enabled" in box.states, f"remember me unavailable: {box}"
        if ("checked" in box.states) != remember:
            self.a11y.act("rememberBox", "Toggle")
            self.wait_for(
                f"remember me {'ticked' if remember else 'cleared'}",
                lambda tree: _checked(tree, "rememberBox") == remember or None,
                timeout=5,
            )
        self.a11y.act("signInButton", "Press")
        return self.wait_for_main_window()

    def open_ticket(self, title: str) -> None:
        """Click the queue row of the ticket called ``title`` (xdotool, at the place
        AT-SPI gives for its cell): the view opens tickets on its current row, which
        only a click or the keyboard moves, not AT-SPI's selection."""
        queue = self.wait_for("queue", lambda tree: tree.find("queueView"))
        index = next((i for i, cell in enumerate(queue.children) if title in cell.name), None)
        assert index is not None, f"no queue row {title!r}: {[c.name for c in queue.children]}"
        self.click(f"queueView/{index}")
        self.wait_for(f"ticket {title!r} open", lambda tree: shown_title(tree) == title or None)

    def click(self, target: str) -> None:
        """A left click in the middle of ``target``, with the X pointer."""
        x, y, width, height = self.a11y.extents(target)
        assert width > 0 and height > 0, f"{target} is not on the screen"
        self.desktop.run(
            ["xdotool", "mousemove", str(x + width // 2), str(y + height // 2), "click", "1"]
        )


def showing(tree: Node, node_id: str) -> Node | None:
    node = tree.find(node_id)
    return node if node is not None and node.showing else None


def shown_title(tree: Node) -> str | None:
    """The title in the ticket header, when one is shown."""
    label = showing(tree, "ticketTitle")
    return label.name if label is not None else None


def _checked(tree: Node, node_id: str) -> bool | None:
    node = tree.find(node_id)
    return None if node is None else "checked" in node.states
