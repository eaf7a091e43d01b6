"""The canned-replies dialog: admins add, edit and delete; agents read; errors shown inline."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from msgspec import UNSET, UnsetType
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from desk.client.api.errors import ApiError, Forbidden, NetworkError, ValidationFailed
from desk.client.macros import BODY_MAX, TITLE_MAX, Macro, MacroLibrary
from tests.helpers.waiting import wait_until
from ui.macros import MacrosDialog
from ui.theme import DARK, LIGHT, Theme, palette_for

# The offscreen platform cannot size-hint or raise top-level windows; it says so.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
T = TypeVar("T")

SEED = [
    Macro(1, "Greeting", "Hello {{customer.first_name}}, this is {{agent.name}}."),
    Macro(2, "Возврат средств", "Здравствуйте, {{customer.name}}! Деньги вернутся за 5 дней."),
    Macro(3, "Refund policy", "Refunds take 5–7 business days (ticket #{{ticket.id}})."),
]


class FakeApi:
    """The macro endpoints in memory; ``fail_next`` makes the next call raise."""

    def __init__(self, macros: list[Macro]) -> None:
        self.macros = {m.id: m for m in macros}
        self.next_id = max(self.macros, default=0) + 1
        self.fail_next: ApiError | None = None
        self.calls: list[tuple[str, Any]] = []

    def _check(self) -> None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    async def list_macros(self) -> list[Macro]:
        self.calls.append(("list", None))
        self._check()
        return list(self.macros.values())

    async def create_macro(self, title: str, body: str) -> Macro:
        self.calls.append(("create", (title, body)))
        self._check()
        macro = Macro(self.next_id, title, body)
        self.next_id += 1
        self.macros[macro.id] = macro
        return macro

    async def update_macro(
        self,
        macro_id: int,
        *,
        title: str | UnsetType = UNSET,
        body: str | UnsetType = UNSET,
    ) -> Macro:
        self.calls.append(("update", (macro_id, title, body)))
        self._check()
        old = self.macros[macro_id]
        new = Macro(
            macro_id,
            old.title if isinstance(title, UnsetType) else title,
            old.body if isinstance(body, UnsetType) else body,
        )
        self.macros[macro_id] = new
        return new

    async def delete_macro(self, macro_id: int) -> None:
        self.calls.append(("delete", macro_id))
        self._check()
        del self.macros[macro_id]


def make(
    qtbot: QtBot, api: FakeApi, *, admin: bool = True, theme: Theme | None = None
) -> tuple[MacrosDialog, MacroLibrary]:
    library = MacroLibrary(api.list_macros, list(api.macros.values()))
    dialog = MacrosDialog(api, library, admin, None, theme=theme)
    qtbot.addWidget(dialog)
    return dialog, library


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    return loop.run_until_complete(coro)


def test_it_lists_macros_by_title_and_shows_the_first(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, FakeApi(SEED))
    assert [m.title for m in dialog.macros_shown()] == [
        "Greeting",
        "Refund policy",
        "Возврат средств",
    ]
    assert dialog.current_id() == 1
    assert dialog.form.values() == ("Greeting", SEED[0].body)
    assert not dialog.is_dirty() and not dialog.save_button.isEnabled()


def test_placeholder_help_lists_the_three_placeholders(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, FakeApi(SEED))
    help_text = dialog.form.help_text()
    for name in ("{{customer.name}}", "{{agent.name}}", "{{ticket.id}}"):
        assert name in help_text


def test_admin_edits_a_macro_and_the_library_follows(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    dialog.select_macro(3)
    dialog.form.body.setPlainText("Refunds take 3 days, {{customer.first_name}}.")
    assert dialog.is_dirty() and dialog.save_button.isEnabled()
    assert run(qloop, dialog.save())
    # Only the changed field is sent.
    assert api.calls[-1] == ("update", (3, UNSET, "Refunds take 3 days, {{customer.first_name}}."))
    saved = library.get(3)
    assert saved is not None and saved.body.startswith("Refunds take 3 days")
    assert not dialog.is_dirty() and dialog.status.text() == "Saved"


def test_admin_adds_a_macro_with_a_placeholder_chip(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    dialog.new_button.click()
    assert dialog.is_new() and dialog.form.values() == ("", "")
    dialog.form.title.setText("  Apology  ")
    dialog.form.body.setPlainText("Sorry for the wait, ")
    dialog.form.body.moveCursor(dialog.form.body.textCursor().MoveOperation.End)
    dialog.form.chip_buttons["customer.first_name"].click()
    assert dialog.form.values() == ("Apology", "Sorry for the wait, {{customer.first_name}}")
    dialog.save_button.click()  # through the button, as a person would
    run(qloop, wait_until(lambda: library.get(4) is not None))
    assert api.calls[-1] == ("create", ("Apology", "Sorry for the wait, {{customer.first_name}}"))
    assert dialog.current_id() == 4 and not dialog.is_new()
    assert dialog.list.currentIndex().row() == dialog.model.row_of(4)


def test_admin_deletes_after_confirming(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    dialog.select_macro(1)
    dialog.delete_button.click()
    assert not dialog.confirm.isHidden() and "Greeting" in dialog.confirm_text.text()
    dialog.cancel_delete.click()
    assert dialog.confirm.isHidden() and 1 in api.macros
    dialog.delete_button.click()
    dialog.confirm_delete.click()
    run(qloop, wait_until(lambda: library.get(1) is None))
    assert 1 not in api.macros
    assert dialog.current_id() == 3  # the next one in the list is shown
    assert [m.title for m in dialog.macros_shown()] == ["Refund policy", "Возврат средств"]


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "text", "Give the canned reply a title."),
        ("   ", "text", "Give the canned reply a title."),
        ("x" * (TITLE_MAX + 1), "text", f"The title is too long: {TITLE_MAX + 1} characters"),
        ("Title", "  \n ", "Write the text of the reply."),
        ("Title", "y" * (BODY_MAX + 1), "The reply is too long"),
    ],
)
def test_validation_is_shown_inline_and_nothing_is_sent(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, title: str, body: str, message: str
) -> None:
    api = FakeApi(SEED)
    dialog, _ = make(qtbot, api)
    dialog.start_new()
    dialog.form.title.setText(title)
    dialog.form.body.setPlainText(body)
    assert not run(qloop, dialog.save())
    assert message in dialog.error_text()
    assert [c for c in api.calls if c[0] != "list"] == []
    invalid = dialog.form.title if message.startswith(("Give", "The title")) else dialog.form.body
    assert invalid.property("invalid") is True


def test_limits_match_the_server_schema() -> None:
    from desk.server.schemas import MacroIn

    fields = MacroIn.model_fields
    title_max = [m.max_length for m in fields["title"].metadata if hasattr(m, "max_length")]
    body_max = [m.max_length for m in fields["body"].metadata if hasattr(m, "max_length")]
    assert TITLE_MAX in title_max and BODY_MAX in body_max


def test_counters_and_unknown_placeholder_warning(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, FakeApi(SEED))
    dialog.form.body.setPlainText("Hi {{customer.nmae}}")
    assert dialog.form.body_counter.text().startswith("20 /")
    assert "{{customer.nmae}}" in dialog.form.warning.text()
    assert not dialog.form.warning.isHidden()
    dialog.form.body.setPlainText("Hi {{ customer.name }}")
    assert dialog.form.warning.isHidden()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (Forbidden(status=403), "Only admins can change canned replies."),
        (
            ValidationFailed("The server did not accept the data: title: must not be blank"),
            "The server did not accept the data: title: must not be blank",
        ),
        (NetworkError(), "Cannot reach the server. Check the network connection."),
    ],
)
def test_api_errors_are_shown_in_words_and_the_edit_is_kept(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, error: ApiError, shown: str
) -> None:
    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    dialog.form.title.setText("Greeting (new)")
    api.fail_next = error
    assert not run(qloop, dialog.save())
    assert dialog.error_text() == shown
    assert dialog.form.values()[0] == "Greeting (new)" and dialog.is_dirty()
    assert library.get(1) == SEED[0]
    assert dialog.save_button.isEnabled()  # try again
    assert run(qloop, dialog.save()) and dialog.error_text() == ""


def test_a_macro_deleted_elsewhere_can_be_saved_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    from desk.client.api.errors import NotFound

    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    dialog.form.body.setPlainText("Changed")
    api.fail_next = NotFound(status=404)
    assert not run(qloop, dialog.save())
    assert "deleted" in dialog.error_text() and dialog.is_new()
    assert library.get(1) is None and dialog.form.values() == ("Greeting", "Changed")
    assert run(qloop, dialog.save())
    assert api.calls[-1] == ("create", ("Greeting", "Changed"))


def test_unsaved_changes_are_not_dropped(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, FakeApi(SEED))
    dialog.show()
    dialog.form.title.setText("Greeting!")
    assert not dialog.select_macro(3)  # switching is refused with a reason
    assert dialog.current_id() == 1 and "Save or discard" in dialog.error_text()
    assert dialog.list.currentIndex().row() == dialog.model.row_of(1)
    dialog.new_button.click()
    assert not dialog.is_new()
    dialog.close_button.click()  # the first close only warns
    assert dialog.isVisible() and "unsaved changes" in dialog.error_text()
    dialog.revert_button.click()
    assert dialog.form.values()[0] == "Greeting" and not dialog.is_dirty()
    assert dialog.select_macro(3)
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_agents_read_but_cannot_change(qtbot: QtBot) -> None:
    api = FakeApi(SEED)
    dialog, _ = make(qtbot, api, admin=False)
    dialog.show()
    assert dialog.note.isVisible() and "Only admins" in dialog.note.text()
    for button in (dialog.new_button, dialog.save_button, dialog.delete_button):
        assert not button.isVisible()
    assert dialog.form.title.isReadOnly() and dialog.form.body.isReadOnly()
    assert not any(b.isEnabled() for b in dialog.form.chip_buttons.values())
    assert "{{ticket.id}}" in dialog.form.help_text()  # the help is there for them too
    dialog.select_macro(2)
    assert dialog.form.values()[0] == "Возврат средств"  # they can still read every reply


def test_search_filters_the_list(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, FakeApi(SEED))
    dialog.show()
    dialog.search.setText("ВОЗ")
    assert [m.title for m in dialog.macros_shown()] == ["Возврат средств"]
    dialog.search.setText("nothing like it")
    assert dialog.list.isHidden() and dialog.empty.text() == "No canned replies match"


def test_open_is_non_modal_and_reloads(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    api = FakeApi(SEED)
    dialog, library = make(qtbot, api)
    api.macros[9] = Macro(9, "Added elsewhere", "Hi")
    dialog.open()
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.NonModal
    run(qloop, wait_until(lambda: library.get(9) is not None))
    assert "Added elsewhere" in [m.title for m in dialog.macros_shown()]


def test_a_failed_reload_is_shown(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    api = FakeApi(SEED)
    dialog, _ = make(qtbot, api)
    api.fail_next = NetworkError()
    run(qloop, dialog.reload())
    assert dialog.error_text().startswith("Could not load canned replies: Cannot reach")
    assert len(dialog.macros_shown()) == 3  # the cached list stays


def test_list_model_passes_the_model_tester(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    api = FakeApi(SEED)
    dialog, _ = make(qtbot, api)
    QAbstractItemModelTester(dialog.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    dialog.search.setText("re")
    dialog.search.clear()
    dialog.form.title.setText("Changed")
    run(qloop, dialog.save())


def _shot(dialog: MacrosDialog, name: str) -> None:
    out = os.environ.get("DESK_SHOTS_DIR")
    image = dialog.grab().toImage()
    assert not image.isNull() and image.width() == dialog.width()
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(out) / name))


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_render_the_dialog(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, theme: Theme) -> None:
    seed = [
        *SEED,
        Macro(
            4,
            "Нужны логи бота",
            "{{customer.first_name}}, пришлите, пожалуйста, логи бота за сегодня — "
            "так мы быстрее найдём причину. Тикет #{{ticket.id}}.",
        ),
        Macro(5, "Closing the ticket", "I'm closing #{{ticket.id}} now. Write any time!"),
    ]
    kind = "dark" if theme.dark else "light"
    for admin in (True, False):
        dialog, _ = make(qtbot, FakeApi(seed), admin=admin, theme=theme)
        dialog.setPalette(palette_for(theme))
        font = QFont(dialog.font())
        font.setPointSizeF(10)
        dialog.setFont(font)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.select_macro(4)
        _shot(dialog, f"macros-dialog-{'admin' if admin else 'agent'}-{kind}.png")
    api = FakeApi(seed)
    dialog, _ = make(qtbot, api, theme=theme)
    dialog.setPalette(palette_for(theme))
    dialog.show()
    dialog.select_macro(3)
    dialog.form.body.setPlainText("Refunds take 5–7 days, {{customer.nmae}}.")
    api.fail_next = Forbidden(status=403)
    run(qloop, dialog.save())
    _shot(dialog, f"macros-dialog-error-{kind}.png")
