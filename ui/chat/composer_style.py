"""The composer's stylesheet, built from the semantic theme colours.

Internal-note mode must look unmistakably different from a public reply: note
background and border, a label, and an "Add note" button in the note colour.
"""

from __future__ import annotations

from ui.font_sizes import css_font_size
from ui.theme import Theme


def composer_stylesheet(t: Theme) -> str:
    """Colours come from the theme; `internal` and `dropActive` are dynamic properties."""
    note_ink = t.window.name() if t.dark else t.text.name()
    # High contrast borders are black or white: a disabled button filled with one
    # would hide its own muted label.
    disabled_send = t.alternate_base.name() if t.high_contrast else t.border.name()
    return f"""
    QFrame#composer {{
        background: {t.base.name()}; border: 1px solid {t.border.name()}; border-radius: 10px;
    }}
    QFrame#composer[internal="true"] {{
        background: {t.bubble_internal.name()};
        border: 2px solid {t.bubble_internal_border.name()};
    }}
    QFrame#composer[dropActive="true"] {{ border: 2px dashed {t.accent.name()}; }}
    QPlainTextEdit#composerEdit {{
        background: transparent; border: none; color: {t.text.name()};
        selection-background-color: {t.selection.name()};
        selection-color: {t.selection_text.name()};
    }}
    QLabel#internalNoteLabel {{
        background: {t.bubble_internal_border.name()}; color: {note_ink};
        border-radius: 4px; padding: 2px 8px; font-weight: 600;
    }}
    QLabel#readOnlyBanner {{
        background: {t.banner_background.name()}; color: {t.banner_text.name()};
        border-radius: 6px; padding: 10px 12px;
    }}
    QLabel#attachmentError {{ color: {t.sla_breached.name()}; }}
    QLabel#composerHint {{ color: {t.muted_text.name()}; }}
    QFrame#attachmentChip {{
        background: {t.alternate_base.name()}; border: 1px solid {t.border.name()};
        border-radius: 8px;
    }}
    QFrame#composer[internal="true"] QFrame#attachmentChip {{ background: {t.base.name()}; }}
    QLabel#fileChipPreview {{ background: {t.border.name()}; border-radius: 4px; }}
    QLabel#fileChipPreview[badge="true"] {{
        background: {t.selection.name()}; color: {t.selection_text.name()}; font-weight: 700;
    }}
    QLabel#fileChipName {{ color: {t.text.name()}; }}
    QLabel#fileChipDetail {{ color: {t.muted_text.name()}; }}
    QToolButton#fileChipRemove {{
        color: {t.muted_text.name()}; border: none; padding: 0 4px; {css_font_size(1.25)};
    }}
    QToolButton#fileChipRemove:hover {{ color: {t.sla_breached.name()}; }}
    QPushButton#attachButton, QPushButton#internalNoteToggle {{
        background: transparent; color: {t.text.name()};
        border: 1px solid {t.border.name()}; border-radius: 6px; padding: 4px 10px;
    }}
    QPushButton#attachButton:hover, QPushButton#internalNoteToggle:hover {{
        border-color: {t.muted_text.name()};
    }}
    QPushButton#internalNoteToggle:checked {{
        background: {t.bubble_internal_border.name()}; color: {note_ink};
        border-color: {t.bubble_internal_border.name()};
    }}
    QPushButton#sendButton {{
        background: {t.accent.name()}; color: #ffffff; border: none; border-radius: 6px;
        padding: 5px 16px; font-weight: 600;
    }}
    QFrame#composer[internal="true"] QPushButton#sendButton {{
        background: {t.bubble_internal_border.name()}; color: {note_ink};
    }}
    QPushButton#sendButton:disabled,
    QFrame#composer[internal="true"] QPushButton#sendButton:disabled {{
        background: {disabled_send}; color: {t.muted_text.name()};
    }}
    QPushButton:disabled {{ color: {t.muted_text.name()}; }}
    """
