"""AT-SPI, as a screen reader sees it: a command-line probe run by the system Python.

It reads or drives one application, found by process id, over the accessibility bus
with pyatspi, and prints JSON. The project's venv cannot import ``gi`` (PyGObject is
built against the system's GLib), so the tests run this file with ``/usr/bin/python3``,
where Debian's ``python3-pyatspi`` lives; it imports nothing from the project.

    atspi_probe.py tree PID              the tree: role, name, id, states, text, children
                                         (a hidden node's children are left out)
    atspi_probe.py set-text PID ID TEXT  replace an editable text's contents
    atspi_probe.py action PID ID NAME    do a named action (Press, Toggle, SetFocus, ...)
    atspi_probe.py extents PID ID        [x, y, width, height] on the screen

ID is the last part of Qt's accessible id, which is the widget's objectName (Qt builds
ids as ``QApplication.signInDialog.passwordEdit``), or ``ROLE=NAME`` for a node without
one (``menu item=Sign out``); ``ID/INDEX`` is child INDEX of that node (a table cell).
The first match in tree order wins.
Errors go to stderr with exit status 2 (no such application or node) or 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi

MAX_DEPTH = 40


def application(pid: int) -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.get_process_id() == pid:
            return app
    raise LookupError(f"no application with pid {pid} on the accessibility bus")


def short_id(node: Any) -> str:
    try:
        full = node.get_accessible_id() or ""
    except Exception:
        return ""
    return str(full).rsplit(".", 1)[-1]


def describe(node: Any, depth: int = 0) -> dict[str, Any]:
    states = node.getState().getStates()
    entry: dict[str, Any] = {
        "role": node.getRoleName(),
        "name": node.name or "",
        "description": node.description or "",
        "id": short_id(node),
        "states": sorted(pyatspi.stateToString(s) for s in states),
    }
    text = _text(node)
    if text is not None:
        entry["text"] = text
    # Below a hidden node everything is hidden too: skipping it halves a main-window
    # dump (hidden context sections, closed menus, combo box popups).
    if depth < MAX_DEPTH and "showing" in entry["states"]:
        entry["children"] = [
            describe(child, depth + 1)
            for child in (node.getChildAtIndex(i) for i in range(node.childCount))
            if child is not None
        ]
    return entry


def _text(node: Any) -> str | None:
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    return str(text.getText(0, -1))


def matches(node: Any, wanted: str) -> bool:
    role, equals, name = wanted.partition("=")
    if equals:
        return bool(node.getRoleName() == role and (node.name or "") == name)
    return short_id(node) == wanted


def find(node: Any, wanted: str, depth: int = 0) -> Any | None:
    if matches(node, wanted):
        return node
    if depth >= MAX_DEPTH:
        return None
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        found = find(child, wanted, depth + 1) if child is not None else None
        if found is not None:
            return found
    return None


def node_by_id(pid: int, wanted: str) -> Any:
    wanted, slash, index = wanted.rpartition("/") if "/" in wanted else (wanted, "", "")
    found = find(application(pid), wanted)
    if found is not None and slash:
        found = found.getChildAtIndex(int(index))
    if found is None:
        raise LookupError(f"no accessible {wanted!r} in application {pid}")
    return found


def do_action(node: Any, name: str) -> None:
    actions = node.queryAction()
    names = [actions.getName(i) for i in range(actions.nActions)]
    for index, candidate in enumerate(names):
        if candidate.lower() == name.lower():
            if not actions.doAction(index):
                raise RuntimeError(f"action {name!r} was refused")
            return
    raise LookupError(f"no action {name!r}; the node offers {names}")


def main(argv: list[str]) -> int:
    command, pid = argv[0], int(argv[1])
    try:
        if command == "tree":
            json.dump(describe(application(pid)), sys.stdout, ensure_ascii=False)
        elif command == "set-text":
            node_by_id(pid, argv[2]).queryEditableText().setTextContents(argv[3])
        elif command == "action":
            do_action(node_by_id(pid, argv[2]), argv[3])
        elif command == "extents":
            box = node_by_id(pid, argv[2]).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            json.dump([box.x, box.y, box.width, box.height], sys.stdout)
        else:
            raise SystemExit(f"unknown command {command!r}")
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
