"""Guards against the PySide6 6.12 / Python 3.11 `none_dealloc` crash.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every Qt call that
returns nothing; after a few thousand calls the interpreter aborts. Python 3.12 made
``None`` immortal, so only 3.11 is exposed.
"""

import subprocess
import sys
import textwrap

import PySide6

CALLS = 20_000

_PROBE = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        obj.setObjectName("probe")  # a Qt call that returns None
    print(before - sys.getrefcount(None))
    """
)


def test_installed_pyside_is_not_the_crashing_combination() -> None:
    major_minor = tuple(int(p) for p in PySide6.__version__.split(".")[:2])
    assert not (sys.version_info < (3, 12) and major_minor == (6, 12)), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} crashes "
        "with none_dealloc; pyproject must exclude it"
    )


def test_many_void_qt_calls_keep_none_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lost = int(result.stdout.strip())
    # A leak of one reference per call would lose ~CALLS; allow a little noise.
    assert lost < CALLS // 100, f"None lost {lost} references over {CALLS} Qt calls"
