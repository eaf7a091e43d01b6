"""Stylesheets of the macro picker and the manage dialog, from the semantic theme colours."""

from __future__ import annotations

from ui.font_sizes import css_font_size
from ui.theme import Theme


def picker_stylesheet(t: Theme) -> str:
    small = css_font_size(0.92)
    return f"""
    QFrame#macroPicker {{
        background: {t.base.name()}; border: 1px solid {t.border.name()}; border-radius: 10px;
    }}
    QLabel#macroPickerHeader {{
        color: {t.muted_text.name()}; {small}; font-weight: 600;
        padding: 0 12px 2px 12px; background: transparent;
    }}
    QLabel#macroPickerFooter {{
        color: {t.muted_text.name()}; {small}; padding: 5px 12px 0 12px;
        border-top: 1px solid {t.border.name()}; background: transparent;
    }}
    QLabel#macroPickerEmpty {{
        color: {t.muted_text.name()}; padding: 6px 12px 8px 12px; background: transparent;
    }}
    QListView#macroPickerList {{ background: transparent; border: none; outline: none; }}
    QListView#macroPickerList QScrollBar:vertical {{ width: 8px; background: transparent; }}
    QListView#macroPickerList QScrollBar::handle:vertical {{
        background: {t.border.name()}; border-radius: 4px; min-height: 24px;
    }}
    QListView#macroPickerList QScrollBar::add-line, QListView#macroPickerList QScrollBar::sub-line
        {{ height: 0; }}
    """


def dialog_stylesheet(t: Theme) -> str:
    small = css_font_size(0.92)
    return f"""
    QDialog#macrosDialog {{ background: {t.window.name()}; }}
    QListView#macroList {{
        background: {t.base.name()}; border: 1px solid {t.border.name()}; border-radius: 8px;
        outline: none; padding: 2px 0;
    }}
    QLineEdit#macroTitle, QPlainTextEdit#macroBody, QLineEdit#macroSearch {{
        background: {t.base.name()}; color: {t.text.name()};
        border: 1px solid {t.border.name()}; border-radius: 6px; padding: 4px 6px;
        selection-background-color: {t.selection.name()};
        selection-color: {t.selection_text.name()};
    }}
    QLineEdit#macroTitle:focus, QPlainTextEdit#macroBody:focus, QLineEdit#macroSearch:focus {{
        border-color: {t.accent.name()};
    }}
    QLineEdit#macroTitle[invalid="true"], QPlainTextEdit#macroBody[invalid="true"] {{
        border-color: {t.sla_breached.name()};
    }}
    QLineEdit#macroTitle:read-only, QPlainTextEdit#macroBody[readOnly="true"] {{
        background: {t.alternate_base.name()};
    }}
    QLabel#macroFieldLabel {{ color: {t.text.name()}; font-weight: 600; }}
    QLabel#macroCounter {{ color: {t.muted_text.name()}; {small}; }}
    QLabel#macroCounter[over="true"] {{ color: {t.sla_breached.name()}; font-weight: 600; }}
    QLabel#macroHelp {{ color: {t.muted_text.name()}; }}
    QLabel#macroWarning {{ color: {t.sla_warning.name()}; }}
    QLabel#macroError {{
        color: {t.urgent_chip_text.name()}; background: {t.urgent_chip.name()};
        border-radius: 6px; padding: 6px 10px;
    }}
    QLabel#macroStatus {{ color: {t.sla_ok.name()}; }}
    QLabel#macroReadOnlyNote {{
        background: {t.banner_background.name()}; color: {t.banner_text.name()};
        border-radius: 6px; padding: 8px 10px;
    }}
    QLabel#macroEmpty {{ color: {t.muted_text.name()}; padding: 20px; }}
    QFrame#macroConfirm {{
        background: {t.urgent_chip.name()}; border-radius: 6px;
    }}
    QFrame#macroConfirm QLabel {{ color: {t.urgent_chip_text.name()}; }}
    QPushButton#placeholderButton {{
        background: {t.alternate_base.name()}; color: {t.text.name()};
        border: 1px solid {t.border.name()}; border-radius: 10px; padding: 2px 10px;
        font-family: monospace; {small};
    }}
    QPushButton#placeholderButton:hover {{ border-color: {t.accent.name()}; }}
    QPushButton#placeholderButton[static="true"] {{
        color: {t.text.name()}; background: transparent; border-color: transparent;
        padding: 2px 0;
    }}
    QPushButton#macroSave, QPushButton#macroConfirmDelete {{
        color: #ffffff; border: none; border-radius: 6px; padding: 5px 16px; font-weight: 600;
    }}
    QPushButton#macroSave {{ background: {t.accent.name()}; }}
    QPushButton#macroConfirmDelete {{ background: {t.priority_critical.name()}; }}
    QPushButton#macroSave:disabled {{
        background: {t.border.name()}; color: {t.muted_text.name()};
    }}
    QPushButton#macroNew, QPushButton#macroDelete, QPushButton#macroRevert,
    QPushButton#macroClose, QPushButton#macroCancelDelete {{
        background: {t.base.name()}; color: {t.text.name()};
        border: 1px solid {t.border.name()}; border-radius: 6px; padding: 4px 12px;
    }}
    QPushButton#macroNew:hover, QPushButton#macroDelete:hover, QPushButton#macroRevert:hover,
    QPushButton#macroClose:hover, QPushButton#macroCancelDelete:hover {{
        border-color: {t.muted_text.name()};
    }}
    QPushButton#macroDelete {{ color: {t.priority_critical.name()}; }}
    QPushButton#macroNew:disabled, QPushButton#macroDelete:disabled,
    QPushButton#macroRevert:disabled {{
        color: {t.muted_text.name()}; background: transparent;
    }}
    """
