import asyncio


def test_qloop_runs_coroutines(qloop: asyncio.AbstractEventLoop) -> None:
    async def add(a: int, b: int) -> int:
        await asyncio.sleep(0.01)
        return a + b

    assert qloop.run_until_complete(add(2, 3)) == 5


def test_a_dead_task_reaches_the_exception_handler(qapp: object) -> None:
    # The fixture relies on this: an exception nobody awaited reaches the handler.
    import qasync

    loop = qasync.QEventLoop(qapp)
    errors: list[dict[str, object]] = []
    loop.set_exception_handler(lambda _l, ctx: errors.append(ctx))
    asyncio.set_event_loop(loop)

    async def boom() -> None:
        raise RuntimeError("task died")

    async def main() -> None:
        task = loop.create_task(boom())
        await asyncio.sleep(0.01)
        del task

    loop.run_until_complete(main())
    import gc

    gc.collect()
    loop.run_until_complete(asyncio.sleep(0))
    asyncio.set_event_loop(None)
    loop.close()
    assert any("never retrieved" in str(e.get("message")) for e in errors)
