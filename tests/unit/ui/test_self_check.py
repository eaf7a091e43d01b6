"""`desk --self-check` fails with a sentence when the queue never shows up."""

from __future__ import annotations

import asyncio
import io

from keyring.backends import null
from PySide6.QtWidgets import QApplication

from desk.client.credentials import CredentialStore
from desk.sla import BusinessCalendar
from ui.self_check import SelfCheck, process_age


def _check(out: io.StringIO, quits: list[bool], timeout_s: float) -> SelfCheck:
    return SelfCheck(
        lambda: None,  # no window ever opens
        CredentialStore(null.Keyring()),
        BusinessCalendar(),
        [],
        lambda: quits.append(True),
        out=out,
        timeout_s=timeout_s,
    )


def test_a_queue_that_never_shows_fails_after_the_timeout(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop
) -> None:
    out, quits = io.StringIO(), []
    check = _check(out, quits, timeout_s=0.2)

    async def app_that_hangs() -> int:
        await asyncio.Event().wait()
        return 0

    code = qloop.run_until_complete(check.supervise(app_that_hangs()))
    assert code == 1
    assert out.getvalue() == "self-check FAILED: The queue was not shown within 0 seconds.\n"
    assert quits == []


def test_an_app_that_ends_early_fails_with_its_exit_code(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop
) -> None:
    out, quits = io.StringIO(), []
    check = _check(out, quits, timeout_s=30)

    async def app_that_gives_up() -> int:
        return 3

    code = qloop.run_until_complete(check.supervise(app_that_gives_up()))
    assert code == 1
    assert "Desk stopped (exit code 3) before the queue was shown." in out.getvalue()


def test_the_process_age_counts_from_the_process_start() -> None:
    assert 0.0 < process_age() < 24 * 3600
