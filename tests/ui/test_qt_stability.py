"""Regression guard: tens of thousands of Qt calls in one process must not abort it.

PySide6 6.12.0 on Python 3.11 corrupts a reference count (the interpreter dies with
"none_dealloc" and exit status 134 after ~20,000 Qt calls). relbook pins 6.11.3; this
test fails loudly if a PySide6/Python combination with that bug is ever installed. The
calls run in a child interpreter so an abort is reported as a test failure, not a crash
of the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 50_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel()
    model = QStandardItemModel()
    holder = QObject()
    calls = 0
    while calls < {CALLS}:
        item = QStandardItem(f"row {{calls}}")
        item.setData(calls)
        model.appendRow(item)
        assert item.text() == f"row {{calls}}" and item.data() == calls
        label.setText(item.text())
        holder.setProperty("n", calls)
        assert holder.property("n") == calls
        calls += 10  # the Qt calls made above
        if model.rowCount() > 500:
            model.clear()
    print("done", calls)
    """
)


def test_fifty_thousand_qt_calls_do_not_abort_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=240
    )
    assert proc.returncode == 0, (
        f"The interpreter died after Qt calls (exit status {proc.returncode}); this is the "
        "PySide6 6.12.0 / Python 3.11 refcount bug or a relative of it. Pin PySide6 6.11.x "
        f"on Python 3.11.\n--- stderr ---\n{proc.stderr[-2000:]}"
    )
    assert proc.stdout.split() == ["done", str(CALLS)]
