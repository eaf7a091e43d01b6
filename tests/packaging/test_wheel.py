"""The built wheel, installed alone into a fresh venv, runs: `desk --version`, the
Russian catalogue, the icon and the chime, and `desk-server migrate` (Alembic's scripts).

Slow (about 15-30 s: a wheel build and an install), and in the default run on purpose:
it is the one test that sees the package as a user gets it, not as the checkout is.

How the venv gets its dependencies without downloading PySide6 & co. again: the wheel
is installed with ``--no-deps``, and a ``.pth`` file in the venv lists this
environment's site-packages directories. Python only *appends* the directories named in
a .pth file; it does not run the .pth files found inside them, so the editable install
of this checkout (hatchling's ``_editable_impl_desk_helpdesk.pth``, a path to the
checkout) is not picked up, and the venv's own site-packages (with the wheel's desk, ui
and desk_resources) comes first on sys.path anyway. The probe below checks that every
module of ours is imported from the venv. PYTHON* variables are dropped and every
command runs in a temporary directory, so nothing reaches the checkout.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import sysconfig
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from desk import __version__

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]  # the checkout being packaged


@dataclass(frozen=True)
class Venv:
    root: Path
    python: Path
    work: Path  # a scratch directory outside the checkout: every command runs here

    def script(self, name: str) -> Path:
        return self.python.parent / (f"{name}.exe" if os.name == "nt" else name)

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return _run([str(a) for a in args], cwd=self.work, env=_clean_env(), timeout=timeout)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(
    cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    # pip builds with hatchling in an isolated build environment, as `pip install` does.
    _run([*pip, "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], cwd=work, timeout=240)
    (wheel,) = dist.glob("desk_helpdesk-*.whl")
    root = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)], cwd=work)
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # This pip installs into the new venv (pip >= 22.3), so the venv needs no pip of its own.
    _run([*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)], cwd=work)
    site = _run(
        [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=work,
    ).stdout.strip()
    ours = sysconfig.get_paths()
    deps = dict.fromkeys(str(Path(ours[key]).resolve()) for key in ("purelib", "platlib"))
    assert not any(Path(d) == ROOT or ROOT.is_relative_to(d) for d in deps)
    (Path(site) / "_desk_test_dependencies.pth").write_text("\n".join(deps) + "\n")
    scratch = work / "cwd"
    scratch.mkdir()
    return Venv(root, python, scratch)


def test_desk_version(venv: Venv) -> None:
    done = venv.run(venv.script("desk"), "--version")
    assert done.stdout.strip() == f"Desk {__version__}"


PROBE = textwrap.dedent(
    """
    import importlib.util
    import os
    import sys
    from pathlib import Path

    import desk, desk_resources, ui
    import ui.app

    venv = Path(sys.prefix).resolve()
    for module in (desk, ui, desk_resources, ui.app):
        where = Path(module.__file__).resolve()
        assert where.is_relative_to(venv), f"{module.__name__} from {where}"
    assert importlib.util.find_spec("desk_resources.tools") is None  # not shipped

    files = [desk_resources.icon_svg(), desk_resources.sound("urgent")]
    files += [desk_resources.icon_png(size) for size in desk_resources.ICON_SIZES]
    for path in files:
        assert path.is_file() and path.resolve().is_relative_to(venv), path

    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QApplication

    qm = desk_resources.translation("ru")
    assert qm is not None and qm.resolve().is_relative_to(venv), qm
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("TicketHeader", "Assign to me") == "Взять себе"
    english = desk_resources.translation("en")  # the English plural forms
    assert english is not None and english.resolve().is_relative_to(venv), english
    assert translator.load(str(english))
    assert translator.translate("Queue", "%n message(s)", None, 1) == "%n message"

    os.environ["DESK_LANG"] = "ru"  # the app's own start-up path
    app = QApplication([])
    installed = ui.app._install_translations(app)
    assert Path(installed[0].filePath()).resolve() == qm.resolve(), installed
    assert QCoreApplication.translate("Tray", "Open Desk") == "Открыть Desk"

    from ui.alerts.tray import tray_pixmap
    from ui.app_icon import app_icon

    assert len(app_icon().availableSizes()) == len(desk_resources.ICON_SIZES)
    assert not tray_pixmap(3, True, 22).toImage().isNull()
    print("probe ok")
    """
)


def test_code_and_resources_come_from_the_installed_wheel(venv: Venv) -> None:
    probe = venv.work / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    done = venv.run(venv.python, "-I", "-W", "error", probe)
    assert done.stdout.strip() == "probe ok"


def test_desk_server_migrates_from_the_installed_wheel(venv: Venv) -> None:
    database = venv.work / "desk.db"
    server = venv.script("desk-server")
    storage = ("--database", database, "--data-dir", venv.work / "data")
    venv.run(server, "migrate", *storage)
    with sqlite3.connect(database) as db:
        (version,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert version and {"tickets", "messages"} <= tables
    assert "up to date" in venv.run(server, "migrate", *storage).stdout
