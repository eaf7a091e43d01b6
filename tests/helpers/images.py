"""Real image bytes: plain PNGs, a fake app screenshot, and header-only PNGs that claim
sizes they do not carry. Pillow draws them all, so no test needs Qt for an image."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

Colour = str | tuple[int, int, int]


def png_bytes(width: int = 40, height: int = 20, colour: Colour = (200, 30, 30)) -> bytes:
    """A PNG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_file(path: Path, colour: Colour = "#3366cc", size: tuple[int, int] = (32, 24)) -> Path:
    """Write a PNG of one colour to ``path``."""
    path.write_bytes(png_bytes(*size, colour=colour))
    return path


def line_png(width: int = 320, height: int = 200) -> bytes:
    """A pale PNG with a red line across the middle (a tiny "screenshot")."""
    image = Image.new("RGB", (width, height), (240, 240, 250))
    for x in range(width // 8, width * 7 // 8):
        image.putpixel((x, height // 2), (220, 40, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def screenshot_png(width: int = 640, height: int = 400) -> bytes:
    """A fake app screenshot: title bar, sidebar, chat bubbles and an error line."""
    image = Image.new("RGB", (width, height), "#f5f7fb")
    draw = ImageDraw.Draw(image)
    bar = max(1, round(height * 0.1))
    start, end = (0x2F, 0x6F, 0xEC), (0x6A, 0x5C, 0xFF)
    for x in range(width):
        f = x / max(1, width - 1)
        draw.line(
            [(x, 0), (x, bar - 1)],
            fill=tuple(round(a + (b - a) * f) for a, b in zip(start, end, strict=True)),
        )
    draw.rectangle([0, bar, width * 0.28, height], fill="#e3e8f2")
    for i in range(6):
        y = height * (0.16 + i * 0.12)
        draw.rectangle([width * 0.03, y, width * 0.23, y + height * 0.05], fill="#c9d2e3")
    for i in range(4):
        y = height * (0.18 + i * 0.17)
        left = i % 2 == 0
        bubble_x = width * (0.32 if left else 0.55)
        draw.rounded_rectangle(
            [bubble_x, y, bubble_x + width * 0.4, y + height * 0.11],
            radius=8,
            fill="#ffffff" if left else "#d4e4ff",
        )
    font = ImageFont.load_default(size=max(10, height // 14))
    draw.text((width * 0.32, height * 0.86), "Error 502: bot offline", fill="#d92d20", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """One PNG chunk: length, type, payload and CRC."""
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims a size, with no pixel data at all: costs nothing to make."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")
