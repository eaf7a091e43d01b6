"""Semantic colours for the light and dark themes.

Delegates paint with these roles instead of literal colours, so both themes stay
readable. The theme follows the system colour scheme (Qt 6.5+ reports it through
``QStyleHints.colorScheme``) and can be forced by the settings.

High contrast: when the system asks for it (Qt 6.10+ reports it through
``QStyleHints.accessibility().contrastPreference()``: the Windows setting, macOS
"Increase contrast", and on Linux the desktop portal's ``contrast`` or GNOME's
high-contrast switch), the light and dark themes become black-on-white and
white-on-black variants with strong borders. ``DESK_HIGH_CONTRAST=1`` forces them
(for testing and screenshots), ``DESK_HIGH_CONTRAST=0`` turns them off.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessibilityHints, QColor, QGuiApplication, QPalette, QStyleHints

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
    high_contrast: bool = False

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


HIGH_CONTRAST_LIGHT = Theme(
    dark=False,
    high_contrast=True,
    window=_c("#ffffff"),
    base=_c("#ffffff"),
    alternate_base=_c("#f0f0f0"),
    text=_c("#000000"),
    muted_text=_c("#333333"),
    border=_c("#000000"),
    selection=_c("#b8d4ff"),  # light: the row's own coloured text stays on it
    selection_text=_c("#000000"),
    accent=_c("#0033a0"),
    link=_c("#00208a"),
    priority_critical=_c("#b00000"),
    priority_high=_c("#8a4200"),
    priority_normal=_c("#0033a0"),
    priority_low=_c("#404040"),
    urgent_chip=_c("#b00000"),
    urgent_chip_text=_c("#ffffff"),
    unread_badge=_c("#b00000"),
    unread_badge_text=_c("#ffffff"),
    sla_ok=_c("#005a1f"),
    sla_warning=_c("#7a3600"),
    sla_breached=_c("#b00000"),
    done_text=_c("#404040"),
    bubble_customer=_c("#ebebeb"),
    bubble_staff=_c("#d9e4ff"),
    bubble_internal=_c("#fff1b8"),
    bubble_internal_border=_c("#000000"),
    bubble_text=_c("#000000"),
    bubble_meta=_c("#333333"),
    bubble_failed_border=_c("#b00000"),
    banner_background=_c("#fff1b8"),
    banner_text=_c("#000000"),
)

HIGH_CONTRAST_DARK = Theme(
    dark=True,
    high_contrast=True,
    window=_c("#000000"),
    base=_c("#000000"),
    alternate_base=_c("#121212"),
    text=_c("#ffffff"),
    muted_text=_c("#d6d6d6"),
    border=_c("#ffffff"),
    selection=_c("#00306e"),  # dark: the row's own coloured text stays on it
    selection_text=_c("#ffffff"),
    accent=_c("#4cc2ff"),
    link=_c("#ffd400"),
    priority_critical=_c("#ff6b6b"),
    priority_high=_c("#ffb347"),
    priority_normal=_c("#4cc2ff"),
    priority_low=_c("#bdbdbd"),
    urgent_chip=_c("#ff6b6b"),
    urgent_chip_text=_c("#000000"),
    unread_badge=_c("#ff6b6b"),
    unread_badge_text=_c("#000000"),
    sla_ok=_c("#5cff8a"),
    sla_warning=_c("#ffd400"),
    sla_breached=_c("#ff6b6b"),
    done_text=_c("#bdbdbd"),
    bubble_customer=_c("#1f1f1f"),
    bubble_staff=_c("#0a2a57"),
    bubble_internal=_c("#3a3000"),
    bubble_internal_border=_c("#ffd400"),
    bubble_text=_c("#ffffff"),
    bubble_meta=_c("#d6d6d6"),
    bubble_failed_border=_c("#ff6b6b"),
    banner_background=_c("#3a3000"),
    banner_text=_c("#ffffff"),
)


_kept_hints: list[QStyleHints] = []


def accessibility_hints(app: QGuiApplication) -> QAccessibilityHints:
    """The app's accessibility hints (contrast preference and its change signal).

    PySide6 6.11 deletes the C++ QAccessibilityHints together with the Python wrapper
    of the QStyleHints it was read from, so ``app.styleHints().accessibility()`` in one
    expression leaves a dead object behind; the style hints wrapper is kept alive here.
    """
    if not _kept_hints or _kept_hints[0] is not app.styleHints():
        _kept_hints[:] = [app.styleHints()]
    return _kept_hints[0].accessibility()


def wants_high_contrast() -> bool:
    """``DESK_HIGH_CONTRAST`` (1 or 0) if set, else what the system asks for."""
    forced = os.environ.get("DESK_HIGH_CONTRAST", "").strip().lower()
    if forced:
        return forced not in ("0", "no", "false", "off")
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    preference = accessibility_hints(app).contrastPreference()
    return preference == Qt.ContrastPreference.HighContrast


def system_prefers_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: ThemeMode) -> Theme:
    dark = system_prefers_dark() if mode is ThemeMode.SYSTEM else mode is ThemeMode.DARK
    if wants_high_contrast():
        return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT
    return DARK if dark else LIGHT


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
    if theme.high_contrast:  # frames and bevels in the border colour, not faint greys
        for role in (QPalette.ColorRole.Dark, QPalette.ColorRole.Shadow):
            roles[role] = theme.border
        roles[QPalette.ColorRole.Button] = theme.alternate_base
    for role, color in roles.items():
        pal.setColor(role, color)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, theme.muted_text)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, theme.muted_text)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, theme.muted_text)
    return pal
