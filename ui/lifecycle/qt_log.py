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


def log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category if context.category not in (None, "", "default") else None
    text = f"[{category}] {message}" if category else message
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", text)


def install_qt_log() -> None:
    qInstallMessageHandler(log_qt_message)
