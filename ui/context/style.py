"""The context panel's look: its style sheet, padding, font scale and colour mixing."""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
)

from ui.theme import Theme


def panel_style(t: Theme) -> str:
    return f"""
    QWidget#contextPanel {{ background: {t.base.name()};
        border-left: 1px solid {t.border.name()}; }}
    QWidget#contextPanel QScrollArea, QWidget#contextContent {{ background: transparent;
        border: none; }}
    QWidget#contextPanel QLabel {{ color: {t.text.name()}; background: transparent; }}
    QLabel#customerName {{ font-weight: 700; }}
    QLabel#customerCompany, QLabel#customerSummary, QLabel#sectionEmpty,
    QLabel#moreTickets, QLabel#emptyHint {{ color: {t.muted_text.name()}; }}
    QLabel#customerEmail {{ color: {t.text.name()}; }}
    QLabel#emptyTitle {{ color: {t.muted_text.name()}; font-weight: 600; }}
    QFrame#sectionRule {{ background: {t.border.name()}; border: none; max-height: 1px;
        min-height: 1px; }}
    QWidget#contextPanel QScrollBar:vertical {{ width: 8px; background: transparent;
        margin: 2px 0; }}
    QWidget#contextPanel QScrollBar::handle:vertical {{ background: {t.border.name()};
        border-radius: 4px; min-height: 24px; }}
    QWidget#contextPanel QScrollBar::add-line, QWidget#contextPanel QScrollBar::sub-line,
    QWidget#contextPanel QScrollBar::add-page, QWidget#contextPanel QScrollBar::sub-page
        {{ height: 0; background: none; }}
    QToolButton#showAll {{ border: none; color: {t.link.name()}; padding: 4px 0 0 19px;
        background: transparent; }}
    QToolButton#showAll:hover {{ text-decoration: underline; }}
    QToolButton#copyEmail {{ border: none; border-radius: 4px; padding: 2px; }}
    QToolButton#copyEmail:hover {{ background: {mix(t.base, t.selection, 0.6).name()}; }}
    """


PAD = 8  # inner horizontal padding of a row


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def small_font(font: QFont, scale: float = 0.88, *, bold: bool = False) -> QFont:
    f = QFont(font)
    f.setPointSizeF(font.pointSizeF() * scale)
    f.setBold(bold)
    return f
