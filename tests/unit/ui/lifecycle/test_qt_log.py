"""Qt's messages reach the app's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning

from ui.lifecycle.qt_log import install_qt_log


@pytest.fixture
def our_handler() -> Iterator[None]:
    previous = qInstallMessageHandler(None)  # pytest-qt's, put back afterwards
    install_qt_log()
    yield
    qInstallMessageHandler(previous)


def test_a_qt_warning_is_logged_as_a_warning(
    our_handler: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        qWarning("QPainter::begin: Paint device returned engine == 0")
    [record] = [r for r in caplog.records if r.name == "qt"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "QPainter::begin: Paint device returned engine == 0"


def test_what_a_platform_cannot_do_stays_off_the_terminal(
    our_handler: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        qWarning("This plugin does not support raise()")
    [record] = [r for r in caplog.records if r.name == "qt"]
    assert record.levelno == logging.INFO
