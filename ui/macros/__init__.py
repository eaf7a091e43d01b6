"""Canned replies in the UI: the picker over the composer and the manage dialog.

Wiring (the main window's job)::

    library = MacroLibrary(session.api.list_macros)
    picker = attach_macro_picker(pane.composer, library, context_for_open_ticket,
                                 theme=theme, runner=runner)
    # Ctrl+M (ShortcutId.CANNED_REPLIES) -> picker.open()
    # menu "Canned replies…" -> MacrosDialog(session.api, library, is_admin, window).open()
"""

from __future__ import annotations

from desk.client.macros import MacroContext, MacroLibrary
from ui.chat.composer import Composer
from ui.macros.manage_dialog import MacrosDialog
from ui.macros.picker import ContextProvider, MacroPicker
from ui.tasks import TaskRunner
from ui.theme import LIGHT, Theme

__all__ = [
    "ContextProvider",
    "MacroContext",
    "MacroLibrary",
    "MacroPicker",
    "MacrosDialog",
    "attach_macro_picker",
]


def attach_macro_picker(
    composer: Composer,
    library: MacroLibrary,
    context_provider: ContextProvider,
    *,
    theme: Theme = LIGHT,
    runner: TaskRunner | None = None,
) -> MacroPicker:
    """Installs the "/" trigger on ``composer.edit`` and returns the picker.

    ``context_provider`` returns the open ticket's customer, the signed-in agent and the
    ticket id, or None when there is nothing to reply to (the picker then stays shut).
    With a ``runner``, opening the picker reloads a stale library in the background.
    Call ``picker.open()`` for Ctrl+M; ``picker.inserted`` tells which macro went in.
    """
    return MacroPicker(composer, library, context_provider, theme=theme, runner=runner)
