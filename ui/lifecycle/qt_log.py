"""Qt's own warnings (a missing plugin, a bad stylesheet, a signal to nowhere) go into
the app's log like ours, instead of being printed straight to the terminal."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

__all__ = ["install_qt_log", "log_qt_message"]

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


# A platform plugin saying what it cannot do (offscreen: raise(), size hints) is a
# fact about the platform, not a problem: kept in the log, off the terminal.
_CAPABILITY_NOTE = "This plugin does not support"


def log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category if context.category not in (None, "", "default") else None
    text = f"[{category}] {message}" if category else message
    level = _LEVELS.get(kind, logging.WARNING)
    if level == logging.WARNING and message.startswith(_CAPABILITY_NOTE):
        level = logging.INFO
    log.log(level, "%s", text)


def install_qt_log() -> None:
    qInstallMessageHandler(log_qt_message)
