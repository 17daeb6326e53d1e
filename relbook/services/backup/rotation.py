"""Which backups a folder keeps: enough to undo a mistake found late, or found at once.

The rules (``to_keep``), each keeping what the others might let go:

- the last ``KEEP_LAST`` backups, whatever their day — an owner who restarts the app a
  few times after a mistake (every start takes a backup) still has the one from before;
- grandfather-father-son: the newest backup of each of the last 7 days, 4 ISO weeks and
  12 months that have backups — a mistake found weeks later can still be undone;
- the newest backup taken before a risky operation (restore, merge, erase, import,
  settings import) — never removed before a later one of its kind exists.

Files are told apart by name only: ``relbook-<stamp>.sqlite3`` for the regular ones,
``before-<operation>-<stamp>.sqlite3`` for those before a risky operation. Anything else
in the folder (a stick holds holiday photos too) is never touched.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

PREFIX = "relbook-"
BEFORE_PREFIX = "before-"
SUFFIX = ".sqlite3"
KEEP_LAST = 10
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
#: the risky operations that take a backup first (named in the file name)
OPERATIONS = ("restore", "merge", "erase", "import", "settings-import")

_NAME = re.compile(
    r"^(?:relbook|before-(?P<operation>[a-z]+(?:-[a-z]+)*?))-(?P<stamp>\d{8}-\d{6})"
    r"(?:-\d+)?\.sqlite3$"
)


@dataclass(frozen=True, slots=True)
class Named:
    """What a backup's file name says: when it was taken and before what (if anything)."""

    path: Path
    taken_at: dt.datetime
    operation: str = ""  # "" for a regular backup


def read_name(path: Path) -> Named | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        stamp = dt.datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return Named(path, stamp, match.group("operation") or "")


def stamp_of(path: Path) -> dt.datetime | None:
    named = read_name(path)
    return named.taken_at if named else None


def file_name(stamp: dt.datetime, operation: str = "") -> str:
    head = f"{BEFORE_PREFIX}{operation}-" if operation else PREFIX
    return f"{head}{stamp:%Y%m%d-%H%M%S}{SUFFIX}"


def _newest_per(ordered: list[Named], count: int, key) -> set[Named]:
    kept: set[Named] = set()
    seen: list[object] = []
    for item in ordered:
        k = key(item.taken_at)
        if k in seen:
            continue
        if len(seen) == count:
            break
        seen.append(k)
        kept.add(item)
    return kept


def to_keep_named(backups: list[Named]) -> set[Named]:
    """The backups the rules keep (see the module docstring)."""
    ordered = sorted(backups, key=lambda n: (n.taken_at, n.path.name), reverse=True)
    keep: set[Named] = set(ordered[:KEEP_LAST])
    keep |= _newest_per(ordered, KEEP_DAILY, lambda s: s.date())
    keep |= _newest_per(ordered, KEEP_WEEKLY, lambda s: s.isocalendar()[:2])
    keep |= _newest_per(ordered, KEEP_MONTHLY, lambda s: (s.year, s.month))
    for operation in {n.operation for n in ordered if n.operation}:
        keep.add(next(n for n in ordered if n.operation == operation))
    return keep


def to_keep(stamps: list[dt.datetime]) -> set[dt.datetime]:
    """``to_keep_named`` for regular backups known by their times only."""
    named = [Named(Path(file_name(s)), s) for s in stamps]
    return {n.taken_at for n in to_keep_named(named)}


def rotate_folder(folder: Path) -> list[Path]:
    """Delete the backups the rules no longer keep; returns what was deleted."""
    backups = [n for p in folder.glob(f"*{SUFFIX}") if (n := read_name(p))]
    keep = to_keep_named(backups)
    removed = []
    for item in backups:
        if item not in keep:
            try:
                item.path.unlink()
                removed.append(item.path)
            except OSError:
                pass  # a locked or read-only old backup is simply kept
    return sorted(removed)
