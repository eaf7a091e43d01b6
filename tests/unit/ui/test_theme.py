"""The themes: high contrast when asked for (DESK_HIGH_CONTRAST or the system), and its
colours really are high contrast (WCAG 2 contrast ratios)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor

from ui.theme import (
    DARK,
    HIGH_CONTRAST_DARK,
    HIGH_CONTRAST_LIGHT,
    LIGHT,
    Theme,
    ThemeMode,
    palette_for,
    resolve,
)


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(
    ("mode", "forced", "expected"),
    [
        (ThemeMode.LIGHT, "1", HIGH_CONTRAST_LIGHT),
        (ThemeMode.DARK, "1", HIGH_CONTRAST_DARK),
        (ThemeMode.LIGHT, "0", LIGHT),
        (ThemeMode.DARK, "0", DARK),
    ],
)
def test_desk_high_contrast_forces_the_variant(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, mode: ThemeMode, forced: str, expected: Theme
) -> None:
    monkeypatch.setenv("DESK_HIGH_CONTRAST", forced)
    assert resolve(mode) is expected


def test_without_the_variable_the_system_preference_decides(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_HIGH_CONTRAST", raising=False)
    # The offscreen platform reports no contrast preference.
    assert resolve(ThemeMode.LIGHT) is LIGHT


@pytest.mark.parametrize("theme", [HIGH_CONTRAST_LIGHT, HIGH_CONTRAST_DARK])
def test_high_contrast_colours_meet_wcag_aaa(theme: Theme) -> None:
    assert theme.high_contrast
    for ink in (theme.text, theme.muted_text, theme.link, theme.done_text):
        assert contrast(ink, theme.base) >= 7.0
    assert contrast(theme.selection_text, theme.selection) >= 7.0
    # A selected queue row keeps its inks (priority, deadline, muted preview).
    assert contrast(theme.text, theme.selection) >= 7.0
    for ink in (theme.muted_text, theme.priority_critical, theme.priority_high, theme.sla_ok):
        assert contrast(ink, theme.selection) >= 4.5
    for ink in (theme.sla_warning, theme.sla_breached, theme.link):
        assert contrast(ink, theme.selection) >= 4.5
    assert contrast(theme.urgent_chip_text, theme.urgent_chip) >= 4.5
    assert contrast(theme.unread_badge_text, theme.unread_badge) >= 4.5
    for state in (theme.sla_ok, theme.sla_warning, theme.sla_breached):
        assert contrast(state, theme.base) >= 4.5
    for bubble in (theme.bubble_customer, theme.bubble_staff, theme.bubble_internal):
        assert contrast(theme.bubble_text, bubble) >= 7.0
        assert contrast(theme.bubble_meta, bubble) >= 4.5
    assert contrast(theme.border, theme.base) >= 7.0


def test_high_contrast_palette_draws_frames_in_the_border_colour(qapp: Any) -> None:
    from PySide6.QtGui import QPalette

    palette = palette_for(HIGH_CONTRAST_DARK)
    assert palette.color(QPalette.ColorRole.Dark) == HIGH_CONTRAST_DARK.border
    assert palette.color(QPalette.ColorRole.Text) == QColor("#ffffff")


def test_the_contrast_hints_stay_alive_between_reads(qapp: Any) -> None:
    import gc

    from ui.theme import accessibility_hints

    first = accessibility_hints(qapp).contrastPreference()
    gc.collect()
    assert accessibility_hints(qapp).contrastPreference() == first  # no "already deleted"
