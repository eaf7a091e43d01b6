"""Semantic colours for the light and dark themes.

Delegates paint with these roles instead of literal colours, so both themes stay
readable. The theme follows the system colour scheme (Qt 6.5+ reports it through
``QStyleHints.colorScheme``) and can be forced by the settings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from desk.client.deadlines import DeadlineState
from desk.domain import Priority


class ThemeMode(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Theme:
    dark: bool
    window: QColor
    base: QColor
    alternate_base: QColor
    text: QColor
    muted_text: QColor
    border: QColor
    selection: QColor
    selection_text: QColor
    accent: QColor
    link: QColor
    # queue
    priority_critical: QColor
    priority_high: QColor
    priority_normal: QColor
    priority_low: QColor
    urgent_chip: QColor
    urgent_chip_text: QColor
    unread_badge: QColor
    unread_badge_text: QColor
    sla_ok: QColor
    sla_warning: QColor
    sla_breached: QColor
    done_text: QColor
    # chat
    bubble_customer: QColor
    bubble_staff: QColor
    bubble_internal: QColor
    bubble_internal_border: QColor
    bubble_text: QColor
    bubble_meta: QColor
    bubble_failed_border: QColor
    banner_background: QColor
    banner_text: QColor

    def priority_colour(self, priority: Priority) -> QColor:
        return {
            Priority.CRITICAL: self.priority_critical,
            Priority.HIGH: self.priority_high,
            Priority.NORMAL: self.priority_normal,
            Priority.LOW: self.priority_low,
        }[priority]

    def deadline_colour(self, state: DeadlineState) -> QColor:
        return {
            DeadlineState.OK: self.sla_ok,
            DeadlineState.WARNING: self.sla_warning,
            DeadlineState.BREACHED: self.sla_breached,
            DeadlineState.NONE: self.muted_text,
        }[state]


def _c(hex_code: str) -> QColor:
    return QColor(hex_code)


LIGHT = Theme(
    dark=False,
    window=_c("#f4f5f7"),
    base=_c("#ffffff"),
    alternate_base=_c("#f8f9fb"),
    text=_c("#1d2330"),
    muted_text=_c("#667085"),
    border=_c("#d9dde4"),
    selection=_c("#dbe8ff"),
    selection_text=_c("#0f1a2e"),
    accent=_c("#2f6fec"),
    link=_c("#1f5fd6"),
    priority_critical=_c("#d92d20"),
    priority_high=_c("#f79009"),
    priority_normal=_c("#2f6fec"),
    priority_low=_c("#98a2b3"),
    urgent_chip=_c("#fee4e2"),
    urgent_chip_text=_c("#b42318"),
    unread_badge=_c("#e5332a"),
    unread_badge_text=_c("#ffffff"),
    sla_ok=_c("#067647"),
    sla_warning=_c("#b54708"),
    sla_breached=_c("#d92d20"),
    done_text=_c("#8a94a6"),
    bubble_customer=_c("#eef0f4"),
    bubble_staff=_c("#dcebff"),
    bubble_internal=_c("#fff6d6"),
    bubble_internal_border=_c("#e9b949"),
    bubble_text=_c("#1d2330"),
    bubble_meta=_c("#667085"),
    bubble_failed_border=_c("#d92d20"),
    banner_background=_c("#fff1e7"),
    banner_text=_c("#7a2e0e"),
)

DARK = Theme(
    dark=True,
    window=_c("#17191e"),
    base=_c("#1e2128"),
    alternate_base=_c("#22252d"),
    text=_c("#e6e8ee"),
    muted_text=_c("#9aa3b5"),
    border=_c("#343944"),
    selection=_c("#27406b"),
    selection_text=_c("#ffffff"),
    accent=_c("#5b8def"),
    link=_c("#7fb0ff"),
    priority_critical=_c("#f97066"),
    priority_high=_c("#fdb022"),
    priority_normal=_c("#6b9cf5"),
    priority_low=_c("#667085"),
    urgent_chip=_c("#55160c"),
    urgent_chip_text=_c("#fda29b"),
    unread_badge=_c("#f04438"),
    unread_badge_text=_c("#ffffff"),
    sla_ok=_c("#47cd89"),
    sla_warning=_c("#fdb022"),
    sla_breached=_c("#f97066"),
    done_text=_c("#6c7486"),
    bubble_customer=_c("#2a2e37"),
    bubble_staff=_c("#1f3a66"),
    bubble_internal=_c("#3d3413"),
    bubble_internal_border=_c("#b58a1e"),
    bubble_text=_c("#e6e8ee"),
    bubble_meta=_c("#9aa3b5"),
    bubble_failed_border=_c("#f97066"),
    banner_background=_c("#3a2416"),
    banner_text=_c("#fcd9bd"),
)


def system_prefers_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: ThemeMode) -> Theme:
    if mode is ThemeMode.DARK:
        return DARK
    if mode is ThemeMode.LIGHT:
        return LIGHT
    return DARK if system_prefers_dark() else LIGHT


def palette_for(theme: Theme) -> QPalette:
    """A full QPalette so stock widgets (menus, dialogs, scroll bars) match the theme."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alternate_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.base,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted_text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.Mid: theme.border,
    }
    for role, color in roles.items():
        pal.setColor(role, color)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, theme.muted_text)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, theme.muted_text)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, theme.muted_text)
    return pal
