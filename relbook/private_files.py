"""Files with the shop's customers in them are readable by the shop's own computer account
only: the book, its backups and safety copies, exports, printed PDFs and CSV files.

On POSIX (Linux, macOS) relbook sets its umask to 077 when it starts, so everything it
creates is 0600 (files) or 0700 (folders) whatever code creates it — SQLite's ``-wal``
and ``-shm`` files included, which take the book's own permissions. The places that make
the book, its folder and backups also set the mode explicitly, for code that uses the
services without the ``relbook`` command. On Windows, files live in the user's profile
(``%LOCALAPPDATA%``), which Windows already keeps private to that user; POSIX modes mean
nothing there and nothing is changed.

Importable from every layer (store, services, commands): it knows nothing of them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


def restrict_process() -> None:
    """From now on, files and folders this process creates are private (POSIX)."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def make_private(path: str | os.PathLike[str]) -> None:
    """Take group and world access away from ``path`` (a file or a folder) if it is ours.

    Quietly does nothing where that is not possible (Windows, a file owned by someone
    else, a read-only medium): privacy is tightened, never a reason to fail a save."""
    if not POSIX:
        return
    p = Path(path)
    try:
        info = p.stat()
        if info.st_uid != os.getuid():
            return
        wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(p, stat.S_IMODE(info.st_mode) & ~0o077 | (wanted & 0o700))
    except OSError:
        return


def private_folder(path: str | os.PathLike[str]) -> Path:
    """``path`` as a folder that exists and is private (made with its parents if needed)."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    make_private(p)
    return p
