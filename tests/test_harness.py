"""The test set-up itself: no network, Qt warnings fail, Qt offscreen, no real data folder.

These rules are configured in pyproject.toml and tests/conftest.py; if one of them is
ever dropped, these tests say so instead of the suite silently getting weaker.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError

ROOT = Path(__file__).resolve().parent.parent


def test_no_test_may_open_a_network_socket() -> None:
    def blocked() -> pytest.WarningsRecorder:  # pytest-socket warns, then raises
        return pytest.warns(UserWarning, match="A test tried to use socket")

    with blocked(), pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with blocked(), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_qt_runs_offscreen_and_the_data_folder_is_a_temporary_one() -> None:
    from platformdirs import user_data_path

    from relbook.store.db import data_dir

    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert data_dir() == Path(os.environ["RELBOOK_DATA_DIR"])
    assert data_dir() != user_data_path("relbook", appauthor=False)


_WARNS = """
from PySide6.QtCore import qWarning


def test_a_widget_that_complains(qtbot):
    qWarning("QLayout: Attempting to add QLayout to a widget which already has a layout")


def test_a_quiet_widget(qtbot):
    pass
"""


def test_a_qt_warning_fails_the_test(tmp_path: Path) -> None:
    """Run two tiny tests under the project's own pytest settings: the one that makes Qt
    print a warning fails, the quiet one passes."""
    (tmp_path / "test_qt_noise.py").write_text(_WARNS, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-q",
         str(tmp_path / "test_qt_noise.py")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 failed, 1 passed" in proc.stdout
    assert "Qt messages with level WARNING or above emitted" in proc.stdout
