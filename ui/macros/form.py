"""The title and body editor of the manage dialog, with counters, checks and placeholder help.

Limits are the server's (``desk.client.macros.TITLE_MAX``/``BODY_MAX``, from the API schemas),
so what passes here is what the server accepts; the server's own answer still wins.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.client.macros import BODY_MAX, TITLE_MAX, unknown_placeholders

translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def placeholder_rows() -> list[tuple[str, str]]:
    """The contract's three placeholders, plus the first-name variant the client fills."""
    return [
        ("customer.name", translate("MacroForm", "the customer's name, e.g. Anna Petrova")),
        ("customer.first_name", translate("MacroForm", "the customer's first name, e.g. Anna")),
        ("agent.name", translate("MacroForm", "the name of the agent who sends the reply")),
        ("ticket.id", translate("MacroForm", "the ticket number, e.g. 4217")),
    ]


class MacroForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable: bool | None = None
        self.title = QLineEdit(self)
        self.title.setObjectName("macroTitle")
        self.title.setAccessibleName(translate("MacroForm", "Title"))
        self.title.setPlaceholderText(
            translate("MacroForm", "A short name agents search for, e.g. Refund policy")
        )
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("macroBody")
        self.body.setAccessibleName(translate("MacroForm", "Reply text"))
        self.body.setTabChangesFocus(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setPlaceholderText(translate("MacroForm", "Hello {{customer.first_name}}, …"))
        self.title_counter = self._counter()
        self.body_counter = self._counter()

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self._label(translate("MacroForm", "Title")), 0, 0)
        grid.addWidget(self.title_counter, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.title, 1, 0, 1, 2)
        grid.addWidget(self._label(translate("MacroForm", "Reply text")), 2, 0)
        grid.addWidget(self.body_counter, 2, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.body, 3, 0, 1, 2)
        grid.setRowStretch(3, 1)

        # Placeholders: a button per name (admins click to insert) beside what it becomes.
        self.chips = QWidget(self)
        grid_chips = QGridLayout(self.chips)
        grid_chips.setContentsMargins(0, 2, 0, 0)
        grid_chips.setHorizontalSpacing(10)
        grid_chips.setVerticalSpacing(4)
        self.help = QLabel(self.chips)
        self.help.setObjectName("macroFieldLabel")
        self.help.setWordWrap(True)  # long in Russian; must not widen the dialog
        grid_chips.addWidget(self.help, 0, 0, 1, 2)
        self.chip_buttons: dict[str, QPushButton] = {}
        self._descriptions: list[QLabel] = []
        for row, (name, meaning) in enumerate(placeholder_rows(), start=1):
            button = QPushButton("{{" + name + "}}", self.chips)
            button.setObjectName("placeholderButton")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setToolTip(translate("MacroForm", "Insert at the cursor"))
            button.clicked.connect(lambda _c=False, n=name: self.insert_placeholder(n))
            description = QLabel(meaning, self.chips)
            description.setObjectName("macroHelp")
            grid_chips.addWidget(button, row, 0, Qt.AlignmentFlag.AlignLeft)
            grid_chips.addWidget(description, row, 1)
            self.chip_buttons[name] = button
            self._descriptions.append(description)
        grid_chips.setColumnStretch(1, 1)

        self.warning = QLabel(self)
        self.warning.setObjectName("macroWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(grid, 1)
        layout.addWidget(self.chips)
        layout.addWidget(self.warning)

        self.title.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self._update_counters()

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("macroFieldLabel")
        return label

    def _counter(self) -> QLabel:
        label = QLabel(self)
        label.setObjectName("macroCounter")
        return label

    # --- values ---------------------------------------------------------------------

    def values(self) -> tuple[str, str]:
        """(title, body) as they would be saved: the title trimmed, the body as typed."""
        return self.title.text().strip(), self.body.toPlainText()

    def set_values(self, title: str, body: str) -> None:
        self.title.blockSignals(True)
        self.body.blockSignals(True)
        try:
            self.title.setText(title)
            self.body.setPlainText(body)
        finally:
            self.title.blockSignals(False)
            self.body.blockSignals(False)
        self.title.setCursorPosition(0)
        self.body.moveCursor(QTextCursor.MoveOperation.End)  # placeholders go after the text
        self.mark_invalid(title=False, body=False)
        self._update_counters()

    def set_editable(self, editable: bool) -> None:
        if editable == self._editable:
            return
        self._editable = editable
        self.title.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        self.help.setText(
            translate(
                "MacroForm",
                "Placeholders — click one to insert it; each is filled in for the ticket:",
            )
            if editable
            else translate("MacroForm", "Placeholders, filled in when a reply is inserted:")
        )
        for button in self.chip_buttons.values():
            button.setEnabled(editable)
            button.setProperty("static", not editable)
            _repolish(button)
        for widget in (self.title, self.body):
            _repolish(widget)

    def help_text(self) -> str:
        rows = [
            f"{button.text()} — {label.text()}"
            for button, label in zip(self.chip_buttons.values(), self._descriptions, strict=True)
        ]
        return "\n".join([self.help.text(), *rows])

    def insert_placeholder(self, name: str) -> None:
        if self.body.isReadOnly():
            return
        self.body.insertPlainText("{{" + name + "}}")
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- checks ---------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What stops saving, as sentences; empty when the server will accept it."""
        title, body = self.values()
        found: list[str] = []
        if not title:
            found.append(translate("MacroForm", "Give the canned reply a title."))
        elif len(title) > TITLE_MAX:
            found.append(
                translate(
                    "MacroForm", "The title is too long: {0} characters, at most {1}."
                ).format(len(title), TITLE_MAX)
            )
        if not body.strip():
            found.append(translate("MacroForm", "Write the text of the reply."))
        elif len(body) > BODY_MAX:
            found.append(
                translate(
                    "MacroForm", "The reply is too long: {0} characters, at most {1}."
                ).format(len(body), BODY_MAX)
            )
        self.mark_invalid(
            title=not title or len(title) > TITLE_MAX,
            body=not body.strip() or len(body) > BODY_MAX,
        )
        return found

    def mark_invalid(self, *, title: bool, body: bool) -> None:
        for widget, bad in ((self.title, title), (self.body, body)):
            if bool(widget.property("invalid")) != bad:
                widget.setProperty("invalid", bad)
                _repolish(widget)

    def _changed(self) -> None:
        self._update_counters()
        self.mark_invalid(title=False, body=False)  # checked again on save
        self.edited.emit()

    def _update_counters(self) -> None:
        title, body = self.values()
        for label, count, limit in (
            (self.title_counter, len(title), TITLE_MAX),
            (self.body_counter, len(body), BODY_MAX),
        ):
            label.setText(f"{count:,} / {limit:,}".replace(",", "\u2009"))
            if bool(label.property("over")) != (count > limit):
                label.setProperty("over", count > limit)
                _repolish(label)
        unknown = unknown_placeholders(body)
        if unknown:
            names = ", ".join("{{" + n + "}}" for n in unknown)
            self.warning.setText(
                translate(
                    "MacroForm", "Desk does not know {0}: it will be sent exactly as written."
                ).format(names)
            )
        self.warning.setVisible(bool(unknown))
