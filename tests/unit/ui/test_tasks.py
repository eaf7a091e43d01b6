import asyncio

import pytest
from pytestqt.qtbot import QtBot

from ui.tasks import TaskRunner, describe_error


class ReadableError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def test_success_callback_gets_the_result(qloop: asyncio.AbstractEventLoop) -> None:
    runner = TaskRunner()
    results: list[int] = []

    async def work() -> int:
        await asyncio.sleep(0)
        return 42

    task = runner.start(work(), on_success=results.append)
    qloop.run_until_complete(task)
    qloop.run_until_complete(asyncio.sleep(0))
    assert results == [42]
    assert runner.running == 0


def test_failure_is_reported_as_a_sentence(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner()

    async def fail() -> None:
        raise ReadableError("This ticket is closed.")

    with qtbot.waitSignal(runner.errorRaised, timeout=2000) as blocker:
        runner.start(fail())
        qloop.run_until_complete(asyncio.sleep(0.01))
    assert blocker.args == ["This ticket is closed."]
    assert "Task failed" in caplog.text


def test_unknown_errors_do_not_leak_internals() -> None:
    text = describe_error(KeyError("secret internal key"))
    assert "secret" not in text
    assert "KeyError" in text


def test_a_failing_success_callback_is_reported(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    runner = TaskRunner()

    async def work() -> int:
        return 1

    def broken(_: int) -> None:
        raise ReadableError("callback broke")

    with qtbot.waitSignal(runner.errorRaised, timeout=2000) as blocker:
        runner.start(work(), on_success=broken)
        qloop.run_until_complete(asyncio.sleep(0.01))
    assert blocker.args == ["callback broke"]


def test_slot_wrapper_runs_the_coroutine_with_signal_args(
    qloop: asyncio.AbstractEventLoop,
) -> None:
    runner = TaskRunner()
    seen: list[tuple[int, str]] = []

    async def handler(n: int, s: str) -> None:
        seen.append((n, s))

    runner.slot(handler)(7, "x")
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert seen == [(7, "x")]


def test_cancellation_is_not_an_error(qloop: asyncio.AbstractEventLoop, qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[str] = []
    runner.errorRaised.connect(errors.append)

    async def forever() -> None:
        await asyncio.sleep(3600)

    runner.start(forever())
    qloop.run_until_complete(runner.cancel_all())
    assert errors == []
    assert runner.running == 0


def test_cancel_all_spares_the_calling_task(qloop: asyncio.AbstractEventLoop) -> None:
    runner = TaskRunner()
    finished: list[str] = []

    async def other() -> None:
        await asyncio.sleep(3600)

    async def closer() -> None:
        await runner.cancel_all()
        finished.append("closer survived")

    runner.start(other())
    qloop.run_until_complete(runner.start(closer()))
    assert finished == ["closer survived"]
    assert runner.running == 0


def test_only_a_bug_asks_for_the_error_dialog(qtbot: QtBot) -> None:
    from desk.client.api import NetworkError

    runner = TaskRunner()
    dialogs: list[str] = []
    runner.unexpectedError.connect(dialogs.append)
    runner.report(ReadableError("This ticket is closed."))  # worded: status bar only
    runner.report(NetworkError("offline"))
    runner.report(FileNotFoundError(2, "No such file", "shot.png"))
    assert dialogs == []
    runner.report(KeyError("ticket"))
    assert dialogs == [describe_error(KeyError("ticket"))]
