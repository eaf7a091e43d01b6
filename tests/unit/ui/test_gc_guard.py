import gc

from pytestqt.qtbot import QtBot

from ui.gc_guard import FULL_EVERY, GuiThreadCollector


def test_collection_moves_to_the_gui_thread_timer(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()

        class Cycle:
            pass

        a, b = Cycle(), Cycle()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        del a, b
        for _ in range(FULL_EVERY):
            collector.collect()
        assert not any(type(o).__name__ == "Cycle" for o in gc.get_objects())
    finally:
        collector.stop()
        if not was_enabled:
            gc.disable()
