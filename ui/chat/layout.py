"""Geometry of one chat row at one width, computed once and cached by the delegate.

Everything is in row coordinates (the row's top-left is 0,0). Painting and
hit-testing both read the same ``BubbleLayout``, so a click lands exactly where
the link was drawn. Colours are not part of the layout: a theme change repaints
without relayout.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextLine, QTextOption

from desk.client.links import LinkKind
from desk.domain import Attachment
from ui.chat.rows import BubbleKind, ChatRow
from ui.error_text import translate_reason

THUMB_MAX_W = 320
THUMB_MAX_H = 240
THUMB_MIN = 48
UNKNOWN_THUMB = QSize(240, 160)


class HitKind(enum.Enum):
    LINK = "link"
    TICKET = "ticket"
    IMAGE = "image"
    FILE = "file"
    RETRY = "retry"
    DISCARD = "discard"
    COPY = "copy"


@dataclass(frozen=True)
class HitArea:
    rect: QRectF
    kind: HitKind
    payload: object  # URL str, ticket int, Attachment, or outbox entry id


@dataclass(frozen=True)
class Metrics:
    """Fonts and spacing, derived from the view's font."""

    font: QFont
    meta_font: QFont
    author_font: QFont
    label_font: QFont
    margin_x: float = 14.0
    pad_x: float = 13.0
    pad_y: float = 9.0
    radius: float = 14.0
    gap_between: float = 12.0  # between messages of different authors
    gap_grouped: float = 3.0  # between consecutive messages of one author
    header_h: float = 22.0
    chip_h: float = 46.0
    button_h: float = 26.0

    @classmethod
    def from_font(cls, font: QFont) -> Metrics:
        meta = QFont(font)
        meta.setPointSizeF(font.pointSizeF() * 0.88)
        author = QFont(meta)
        author.setWeight(QFont.Weight.DemiBold)
        label = QFont(meta)
        label.setWeight(QFont.Weight.Bold)
        return cls(font=font, meta_font=meta, author_font=author, label_font=label)


@dataclass(frozen=True)
class FileChipBox:
    rect: QRectF
    name: str
    detail: str  # "1.2 MB · PDF"
    ext: str
    attachment: Attachment | None


@dataclass(frozen=True)
class Button:
    rect: QRectF
    kind: HitKind
    label: str


@dataclass
class BubbleLayout:
    width: int
    height: int
    kind: BubbleKind
    bubble: QRectF
    header_rect: QRectF | None = None
    header_text: str = ""
    label_rect: QRectF | None = None  # "Internal note"
    meta_rect: QRectF = field(default_factory=QRectF)
    author_text: str = ""
    time_text: str = ""
    status_text: str = ""  # "Sending…" / "Not sent"
    text_layout: QTextLayout | None = None
    text_pos: QPointF = field(default_factory=QPointF)
    link_ranges: list[tuple[int, int]] = field(default_factory=list)  # UTF-16 start, length
    images: list[tuple[QRectF, Attachment]] = field(default_factory=list)
    files: list[FileChipBox] = field(default_factory=list)
    error_rect: QRectF | None = None
    error_text: str = ""
    buttons: list[Button] = field(default_factory=list)
    hits: list[HitArea] = field(default_factory=list)

    def hit(self, pos: QPointF) -> HitArea | None:
        for area in self.hits:
            if area.rect.contains(pos):
                return area
        return None


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Map Python string offsets to the UTF-16 offsets Qt counts in."""
    if text.isascii() or max(text) < "\U00010000":
        return lambda i: i
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: prefix[i]


def bubble_ratio(width: int) -> float:
    """Share of the width a bubble may take: ~65%, more on narrow panes."""
    if width >= 640:
        return 0.65
    if width <= 360:
        return 0.9
    return 0.9 - (width - 360) / (640 - 360) * 0.25


def thumb_box(w: int | None, h: int | None, max_w: float) -> QSize:
    """The logical size a thumbnail takes: aspect kept, inside 320×240, never upscaled."""
    if not w or not h or w <= 0 or h <= 0:
        return QSize(min(UNKNOWN_THUMB.width(), int(max_w)), UNKNOWN_THUMB.height())
    scale = min(1.0, THUMB_MAX_W / w, THUMB_MAX_H / h, max_w / w)
    return QSize(max(THUMB_MIN, round(w * scale)), max(THUMB_MIN, round(h * scale)))


def human_size(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext[:4].upper() if dot and stem and ext else ""


def _layout_text(text: str, font: QFont, width: float) -> tuple[QTextLayout, float, float]:
    """Wrapped text (long unbroken words break anywhere); returns layout, height, widest line."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    y = natural = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
        natural = max(natural, line.naturalTextWidth())
    layout.endLayout()
    return layout, y, min(natural, width)


def _cursor_x(line: QTextLine, pos: int) -> float:
    result: Any = line.cursorToX(pos)  # PySide returns (x, pos)
    return float(result[0] if isinstance(result, tuple) else result)


