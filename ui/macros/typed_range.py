"""The stretch of the composer the picker works on: from an anchor to the caret.

In "/" mode the anchor is the slash and the query is what follows it; after Ctrl+M
the anchor is where the caret was. Inserting a macro replaces anchor..caret, so the
"/query" disappears. The range ends when the caret leaves it or the line ends.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

MAX_QUERY = 80  # longer than any title: the agent is writing, not searching


def slash_before_caret(edit: QPlainTextEdit) -> int | None:
    """Position of a "/" just typed at the start of a line (spaces before it allowed)."""
    cursor = edit.textCursor()
    position = cursor.position() - 1
    block = cursor.block()
    if position < block.position() or edit.document().characterAt(position) != "/":
        return None
    before = block.text()[: position - block.position()]
    return position if not before.strip() else None


class TypedRange:
    def __init__(self, edit: QPlainTextEdit, anchor: int, *, slash: bool) -> None:
        self.edit, self.anchor, self.slash = edit, anchor, slash

    @property
    def start(self) -> int:
        """Where the query starts (just after the "/")."""
        return self.anchor + (1 if self.slash else 0)

    def text_between(self, start: int, end: int) -> str:
        if end <= start:
            return ""
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def query(self) -> str:
        cursor = self.edit.textCursor()
        return "" if cursor.hasSelection() else self.text_between(self.start, cursor.position())

    def is_valid(self) -> bool:
        """The "/" is still there and the caret (or selection) is inside the range's line."""
        document = self.edit.document()
        cursor = self.edit.textCursor()
        if self.slash and document.characterAt(self.anchor) != "/":
            return False
        low = min(cursor.position(), cursor.anchor())
        high = max(cursor.position(), cursor.anchor())
        if low < self.anchor or (not cursor.hasSelection() and high < self.start):
            return False
        if document.findBlock(high).blockNumber() != document.findBlock(self.anchor).blockNumber():
            return False  # a new line ends the query
        return len(self.text_between(self.start, high)) <= MAX_QUERY

    def replace(self, text: str) -> None:
        """Put ``text`` in place of anchor..caret as one undo step; the caret follows it."""
        cursor = self.edit.textCursor()
        end = max(cursor.position(), cursor.anchor())
        replace = QTextCursor(self.edit.document())
        replace.setPosition(self.anchor)
        replace.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        replace.insertText(text)
        self.edit.setTextCursor(replace)
        self.edit.ensureCursorVisible()

    def anchor_rect(self) -> QRect:
        """The anchor's caret rectangle, in the editor's viewport coordinates."""
        caret = QTextCursor(self.edit.document())
        caret.setPosition(min(self.anchor, self.edit.document().characterCount() - 1))
        return self.edit.cursorRect(caret)
