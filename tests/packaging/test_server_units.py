"""The systemd units in packaging/server pass `systemd-analyze verify` (where systemd's
tools are installed), with ExecStart pointed at this environment's `desk-server`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "server"
INSTALLED = "/opt/desk/bin/desk-server"


def test_the_server_units_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    script = Path(sys.executable).parent / "desk-server"
    if analyze is None or not script.is_file():
        pytest.skip("needs systemd-analyze and an installed desk-server script")
    names = sorted(p.name for p in UNITS.iterdir() if p.suffix in {".service", ".timer"})
    expected = ["desk-server-backup.service", "desk-server-backup.timer", "desk-server.service"]
    assert names == expected
    for name in names:
        text = (UNITS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace(INSTALLED, str(script)), encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", "--man=no", *(f"./{name}" for name in names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
