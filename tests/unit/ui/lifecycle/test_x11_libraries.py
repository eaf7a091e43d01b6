"""Missing X11 libraries are found before Qt starts and named as packages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ui.lifecycle.x11_libraries import (
    install_hint,
    missing_libraries,
    package_for,
    uses_xcb,
    xcb_plugin,
)

# What ldd said on a stock Debian 12 container without the xcb utility libraries.
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f87)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


@pytest.fixture
def fake_ldd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "bin" / "ldd"
    script.parent.mkdir()
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{LDD_OUTPUT}EOF\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    return script


def test_what_ldd_cannot_find_is_listed_once(fake_ldd: Path, tmp_path: Path) -> None:
    assert missing_libraries(tmp_path / "libqxcb.so") == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
    ]


def test_nothing_missing_on_this_machine_or_no_plugin() -> None:
    plugin = xcb_plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    # Whatever this machine lacks is named as packages; nothing is invented.
    for soname in missing_libraries(plugin):
        assert ".so." in soname


def test_the_sentence_names_the_packages_to_install() -> None:
    hint = install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"])
    assert hint.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0")
    assert "\n" not in hint


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libxcb-xkb.so.1", "libxcb-xkb1"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert package_for(soname) == package


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_only_where_qt_will_use_xcb(env: dict[str, str], expected: bool) -> None:
    assert uses_xcb("linux", env) is expected
    assert uses_xcb("win32", env) is False
