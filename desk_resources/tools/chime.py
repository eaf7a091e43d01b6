"""Writes the alert chime (sounds/urgent.wav), or checks that the committed one matches.

    python -m desk_resources.tools.chime           # synthesise sounds/urgent.wav
    python -m desk_resources.tools.chime --check   # exit 1 if the file is missing or stale

A two-tone chime, B5 then E6 (a rising fourth), each a soft bell tone that rings under
the next: about 0.45 s, 16-bit mono at 22.05 kHz, 20 KB. Only ``wave`` and ``math``.
"""

from __future__ import annotations

import argparse
import array
import math
import sys
import wave
from pathlib import Path

import desk_resources

RATE = 22050
SECONDS = 0.45
PEAK = 0.6  # of full scale: clearly audible, never clipped
NOTES = ((987.77, 0.0), (1318.51, 0.13))  # (Hz, start in s)
_DECAY = 0.11  # s: each note fades like a struck bell
_FADE_OUT = 0.03  # s: no click at the end

#: How far a committed sample may be from a fresh one (libm may round differently).
TOLERANCE = 2


def samples() -> array.array[int]:
    """The chime's 16-bit samples."""
    n = int(RATE * SECONDS)
    raw = []
    for i in range(n):
        t = i / RATE
        value = 0.0
        for freq, start in NOTES:
            if t < start:
                continue
            u = t - start
            envelope = min(1.0, u / 0.004) * math.exp(-u / _DECAY)  # 4 ms attack: no click
            # The fundamental and a soft octave: round, not piercing.
            value += envelope * (
                math.sin(2 * math.pi * freq * u) + 0.3 * math.sin(4 * math.pi * freq * u)
            )
        raw.append(value * min(1.0, (SECONDS - t) / _FADE_OUT))
    scale = PEAK * 32767 / max(abs(v) for v in raw)
    return array.array("h", (round(v * scale) for v in raw))


def write(path: Path) -> Path:
    data = samples()
    if sys.byteorder == "big":
        data.byteswap()  # WAV is little-endian
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())
    return path


def read(path: Path) -> array.array[int]:
    with wave.open(str(path)) as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, RATE):
            raise ValueError(f"{path.name}: not 16-bit mono at {RATE} Hz")
        data = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        data.byteswap()
    return data


def problems() -> list[str]:
    path = desk_resources.sound("urgent")
    try:
        committed = read(path)
    except (OSError, EOFError, wave.Error, ValueError) as exc:
        return [f"{path.name}: {exc}"]
    fresh = samples()
    if len(committed) != len(fresh) or any(
        abs(a - b) > TOLERANCE for a, b in zip(committed, fresh, strict=True)
    ):
        return [f"{path.name}: not the chime this tool makes"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report a stale file, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) or "urgent.wav: matches the tool")
        return 1 if found else 0
    print(f"wrote {write(desk_resources.sound('urgent'))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
