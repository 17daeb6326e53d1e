"""Numbered schema migrations.

Each module ``mNNNN_name.py`` in this package has ``up(db)``. Applied migrations are
recorded by name in ``schema_migration``, so features developed side by side can land
in any order. A database that records a migration this relbook does not know was made
by a newer relbook and is refused before anything is written. Before an existing
database is upgraded, a backup copy is made next to it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import peewee

from relbook.errors import BookDamagedError, StoreError
from relbook.private_files import make_private

if TYPE_CHECKING:
    from relbook.store.db import Target

TABLE = "schema_migration"


@dataclass(frozen=True)
class Migration:
    name: str
    up: Callable[[peewee.Database], None]


def available() -> list[Migration]:
    """All migrations shipped with this relbook, in number order.

    Only the file names are read here: a step's module is imported when that step runs,
    so opening an up-to-date book (every start) imports none of them."""
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if info.name.startswith("m") and info.name[1:5].isdigit()
    )
    return [Migration(name, _runs(name)) for name in names]


def _runs(name: str) -> Callable[[peewee.Database], None]:
    """The ``up`` of migration ``name``, imported on first call."""

    def up(db: peewee.Database) -> None:
        module: ModuleType = importlib.import_module(f"{__name__}.{name}")
        module.up(db)

    return up


def applied(db: peewee.Database) -> list[str]:
    if TABLE not in db.get_tables():
        return []
    return [row[0] for row in db.execute_sql(f"SELECT name FROM {TABLE} ORDER BY name")]


def pending(db: peewee.Database) -> list[Migration]:
    done = set(applied(db))
    return [m for m in available() if m.name not in done]


def check_compatible(db: peewee.Database, describe: str) -> None:
    """Refuse foreign and newer databases before any write."""
    tables = set(db.get_tables())
    if tables and TABLE not in tables:
        raise StoreError(
            f"{describe} holds tables that are not relbook's; relbook will not touch it."
        )
    known = {m.name for m in available()}
    unknown = sorted(set(applied(db)) - known)
    if unknown:
        raise StoreError(
            f"{describe} was upgraded by a newer relbook ({unknown[-1]}). "
            "Please update relbook on this computer; the database was not changed."
        )


def check_sqlite_file_compatible(path: Path) -> None:
    """``check_compatible`` through a read-only connection, before anything may write:
    merely opening a file with relbook's settings would switch it to WAL mode."""
    from relbook.store.db import read_only_connection

    try:
        con = read_only_connection(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            names = (
                [r[0] for r in con.execute(f"SELECT name FROM {TABLE}")] if TABLE in tables else []
            )
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be read ({exc}); nothing was changed.") from exc
    if tables and TABLE not in tables:
        raise StoreError(f"{path} holds tables that are not relbook's; relbook will not touch it.")
    unknown = sorted(set(names) - {m.name for m in available()})
    if unknown:
        raise StoreError(
            f"{path} was upgraded by a newer relbook ({unknown[-1]}). "
            "Please update relbook on this computer; the database was not changed."
        )


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy a live SQLite file consistently with the online backup API."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-{label}-{stamp}.bak")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    make_private(target)  # a copy of the customers' data, like the book itself
    return target


def upgrade(db: peewee.Database, target: Target, *, backup: bool = True) -> list[str]:
    """Apply pending migrations, each in its own transaction; return their names."""
    describe = target.describe()
    check_compatible(db, describe)
    todo = pending(db)
    if not todo:
        return []
    if backup and applied(db) and target.kind == "sqlite" and target.path:
        try:
            backup_sqlite(Path(target.path), todo[0].name)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"Could not make a backup of {describe} before upgrading it ({exc}); "
                "nothing was changed."
            ) from exc
    with db.atomic():
        db.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(name VARCHAR(100) PRIMARY KEY, applied_at VARCHAR(32) NOT NULL)"
        )
    # SQLite rebuilds a table to change it (create, copy, drop, rename); with foreign keys
    # enforced, dropping the old table would cascade into its children. So keys are off
    # while migrating and checked before each step commits (the SQLite manual's recipe).
    guard_keys = isinstance(db, peewee.SqliteDatabase)
    if guard_keys:
        db.execute_sql("PRAGMA foreign_keys = OFF")
        known_broken = _broken_keys(db)  # an old file's own faults do not block upgrades
    done: list[str] = []
    try:
        for migration in todo:
            try:
                with db.atomic():
                    migration.up(db)
                    if guard_keys:
                        _check_foreign_keys(db, known_broken, migration.name, describe)
                    db.execute_sql(
                        f"INSERT INTO {TABLE} (name, applied_at) VALUES (%s, %s)"
                        if not isinstance(db, peewee.SqliteDatabase)
                        else f"INSERT INTO {TABLE} (name, applied_at) VALUES (?, ?)",
                        (migration.name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                    )
            except peewee.DatabaseError as exc:
                from relbook.store.faults import explain

                fault = explain(exc, target.path)
                if fault is not None and not isinstance(fault, BookDamagedError):
                    raise type(fault)(
                        f"{describe} could not be upgraded to this relbook (that step was "
                        f"rolled back): {fault}"
                    ) from exc
                raise StoreError(
                    f"Upgrading {describe} failed at step {migration.name} ({exc}); "
                    "that step was rolled back."
                ) from exc
            done.append(migration.name)
    finally:
        if guard_keys:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return done


def _broken_keys(db: peewee.Database) -> set[tuple]:
    return {tuple(row) for row in db.execute_sql("PRAGMA foreign_key_check").fetchall()}


def _check_foreign_keys(db: peewee.Database, known: set[tuple], name: str,
                        describe: str) -> None:  # fmt: skip
    """Refuse (and so roll back) a step that left a row pointing at nothing."""
    broken = _broken_keys(db) - known
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        raise StoreError(
            f"Upgrading {describe} failed at step {name}: it would leave rows in {tables} "
            "pointing at nothing; that step was rolled back."
        )
