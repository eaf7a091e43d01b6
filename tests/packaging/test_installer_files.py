"""The installer definitions parse and name files that exist.

The Windows and macOS installers are built only on their own CI runners
(.github/workflows/installers.yml), and the Linux bundle only by packaging/smoke.sh;
what can be checked without building them is checked here: each file's syntax, the
paths it refers to, and that they agree on the app id, the executable names and the
version.
"""

from __future__ import annotations

import ast
import configparser
import plistlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from desk import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "dev.deskapp.Desk"


def _path_literals(spec: ast.Module) -> list[Path]:
    """Every ``HERE / "a" / "b"`` and ``ROOT / ...`` chain in the spec, resolved."""
    bases = {"HERE": PACKAGING, "ROOT": ROOT}
    found = []
    for node in ast.walk(spec):
        parts: list[str] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
                break
            parts.insert(0, node.right.value)
            node = node.left
        if parts and isinstance(node, ast.Name) and node.id in bases:
            found.append(bases[node.id].joinpath(*parts))
    return found


def test_the_spec_parses_and_every_path_it_names_exists() -> None:
    spec = ast.parse((PACKAGING / "desk.spec").read_text(encoding="utf-8"))
    paths = _path_literals(spec)
    names = {p.relative_to(ROOT).as_posix() for p in paths}
    assert {"packaging/run_desk.py", "packaging/run_desk_server.py"} <= names
    assert "packaging/macos/Info.plist" in names
    missing = [str(p) for p in paths if not p.exists()]
    assert missing == []


def test_the_spec_collects_the_data_packages_that_exist() -> None:
    source = (PACKAGING / "desk.spec").read_text(encoding="utf-8")
    for package in re.findall(r'collect_data_files\("([\w.]+)"', source):
        if package.split(".")[0] in {"desk", "desk_resources"}:
            assert ROOT.joinpath(*package.split(".")).is_dir(), package
    # The executables the installers start are the ones the spec makes.
    assert re.findall(r'executable\("([\w-]+)"', source) == ["desk", "desk-server"]


def test_the_entry_scripts_call_the_console_entry_points() -> None:
    scripts = {"run_desk.py": "from ui.app import main", "run_desk_server.py": "desk.server.cli"}
    for name, entry in scripts.items():
        text = (PACKAGING / name).read_text(encoding="utf-8")
        ast.parse(text)
        assert entry in text


def test_the_macos_plists_parse_and_carry_the_app_id() -> None:
    info = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    assert info["CFBundleExecutable"] == "desk"
    assert info["CFBundleShortVersionString"] == __version__
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.network.client"] is True


def _inno_sections(path: Path) -> configparser.RawConfigParser:
    # Inno Setup scripts are INI files whose [Files]/[Icons] lines are "Key: value; ..."
    # entries and whose #-lines are preprocessor directives (comments to configparser).
    parser = configparser.RawConfigParser(allow_no_value=True, delimiters=("=",), strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_the_inno_setup_script_parses_and_its_files_exist() -> None:
    iss = PACKAGING / "windows" / "desk.iss"
    parser = _inno_sections(iss)
    assert {"Setup", "Files", "Icons", "Languages"} <= set(parser.sections())
    setup = parser["Setup"]
    assert setup["AppName"] == "Desk"
    assert (iss.parent / setup["LicenseFile"].replace("\\", "/")).is_file()
    files = " ".join(parser["Files"])
    # The bundle the spec makes with --distpath dist, at the top of the checkout.
    assert r'Source: "..\..\dist\desk\*"' in files
    icons = " ".join(parser["Icons"])
    assert r"{app}\desk.exe" in icons
    assert APP_ID in icons


def test_the_workflow_parses_and_builds_on_windows_and_macos() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "installers.yml").read_text())
    runners = {job["runs-on"] for job in workflow["jobs"].values()}
    assert runners == {"windows-latest", "macos-latest"}
    commands = " ".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]
    )
    for referred in re.findall(r"packaging[/\\][\w./\\-]+", commands):
        assert (ROOT / referred.replace("\\", "/")).exists(), referred


def test_the_desktop_file_names_the_app_id_icon_and_command() -> None:
    desktop = PACKAGING / "linux" / f"{APP_ID}.desktop"
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(desktop.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "desk"  # /usr/bin/desk, the .deb's symlink
    assert entry["Name[ru]" if "Name[ru]" in entry else "Name"]


def test_the_metainfo_agrees_with_the_desktop_file_and_the_version() -> None:
    tree = ET.parse(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml")
    component = tree.getroot()
    assert component.findtext("id") == APP_ID
    launchable = component.findtext("launchable")
    assert launchable is not None
    assert (PACKAGING / "linux" / launchable).is_file()
    versions = [r.get("version") for r in component.iter("release")]
    assert versions[0] == __version__
    images = [i.text or "" for i in component.iter("image")]
    assert images
    for url in images:  # the README's screenshots, as published under the homepage
        assert (ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url


@pytest.mark.parametrize(
    "script", ["smoke.sh", "linux/build_deb.sh", "macos/build_dmg.sh"], ids=str
)
def test_the_shell_scripts_parse(script: str) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine")
    done = subprocess.run([bash, "-n", str(PACKAGING / script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_deb_script_installs_files_that_exist() -> None:
    text = (PACKAGING / "linux" / "build_deb.sh").read_text(encoding="utf-8")
    named = set(re.findall(r'"\$here/([\w.$-]+)"', text))
    named |= {f"{page}.1" for page in ("desk", "desk-server")}
    resolved = {n.replace("$app_id", APP_ID) for n in named if "$page" not in n}
    assert f"{APP_ID}.desktop" in resolved
    assert [n for n in resolved if not (PACKAGING / "linux" / n).is_file()] == []
