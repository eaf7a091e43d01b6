"""Screenshots customers attach, drawn with Pillow: a Telegram chat where the bot fails,
and pages of the assistant platform's admin panel (webhook errors, knowledge base,
handoff settings).

Each render is a pure function of its arguments and is cached, so the demo reuses a
handful of images with variations instead of drawing hundreds. Text uses DejaVu Sans
(Cyrillic included) when the system has it, else another Cyrillic-capable font, else
Pillow's built-in font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from desk.demo.data.screens_text import ChatLine, chat_script, page_text

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
PHONE = (390, 844)
DESKTOP = (1024, 640)

_FONT_FILES = {
    False: ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "segoeui.ttf", "NotoSans-Regular.ttf"),
    True: ("DejaVuSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf", "segoeuib.ttf"),
}


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> Font:
    for name in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@dataclass(frozen=True)
class Screenshot:
    filename: str
    data: bytes
    width: int
    height: int


def _png(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, fnt: Font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=fnt) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


# --- Telegram ------------------------------------------------------------------------

_TG_HEADER = (82, 125, 163)
_TG_OUT = (239, 253, 222)
_TG_META_OUT = (98, 172, 85)
_TG_META_IN = (160, 172, 182)


def _tg_background(im: Image.Image, variant: int) -> None:
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 100, PHONE[0], 784), fill=(206, 222, 232))
    # Telegram's doodle wallpaper, suggested by faint scattered shapes.
    shades = [(194, 212, 224), (214, 228, 236), (199, 217, 214), (212, 222, 204)]
    for row in range(0, 700, 46):
        for col in range(0, 400, 52):
            x = col + (row // 46 % 2) * 26 + variant * 7 % 13
            y = 100 + row + (col * 7 % 11)
            colour = shades[(row + col + variant) % len(shades)]
            if (row + col) % 3 == 0:
                draw.ellipse((x, y, x + 14, y + 14), outline=colour, width=2)
            elif (row + col) % 3 == 1:
                draw.rounded_rectangle((x, y, x + 16, y + 11), 3, outline=colour, width=2)
            else:
                draw.line((x, y + 12, x + 8, y, x + 16, y + 12), fill=colour, width=2)


def _tg_bubble(draw: ImageDraw.ImageDraw, y: int, line: ChatLine) -> int:
    """Draw one message bubble whose top is at ``y``; return the next free y."""
    body, meta = font(15), font(11)
    lines = _wrap(draw, line.text, body, 250)
    text_w = max(int(draw.textlength(s, font=body)) for s in lines)
    stamp = line.time + ("  ✓✓" if line.outgoing and line.read else "  ✓" if line.outgoing else "")
    stamp_w = int(draw.textlength(stamp, font=meta))
    w = max(text_w, stamp_w) + 26
    h = 20 * len(lines) + 30
    x = PHONE[0] - w - 10 if line.outgoing else 10
    fill = _TG_OUT if line.outgoing else (255, 255, 255)
    draw.rounded_rectangle((x + 1, y + 2, x + w + 1, y + h + 2), 14, fill=(170, 190, 200))
    draw.rounded_rectangle((x, y, x + w, y + h), 14, fill=fill)
    for i, text in enumerate(lines):
        draw.text((x + 13, y + 8 + 20 * i), text, font=body, fill=(20, 24, 28))
    colour = _TG_META_OUT if line.outgoing else _TG_META_IN
    draw.text((x + w - stamp_w - 10, y + h - 18), stamp, font=meta, fill=colour)
    return y + h + 8


@lru_cache(maxsize=64)
def telegram_chat(lang: str, scenario: str, bot: str, variant: int) -> Screenshot:
    """A phone screenshot of the customer's own test chat with their bot."""
    script = chat_script(lang, scenario, bot, variant)
    im = Image.new("RGB", PHONE, _TG_HEADER)
    _tg_background(im, variant)
    draw = ImageDraw.Draw(im)
    # Status bar and header.
    draw.text((22, 14), script.clock, font=font(15, True), fill="white")
    draw.rounded_rectangle((336, 16, 364, 30), 4, outline="white", width=2)
    draw.rectangle((339, 19, 339 + 8 + variant * 5, 27), fill="white")
    draw.text((14, 58), "‹", font=font(30), fill="white")
    draw.ellipse((44, 52, 84, 92), fill=(231, 129, 68))
    initial = bot[:1].upper()
    draw.text((64, 72), initial, font=font(19, True), fill="white", anchor="mm")
    draw.text((96, 54), bot, font=font(17, True), fill="white")
    draw.text((96, 76), script.status, font=font(13), fill=(200, 218, 235))
    draw.text((360, 72), "⋮", font=font(22, True), fill="white", anchor="mm")
    # Messages, newest at the bottom like the real app.
    y = 116
    pill = script.day
    pill_w = int(draw.textlength(pill, font=font(12))) + 20
    draw.rounded_rectangle(
        ((PHONE[0] - pill_w) // 2, y, (PHONE[0] + pill_w) // 2, y + 22), 11, fill=(160, 184, 196)
    )
    draw.text((PHONE[0] // 2, y + 11), pill, font=font(12), fill="white", anchor="mm")
    y += 36
    for line in script.lines:
        y = _tg_bubble(draw, y, line)
    # Composer.
    draw.rectangle((0, 784, PHONE[0], PHONE[1]), fill=(255, 255, 255))
    draw.line((0, 784, PHONE[0], 784), fill=(222, 226, 230))
    draw.text((52, 814), script.placeholder, font=font(16), fill=(150, 158, 166), anchor="lm")
    draw.arc((14, 802, 36, 826), 200, 520, fill=(140, 150, 160), width=2)
    draw.ellipse((340, 796, 376, 832), fill=_TG_HEADER)
    draw.rounded_rectangle((353, 803, 363, 819), 5, fill="white")
    draw.line((358, 819, 358, 826), fill="white", width=2)
    name = f"telegram-{scenario}-{variant + 1}.png" if lang == "en" else f"скрин-{variant + 1}.png"
    return Screenshot(name, _png(im), *PHONE)


# --- admin panel pages ------------------------------------------------------------------

_SIDEBAR = (30, 41, 59)
_PAGE = (241, 245, 249)
_INK = (15, 23, 42)
_MUTED = (100, 116, 139)
_RED = (220, 38, 38)
_GREEN = (22, 163, 74)
_AMBER = (217, 119, 6)


def _chip(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, colour: tuple[int, ...]) -> None:
    w = int(draw.textlength(text, font=font(12, True))) + 16
    pale = tuple(int(c + (255 - c) * 0.85) for c in colour)
    draw.rounded_rectangle((x, y, x + w, y + 20), 10, fill=pale)
    draw.text((x + 8, y + 10), text, font=font(12, True), fill=colour, anchor="lm")


_ACTIVE_NAV = {"webhook": 4, "knowledge": 2, "handoff": 0}


def _frame(
    lang: str, page: str, company: str, domain: str, variant: int
) -> tuple[Image.Image, list[str]]:
    """The panel chrome (top bar, sidebar) shared by every page; returns the page text."""
    text = page_text(lang, page, domain, variant)
    im = Image.new("RGB", DESKTOP, _PAGE)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, DESKTOP[0], 52), fill="white")
    draw.line((0, 52, DESKTOP[0], 52), fill=(226, 232, 240))
    draw.rounded_rectangle((18, 12, 46, 40), 8, fill=(99, 102, 241))
    draw.text((32, 26), "T", font=font(17, True), fill="white", anchor="mm")
    draw.text((56, 26), "AI Textura", font=font(17, True), fill=_INK, anchor="lm")
    draw.rounded_rectangle((230, 13, 470, 39), 6, fill=_PAGE)
    draw.text((242, 26), company, font=font(13), fill=_MUTED, anchor="lm")
    draw.ellipse((976, 12, 1004, 40), fill=(14, 165, 233))
    draw.text((990, 26), company[:1], font=font(14, True), fill="white", anchor="mm")
    draw.rectangle((0, 53, 200, DESKTOP[1]), fill=_SIDEBAR)
    nav = text[:7]
    for i, item in enumerate(nav):
        y = 76 + 40 * i
        if i == _ACTIVE_NAV[page]:
            draw.rounded_rectangle((10, y - 14, 190, y + 16), 8, fill=(51, 65, 85))
        draw.ellipse((22, y - 5, 32, y + 5), outline=(148, 163, 184), width=2)
        draw.text((44, y), item, font=font(14), fill=(226, 232, 240), anchor="lm")
    return im, text[7:]


def _webhook_page(im: Image.Image, text: list[str], variant: int) -> None:
    draw = ImageDraw.Draw(im)
    title, banner, banner_sub, url, *rows = text
    draw.text((228, 80), title, font=font(22, True), fill=_INK)
    draw.rounded_rectangle((228, 122, 996, 190), 10, fill=(254, 226, 226), outline=(248, 113, 113))
    draw.ellipse((246, 140, 278, 172), fill=_RED)
    draw.text((262, 156), "!", font=font(20, True), fill="white", anchor="mm")
    draw.text((294, 134), banner, font=font(17, True), fill=(153, 27, 27))
    draw.text((294, 160), banner_sub, font=font(13), fill=(185, 28, 28))
    draw.rounded_rectangle((228, 206, 996, 262), 10, fill="white", outline=(226, 232, 240))
    draw.text((246, 222), url, font=font(14), fill=_INK)
    draw.rounded_rectangle((940, 222, 980, 244), 11, fill=_GREEN)
    draw.ellipse((960, 224, 978, 242), fill="white")
    # Delivery log.
    draw.rounded_rectangle((228, 278, 700, 620), 10, fill="white", outline=(226, 232, 240))
    for i, row in enumerate(rows[:9]):
        y = 300 + 35 * i
        when, event, code, ms = row.split("|")
        colour = _GREEN if code.startswith("2") else _AMBER if code == "504" else _RED
        draw.text((246, y), when, font=font(13), fill=_MUTED)
        draw.text((330, y), event, font=font(13), fill=_INK)
        _chip(draw, 560, y - 2, code, colour)
        draw.text((690, y), ms, font=font(12), fill=_MUTED, anchor="ra")
    # Error-rate chart.
    draw.rounded_rectangle((716, 278, 996, 620), 10, fill="white", outline=(226, 232, 240))
    draw.text((732, 294), "5xx, %", font=font(13, True), fill=_MUTED)
    points = [(730 + 22 * i, 580 - ((i * 37 + variant * 11) % 40)) for i in range(8)]
    points += [(730 + 22 * i, 360 + (i * 13 % 25)) for i in range(8, 12)]
    draw.polygon([(730, 600), *points, (points[-1][0], 600)], fill=(254, 202, 202))
    draw.line(points, fill=_RED, width=3, joint="curve")
    draw.line((730, 600, 980, 600), fill=(203, 213, 225))


def _knowledge_page(im: Image.Image, text: list[str], variant: int) -> None:
    draw = ImageDraw.Draw(im)
    title, toast, toast_sub, upload, *files = text
    draw.text((228, 80), title, font=font(22, True), fill=_INK)
    draw.rounded_rectangle((860, 76, 996, 108), 8, fill=(99, 102, 241))
    draw.text((928, 92), upload, font=font(13, True), fill="white", anchor="mm")
    draw.rounded_rectangle((228, 124, 996, 484), 10, fill="white", outline=(226, 232, 240))
    for i, row in enumerate(files[:8]):
        y = 146 + 42 * i
        name, size, status = row.split("|")
        failed = status.startswith("!")
        draw.rounded_rectangle(
            (246, y - 4, 268, y + 22), 3, fill=_RED if failed else (59, 130, 246)
        )
        draw.text((280, y), name, font=font(14), fill=_INK)
        draw.text((640, y), size, font=font(13), fill=_MUTED)
        colour = _RED if failed else _AMBER if status.startswith("~") else _GREEN
        _chip(draw, 760, y - 1, status.lstrip("!~"), colour)
        if status.startswith("~"):
            draw.rounded_rectangle((880, y + 5, 980, y + 13), 4, fill=(226, 232, 240))
            draw.rounded_rectangle((880, y + 5, 900 + variant * 23, y + 13), 4, fill=_AMBER)
        draw.line((246, y + 32, 980, y + 32), fill=(241, 245, 249))
    # The error toast, bottom right like the real panel.
    draw.rounded_rectangle((600, 520, 1000, 600), 10, fill=(30, 41, 59))
    draw.ellipse((616, 538, 640, 562), fill=_RED)
    draw.text((628, 550), "×", font=font(18, True), fill="white", anchor="mm")
    draw.text((652, 536), toast, font=font(14, True), fill="white")
    for i, line in enumerate(_wrap(draw, toast_sub, font(12), 330)[:2]):
        draw.text((652, 558 + 16 * i), line, font=font(12), fill=(203, 213, 225))


def _handoff_page(im: Image.Image, text: list[str], variant: int) -> None:
    draw = ImageDraw.Draw(im)
    title, warning, save, *fields = text
    draw.text((228, 80), title, font=font(22, True), fill=_INK)
    draw.rounded_rectangle((228, 122, 996, 160), 8, fill=(254, 243, 199), outline=(251, 191, 36))
    draw.text((246, 141), "⚠  " + warning, font=font(14), fill=(146, 64, 14), anchor="lm")
    draw.rounded_rectangle((228, 176, 996, 580), 10, fill="white", outline=(226, 232, 240))
    for i, field in enumerate(fields[:7]):
        y = 200 + 52 * i
        label, kind, value = field.split("|")
        draw.text((250, y + 12), label, font=font(14), fill=_INK, anchor="lm")
        if kind == "toggle":
            on = value == "on"
            draw.rounded_rectangle(
                (920, y + 1, 964, y + 23), 11, fill=_GREEN if on else (203, 213, 225)
            )
            cx = 953 if on else 931
            draw.ellipse((cx - 9, y + 3, cx + 9, y + 21), fill="white")
        else:
            draw.rounded_rectangle(
                (620, y - 4, 964, y + 28), 6, fill="white", outline=(203, 213, 225)
            )
            draw.text((632, y + 12), value, font=font(13), fill=_INK, anchor="lm")
            if kind == "select":
                draw.text((950, y + 12), "▾", font=font(14), fill=_MUTED, anchor="mm")
    draw.rounded_rectangle((868, 596, 996, 628), 8, fill=(99, 102, 241))
    draw.text((932, 612), save, font=font(14, True), fill="white", anchor="mm")


_PAGES = {"webhook": _webhook_page, "knowledge": _knowledge_page, "handoff": _handoff_page}


@lru_cache(maxsize=64)
def admin_page(lang: str, page: str, company: str, domain: str, variant: int) -> Screenshot:
    """A desktop screenshot of one admin-panel page with the problem in plain view."""
    im, text = _frame(lang, page, company, domain, variant)
    _PAGES[page](im, text, variant)
    stamp = f"{variant + 1}"
    name = f"Screenshot {page} {stamp}.png" if lang == "en" else f"Снимок экрана {stamp}.png"
    return Screenshot(name, _png(im), *DESKTOP)
