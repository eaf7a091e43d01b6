"""Before Qt starts on X11: are the system libraries its xcb plugin needs there?

Without them Qt aborts with "Could not load the Qt platform plugin "xcb" ... This
application failed to start because no Qt platform plugin could be initialized",
which names no library. Here ``ldd`` is asked what the plugin (and Qt's xcb
library) cannot find, and the Debian/Ubuntu packages are named in one sentence.
The check costs one ``ldd`` run (~50 ms) and runs only where xcb will be used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["install_hint", "missing_libraries", "package_for", "uses_xcb", "xcb_plugin"]

# Sonames whose Debian package name does not follow the usual rule (see package_for).
_PACKAGES = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def uses_xcb(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> bool:
    """Whether Qt will load its xcb (X11) plugin: Linux, and neither another platform
    asked for (``offscreen``, ``wayland``...) nor a Wayland session Qt would prefer."""
    if not platform.startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(":")[0].split(";")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    import PySide6  # no Qt library is loaded by the package itself

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(plugin: Path) -> list[str]:
    """The sonames ``ldd`` reports as not found for the plugin, in its order, once."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []  # no way to ask: let Qt try
    try:
        done = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(done.stdout)))


def package_for(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``: Debian names a library package after
    its soname, with a dash before the version when the name ends in a digit."""
    if soname in _PACKAGES:
        return _PACKAGES[soname]
    match = re.fullmatch(r"(lib[\w+.-]+?)\.so\.(\d+)(?:\..*)?", soname)
    if match is None:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def install_hint(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(package_for(s) for s in missing))
    return (
        f"Desk cannot open its window: Qt's X11 support needs system libraries that "
        f"are missing ({', '.join(missing)}); on Debian or Ubuntu install them with: "
        f"sudo apt install {packages}"
    )
