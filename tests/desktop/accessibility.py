"""The running app's accessibility tree, read and driven over AT-SPI.

Why a helper process: AT-SPI's client library is pyatspi (PyGObject over libatspi), the
one Orca and dogtail use. The project's venv cannot import ``gi``, and reimplementing
the AT-SPI D-Bus protocol by hand here would be code to maintain that the system
already ships. So ``atspi_probe.py`` runs with the system Python (``/usr/bin/python3``,
``python3-pyatspi``; ``DESK_ATSPI_PYTHON`` names another) and answers in JSON: about
0.2 s for a call, about 1 s for the main window's whole tree. Slower than a D-Bus
client in the venv, but the tests need a few dozen calls, and every node is seen
exactly as a screen reader sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROBE = Path(__file__).with_name("atspi_probe.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def probe_python() -> str:
    return os.environ.get("DESK_ATSPI_PYTHON", SYSTEM_PYTHON)


def pyatspi_missing() -> str | None:
    """Why the probe cannot run here, or None when it can."""
    python = probe_python()
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux only"
    try:
        result = subprocess.run(
            [python, "-c", "import pyatspi"], capture_output=True, text=True, timeout=30
        )
    except OSError as exc:
        return f"{python} cannot run ({exc})"
    if result.returncode != 0:
        return f"{python} cannot import pyatspi (python3-pyatspi)"
    return None


@dataclass(frozen=True)
class Node:
    """One accessible: what a screen reader would say about it."""

    role: str
    name: str
    description: str
    id: str  # the widget's objectName, when it has one
    states: frozenset[str]
    text: str | None
    children: tuple[Node, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Node:
        return cls(
            role=data["role"],
            name=data["name"],
            description=data["description"],
            id=data["id"],
            states=frozenset(data["states"]),
            text=data.get("text"),
            children=tuple(cls.from_json(child) for child in data.get("children", ())),
        )

    @property
    def showing(self) -> bool:
        return "showing" in self.states

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, node_id: str) -> Node | None:
        return next((n for n in self.walk() if n.id == node_id), None)

    def all(self, role: str) -> list[Node]:
        return [n for n in self.walk() if n.role == role]

    def spoken(self) -> str:
        """Name and description, as a screen reader reads them out."""
        return f"{self.name} {self.description}".strip()


class ProbeError(RuntimeError):
    pass


class AccessibleApp:
    """The application with process id ``pid`` on the session's accessibility bus."""

    def __init__(self, pid: int, env: Mapping[str, str]) -> None:
        self.pid = pid
        self.env = dict(env)

    def _probe(self, *args: str) -> str:
        result = subprocess.run(
            [probe_python(), str(PROBE), args[0], str(self.pid), *args[1:]],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise ProbeError(result.stderr.strip() or f"probe exited with {result.returncode}")
        return result.stdout

    def tree(self) -> Node | None:
        """The whole tree, or None while the app is not on the bus (yet)."""
        try:
            return Node.from_json(json.loads(self._probe("tree")))
        except ProbeError:
            return None

    def set_text(self, target: str, text: str) -> None:
        self._probe("set-text", target, text)

    def extents(self, target: str) -> tuple[int, int, int, int]:
        """Where ``target`` is on the screen: x, y, width, height."""
        x, y, width, height = json.loads(self._probe("extents", target))
        return int(x), int(y), int(width), int(height)

    def act(self, target: str, action: str) -> None:
        """``target`` is an objectName, ``role=name`` or ``objectName/child index``;
        ``action`` e.g. Press, Toggle."""
        self._probe("action", target, action)