def _link_rects(layout: QTextLayout, start: int, end: int, origin: QPointF) -> list[QRectF]:
    rects = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        ls, le = line.textStart(), line.textStart() + line.textLength()
        a, b = max(start, ls), min(end, le)
        if a >= b:
            continue
        x1, x2 = _cursor_x(line, a), _cursor_x(line, b)
        rects.append(
            QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height())
        )
    return rects


def content_width(width: int, m: Metrics, *, internal: bool = False) -> float:
    """Widest the text inside a bubble may wrap to in a view ``width`` px wide."""
    max_bubble = max(120.0, width * bubble_ratio(width))
    if internal:
        max_bubble = max(max_bubble, min(width - 2 * m.margin_x, width * 0.75))
    return max(40.0, min(max_bubble, width - 2 * m.margin_x) - 2 * m.pad_x)


@dataclass(frozen=True)
class HeightEstimate:
    """A row's height guessed without laying its text out (for rows far from view).

    ``parts`` are the width-independent pieces (fixed px, text px on one line or -1
    for no text, newline count); ``height`` turns them into px at one wrap width.
    The exact height comes from ``compute_layout`` once the row nears the viewport.
    """

    m: Metrics
    line_h: float
    char_w: float
    meta_h: float
    label_h: float

    @classmethod
    def from_metrics(cls, m: Metrics) -> HeightEstimate:
        text_fm = QFontMetricsF(m.font)
        meta_fm, author_fm = QFontMetricsF(m.meta_font), QFontMetricsF(m.author_font)
        return cls(
            m=m,
            line_h=text_fm.height(),
            char_w=text_fm.averageCharWidth(),
            meta_h=max(meta_fm.height(), author_fm.height()),
            label_h=QFontMetricsF(m.label_font).height(),
        )

    def parts(self, row: ChatRow) -> tuple[int, float, int]:
        m = self.m
        if row.day_header:
            fixed = 10 + m.header_h + 8
        else:
            fixed = m.gap_grouped if row.grouped else m.gap_between
        fixed += 2 * m.pad_y + self.meta_h + 3
        if row.internal:
            fixed += self.label_h + 2
        for att in row.attachments:
            if att.is_image:
                fixed += 6 + thumb_box(att.width, att.height, THUMB_MAX_W).height()
            else:
                fixed += 6 + m.chip_h
        if row.pending is not None:
            fixed += len(row.pending.filenames) * (6 + m.chip_h)
            if row.kind is BubbleKind.FAILED:
                fixed += 6 + self.meta_h + 6 + m.button_h
        if not row.text:
            return int(fixed + 0.999), -1.0, 0
        return int(fixed + 0.999), len(row.text) * self.char_w, row.text.count("\n")

    def heights(self, width: int, parts: list[tuple[int, float, int]]) -> list[int]:
        """Estimated heights of many rows at one width (one pass, no text layout)."""
        cm, lh = content_width(width, self.m), self.line_h
        return [f if p < 0 else f + int((n + 1 + p // cm) * lh + 0.999) for f, p, n in parts]


def compute_layout(
    row: ChatRow,
    width: int,
    m: Metrics,
    loaded_size: Callable[[Attachment], QSize | None],
) -> BubbleLayout:
    """Lay out ``row`` for a view ``width`` px wide.

    ``loaded_size`` gives the logical size of a loaded thumbnail for images whose
    dimensions the server did not send (else the placeholder size is used).
    """
    meta_fm, author_fm, label_fm = (
        QFontMetricsF(m.meta_font),
        QFontMetricsF(m.author_font),
        QFontMetricsF(m.label_font),
    )
    out = BubbleLayout(width=width, height=0, kind=row.kind, bubble=QRectF())
    y = 0.0
    if row.day_header:
        y += 10
        out.header_text = row.day_header
        tw = meta_fm.horizontalAdvance(row.day_header) + 24
        out.header_rect = QRectF((width - tw) / 2, y, tw, m.header_h)
        y += m.header_h + 8
    else:
        y += m.gap_grouped if row.grouped else m.gap_between

    content_max = content_width(width, m, internal=row.internal)
    content_w = 0.0
    cy = m.pad_y  # y inside the bubble

    if row.internal:
        out.label_rect = QRectF(0, cy, content_max, label_fm.height())
        content_w = max(
            content_w,
            14
            + label_fm.horizontalAdvance(QCoreApplication.translate("ChatView", "Internal note")),
        )
        cy += label_fm.height() + 2

    out.author_text = row.author
    out.time_text = row.time_text
    if row.kind is BubbleKind.PENDING:
        out.status_text = QCoreApplication.translate("ChatView", "Sending…")
    elif row.kind is BubbleKind.FAILED:
        out.status_text = QCoreApplication.translate("ChatView", "Not sent")
    right = meta_fm.horizontalAdvance(out.time_text)
    if out.status_text:
        right += 16 + meta_fm.horizontalAdvance(out.status_text) + 8
    author_w = min(author_fm.horizontalAdvance(row.author), content_max - right - 12)
    out.author_text = author_fm.elidedText(row.author, Qt.TextElideMode.ElideRight, author_w)
    content_w = max(content_w, author_fm.horizontalAdvance(out.author_text) + 12 + right)
    meta_h = max(meta_fm.height(), author_fm.height())
    out.meta_rect = QRectF(0, cy, 0, meta_h)
    cy += meta_h + 3

    text_rect: QRectF | None = None
    if row.text:
        layout, text_h, natural = _layout_text(row.text, m.font, content_max)
        out.text_layout = layout
        text_rect = QRectF(0, cy, natural, text_h)
        content_w = max(content_w, natural)
        cy += text_h

    images: list[tuple[QRectF, Attachment]] = []
    chips: list[tuple[QRectF, str, str, str, Attachment | None]] = []
    for att in row.attachments:
        if att.is_image:
            size = thumb_box(att.width, att.height, content_max)
            if not att.width or not att.height:
                got = loaded_size(att)
                if got is not None:
                    size = thumb_box(got.width(), got.height(), content_max)
            cy += 6
            images.append((QRectF(0, cy, size.width(), size.height()), att))
            content_w = max(content_w, size.width())
            cy += size.height()
        else:
            cy += 6
            ext = _extension(att.filename)
            detail = human_size(att.size) + (f" · {ext}" if ext else "")
            chips.append((QRectF(0, cy, 0, m.chip_h), att.filename, detail, ext, att))
            cy += m.chip_h
    if row.pending is not None:
        for name in row.pending.filenames:
            cy += 6
            ext = _extension(name)
            chips.append(
                (
                    QRectF(0, cy, 0, m.chip_h),
                    name,
                    ext or QCoreApplication.translate("ChatView", "File"),
                    ext,
                    None,
                )
            )
            cy += m.chip_h
    chip_w = min(content_max, 280.0)
    if chips:
        content_w = max(content_w, chip_w)

    buttons: list[tuple[float, float, HitKind, str]] = []
    if row.kind is BubbleKind.FAILED and row.pending is not None:
        reason = translate_reason(row.pending.error or "") or QCoreApplication.translate(
            "ChatView", "The message could not be sent."
        )
        cy += 6
        out.error_text = meta_fm.elidedText(reason, Qt.TextElideMode.ElideRight, content_max)
        out.error_rect = QRectF(0, cy, meta_fm.horizontalAdvance(out.error_text), meta_fm.height())
        content_w = max(content_w, out.error_rect.width())
        cy += meta_fm.height() + 6
        bx = 0.0
        for kind, label in (
            (HitKind.RETRY, QCoreApplication.translate("ChatView", "Retry")),
            (HitKind.DISCARD, QCoreApplication.translate("ChatView", "Discard")),
            (HitKind.COPY, QCoreApplication.translate("ChatView", "Copy")),
        ):
            bw = author_fm.horizontalAdvance(label) + 22
            buttons.append((bx, bw, kind, label))
            bx += bw + 6
        content_w = max(content_w, bx - 6)
        cy += m.button_h
    cy += m.pad_y

    content_w = min(max(content_w, 48.0), content_max)
    bubble_w = content_w + 2 * m.pad_x
    bx0 = m.margin_x if row.side == "left" else width - m.margin_x - bubble_w
    out.bubble = QRectF(bx0, y, bubble_w, cy)
    ox, oy = bx0 + m.pad_x, y  # content origin in row coordinates

    def place(r: QRectF) -> QRectF:
        return r.translated(ox, oy)

    if out.label_rect is not None:
        out.label_rect = QRectF(ox, oy + out.label_rect.y(), content_w, out.label_rect.height())
    out.meta_rect = QRectF(ox, oy + out.meta_rect.y(), content_w, out.meta_rect.height())
    if out.error_rect is not None:
        out.error_rect = place(out.error_rect)
    if text_rect is not None and out.text_layout is not None:
        out.text_pos = QPointF(ox, oy + text_rect.y())
        to16 = utf16_offsets(row.text)
        for span in row.links:
            s16, e16 = to16(span.start), to16(span.end)
            out.link_ranges.append((s16, e16 - s16))
            kind = HitKind.LINK if span.kind is LinkKind.URL else HitKind.TICKET
            payload: object = span.target if kind is HitKind.LINK else span.ticket_id
            for rect in _link_rects(out.text_layout, s16, e16, out.text_pos):
                out.hits.append(HitArea(rect, kind, payload))
    for rect, att in images:
        placed = place(rect)
        out.images.append((placed, att))
        out.hits.append(HitArea(placed, HitKind.IMAGE, att))
    for rect, name, detail, ext, maybe_att in chips:
        placed = QRectF(ox, oy + rect.y(), chip_w, rect.height())
        out.files.append(FileChipBox(placed, name, detail, ext, maybe_att))
        if maybe_att is not None:
            out.hits.append(HitArea(placed, HitKind.FILE, maybe_att))
    if buttons and row.pending is not None:
        top = oy + cy - m.pad_y - m.button_h
        for bx, bw, kind, label in buttons:
            rect = QRectF(ox + bx, top, bw, m.button_h)
            out.buttons.append(Button(rect, kind, label))
            out.hits.append(HitArea(rect, kind, row.pending.entry_id))
    out.height = int(y + cy + 0.999)
    return out
