"""Regenerates the translations from the sources, or checks that they are in sync.

    python -m desk_resources.tools.translations          # lupdate ui/ -> .ts, lrelease -> .qm
    python -m desk_resources.tools.translations --check  # exit 1 if a .ts or .qm is out of date

Two catalogues: ``desk_ru.ts``, the whole Russian UI, and ``desk_en.ts``, which holds only
the plural messages (``lupdate -pluralonly``), as Qt documents for the source language:
the sources say ``%n message(s)`` and the English catalogue gives "1 message" and
"5 messages". Both .ts (what translators edit, e.g. in pyside6-linguist) and .qm (what
the app loads) are committed, so an install needs no Qt tools. After adding or changing
a string shown to people: run this, translate the new ``unfinished`` entries in
desk_ru.ts (and the two English forms of a new plural in desk_en.ts), run it again.
lupdate only sees string literals passed straight to ``tr()``, ``translate()`` or
``QT_TRANSLATE_NOOP()``: never f-strings, concatenations or a private helper's arguments.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import desk_resources

UI_ROOT = Path(str(files("ui")))  # the sources scanned: every module of the Qt app
TS_FILE = desk_resources.translations_dir() / "desk_ru.ts"
QM_FILE = desk_resources.translations_dir() / "desk_ru.qm"
EN_TS_FILE = desk_resources.translations_dir() / "desk_en.ts"
EN_QM_FILE = desk_resources.translations_dir() / "desk_en.qm"


@dataclass(frozen=True)
class Target:
    """One catalogue: where it lives and what lupdate puts in it."""

    ts: Path
    qm: Path
    language: str
    plural_only: bool  # the source language's catalogue: only messages with %n


TARGETS = (
    Target(TS_FILE, QM_FILE, "ru_RU", plural_only=False),
    Target(EN_TS_FILE, EN_QM_FILE, "en", plural_only=True),
)

# (context, source, disambiguation comment, numerus): what identifies a message.
MessageKey = tuple[str, str, str, bool]


@dataclass(frozen=True)
class Catalogue:
    keys: frozenset[MessageKey]
    unfinished: tuple[MessageKey, ...]  # untranslated or awaiting review
    obsolete: tuple[MessageKey, ...]  # kept by lupdate although gone from the sources


def find_tool(name: str) -> str | None:
    """A Qt tool on PATH, else the one installed next to this Python (a venv's bin/)."""
    found = shutil.which(name)
    if found is not None:
        return found
    for candidate in (name, f"{name}.exe"):
        beside = Path(sys.executable).parent / candidate
        if beside.exists():
            return str(beside)
    return None


def source_files() -> list[Path]:
    return sorted(p for p in UI_ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def read_catalogue(ts_path: Path) -> Catalogue:
    keys: set[MessageKey] = set()
    unfinished: list[MessageKey] = []
    obsolete: list[MessageKey] = []
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (
                name,
                message.findtext("source") or "",
                message.findtext("comment") or "",
                message.get("numerus") == "yes",
            )
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else None
            if kind in ("obsolete", "vanished"):
                obsolete.append(key)
                continue
            keys.add(key)
            if kind == "unfinished":
                unfinished.append(key)
    return Catalogue(frozenset(keys), tuple(unfinished), tuple(obsolete))


def run_lupdate(lupdate: str, target: Target, ts_path: Path | None = None) -> None:
    """Updates ``ts_path`` (default: the target's own .ts) from the sources."""
    files = [str(p) for p in source_files()]
    args = [lupdate, "-silent", "-no-obsolete", "-locations", "absolute"]
    args += ["-target-language", target.language]
    if target.plural_only:
        args.append("-pluralonly")
    out = ts_path if ts_path is not None else target.ts
    subprocess.run([*args, *files, "-ts", str(out)], check=True)


def run_lrelease(lrelease: str, ts_path: Path, qm_path: Path) -> None:
    subprocess.run(
        [lrelease, "-silent", "-removeidentical", str(ts_path), "-qm", str(qm_path)], check=True
    )


def _same_strings(a: MessageKey) -> tuple[str, str, str]:
    # lupdate versions disagree on marking plural messages (6.11 does not for some
    # `translate(..., n)` calls), so messages are matched without that flag.
    return a[0], a[1], a[2]


def _qm_differs(committed_qm: Path, built: Path, keys: frozenset[MessageKey]) -> bool:
    """Whether the committed .qm translates any message differently from ``built``.

    Compared by lookups, not bytes: lrelease versions lay files out differently."""
    from PySide6.QtCore import QTranslator

    committed, fresh = QTranslator(), QTranslator()
    if not (committed_qm.exists() and committed.load(str(committed_qm)) and fresh.load(str(built))):
        return True
    for context, source, comment, numerus in keys:
        for n in (1, 2, 5) if numerus else (-1,):
            disambiguation = comment or None
            if committed.translate(context, source, disambiguation, n) != fresh.translate(
                context, source, disambiguation, n
            ):
                return True
    return False


def problems(lupdate: str, lrelease: str | None) -> list[str]:
    """Why the committed .ts/.qm do not match the sources; empty when they do."""
    return [line for target in TARGETS for line in target_problems(target, lupdate, lrelease)]


def target_problems(target: Target, lupdate: str, lrelease: str | None) -> list[str]:
    found: list[str] = []
    name = target.ts.name
    if not target.ts.exists():
        return [f"{name} is missing"]
    committed = read_catalogue(target.ts)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ts = Path(tmp) / name
        run_lupdate(lupdate, target, fresh_ts)
        fresh = read_catalogue(fresh_ts)
        if lrelease is not None:
            fresh_qm = Path(tmp) / target.qm.name
            run_lrelease(lrelease, target.ts, fresh_qm)
            if _qm_differs(target.qm, fresh_qm, committed.keys):
                found.append(f"{target.qm.name} was not built from the current {name}")
    fresh_strings = {_same_strings(k) for k in fresh.keys}
    committed_strings = {_same_strings(k) for k in committed.keys}
    for context, source, _comment in sorted(fresh_strings - committed_strings):
        found.append(f"not in {name}: [{context}] {source!r}")
    for context, source, _comment in sorted(committed_strings - fresh_strings):
        found.append(f"no longer in the sources ({name}): [{context}] {source!r}")
    for context, source, _comment, _numerus in committed.unfinished:
        found.append(f"untranslated in {name}: [{context}] {source!r}")
    for context, source, _comment, _numerus in committed.obsolete:
        found.append(f"obsolete entry in {name}: [{context}] {source!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, change nothing")
    args = parser.parse_args(argv)
    lupdate, lrelease = find_tool("pyside6-lupdate"), find_tool("pyside6-lrelease")
    if lupdate is None:
        print("pyside6-lupdate not found (it comes with PySide6)", file=sys.stderr)
        return 2
    if args.check:
        found = problems(lupdate, lrelease)
        for line in found:
            print(line)
        if not found:
            names = ", ".join(t.ts.name for t in TARGETS)
            print(f"{names}: in sync with the sources, fully translated")
        return 1 if found else 0
    if lrelease is None:
        print("pyside6-lrelease not found (it comes with PySide6)", file=sys.stderr)
        return 2
    for target in TARGETS:
        run_lupdate(lupdate, target)
        run_lrelease(lrelease, target.ts, target.qm)
        for context, source, _comment, _numerus in read_catalogue(target.ts).unfinished:
            print(f"to translate in {target.ts.name}: [{context}] {source!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
