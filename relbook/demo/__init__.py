"""A believable demo shop, written fast: a newcomer sees relbook alive at once.

``generate(path, contacts=N, seed=S)`` writes the café described in ``demo_data`` into a
new SQLite file. The same seed (and the same ``today``) always gives the same shop. It
writes in bulk — rows made by ``demo_people`` (in helper processes for a big shop),
inserted with ``executemany`` in chunks of a few thousand contacts per transaction, search
documents made with the search index's own ``make_document`` — so 1,000,000 contacts take
minutes, not hours. The work happens in a
``.demo-partial`` file that replaces the target only when complete, so an interrupted run
never leaves half a shop behind.

Extension point: features add their own demo data (sales, visits, vouchers, reminders)
with an *enricher*, a function ``enrich(ctx: DemoContext) -> None`` named in
``ENRICHERS`` as ``"relbook.demo.<module>:<function>"``. Enrichers run in list order
after the contacts exist; ``ctx`` offers the database, the contact ids, a seeded random
generator of their own, ``today`` and ``ctx.insert_rows`` for fast bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import multiprocessing
import os
import random
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from relbook.demo import data, people
from relbook.errors import RelbookError, StoreError
from relbook.services import settings
from relbook.store import search_index
from relbook.store.db import Target, check_sqlite_file, database, open_database, parse_target
from relbook.store.models import Contact, ContactTag, Email, PersonalDetail, Phone, Tag

DEFAULT_CONTACTS = 400
#: Bumped whenever the same seed would give a different shop (benchmark caches key on it).
GENERATOR_VERSION = 5  # 3: referrals and vouchers (vouchers_demo); 4, 5: family names
CHUNK = 5_000
#: From this many chunks on, helper processes make the rows while this one inserts.
PARALLEL_MIN_CHUNKS = 8
MAX_WORKERS = 6
MAX_CONTACTS = 2_000_000

#: Feature modules append "relbook.demo.<module>:<function>" here (one line each).
ENRICHERS: list[str] = [
    "relbook.demo.care:enrich",  # tiers, visits, touches, links, feedback
    "relbook.demo.loyalty:enrich",  # sales, points, redemptions, staff at the till
    "relbook.demo.vouchers:enrich",  # referrals, vouchers in every state (after sales)
]

Progress = Callable[[int, int], None]


class DemoRefused(RelbookError):
    """The demo shop was not written, for a reason the person can act on."""


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    contacts: int
    shop_name: str


@dataclass
class DemoContext:
    """What an enricher gets: contacts have ids 1..contacts; write with ``insert_rows``."""

    db: peewee.Database
    contacts: int
    seed: int
    today: dt.date
    progress: Progress | None = None
    archived_ids: set[int] = field(default_factory=set)

    def rng(self, name: str) -> random.Random:
        """A random generator of the enricher's own, so adding one changes no other."""
        return random.Random(f"{self.seed}:{name}")

    def contact_ids(self) -> range:
        return range(1, self.contacts + 1)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        """Bulk insert (call inside ``ctx.db.atomic()``, a few thousand rows at a time)."""
        if rows:
            marks = ", ".join("?" * len(columns))
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
            self.db.connection().executemany(sql, rows)


def generate(
    target: str | os.PathLike[str] | Target,
    *,
    contacts: int = DEFAULT_CONTACTS,
    seed: int = 1,
    progress: Progress | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> DemoSummary:
    """Write a demo shop with ``contacts`` customers into a new SQLite file at ``target``.

    An existing database that holds contacts is refused unless ``force``; a file that is
    not a relbook database is never replaced. The models' database binding is restored
    afterwards, so this may run while another book is open.
    """
    tgt = target if isinstance(target, Target) else parse_target(target)
    if tgt.kind != "sqlite" or tgt.path is None:
        raise DemoRefused("The demo shop is written to SQLite files only; give a file path.")
    if not 1 <= contacts <= MAX_CONTACTS:
        raise DemoRefused(f"The demo shop holds 1 to {MAX_CONTACTS:,} contacts, not {contacts:,}.")
    path = Path(tgt.path)
    _check_replaceable(path, force)
    partial = path.with_name(path.name + ".demo-partial")
    _remove_sqlite_files(partial)
    previous = database.obj
    try:
        db = open_database(partial, backup=False)
        try:
            _fill(db, contacts, seed, today or dt.date.today(), progress)
        finally:
            db.close()
        _remove_sqlite_files(path)
        os.replace(partial, path)
    except BaseException:
        _remove_sqlite_files(partial)
        raise
    finally:
        database.initialize(previous)
    return DemoSummary(path, contacts, data.SHOP_SETTINGS["shop.name"])


def _check_replaceable(path: Path, force: bool) -> None:
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        try:  # nothing to lose: a new file, or an empty one the demo may fill
            check_sqlite_file(path, allow_empty=True)
        except StoreError as exc:
            raise DemoRefused(str(exc)) from exc
        return
    try:
        check_sqlite_file(path)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            count = (
                con.execute("SELECT COUNT(*) FROM contact").fetchone()[0]
                if "contact" in tables
                else 0
            )
        finally:
            con.close()
    except (StoreError, sqlite3.Error) as exc:
        raise DemoRefused(f"{exc} The demo shop was not written there.") from exc
    if tables and "schema_migration" not in tables:
        raise DemoRefused(f"{path} is not a relbook database; the demo will not replace it.")
    if count and not force:
        raise DemoRefused(
            f"{path} already holds {count:,} contacts; add --force to replace it with a demo shop."
        )


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- filling ------------------------------------------------------------------------------


def _fill(
    db: peewee.Database, contacts: int, seed: int, today: dt.date, progress: Progress | None
) -> None:
    db.execute_sql("PRAGMA synchronous = OFF")  # a partial file: durability comes at rename
    ctx = DemoContext(db, contacts, seed, today, progress)
    with db.atomic():
        for key, value in data.SHOP_SETTINGS.items():
            settings.set_value(key, value)
        ctx.insert_rows(
            Tag._meta.table_name, ("id", "name", "colour"),
            [(i, name, colour) for i, ((name, _), colour)
             in enumerate(zip(data.TAGS, _TAG_COLOURS, strict=True), 1)],
        )  # fmt: skip
    bounds = [(s, min(s + CHUNK, contacts + 1)) for s in range(1, contacts + 1, CHUNK)]
    for rows in _chunks(seed, today, contacts, bounds):
        with db.atomic():
            ctx.insert_rows(Contact._meta.table_name, people.CONTACT_COLUMNS, rows.contacts)
            ctx.insert_rows(Phone._meta.table_name, people.PHONE_COLUMNS, rows.phones)
            ctx.insert_rows(Email._meta.table_name, people.EMAIL_COLUMNS, rows.emails)
            ctx.insert_rows(PersonalDetail._meta.table_name, people.DETAIL_COLUMNS, rows.details)
            ctx.insert_rows(ContactTag._meta.table_name, ("contact_id", "tag_id"), rows.tags)
            search_index.store(db, rows.documents)
        ctx.archived_ids.update(rows.archived)
        if progress:
            progress(rows.contacts[-1][0], contacts)
    for spec in ENRICHERS:
        module_name, _, func_name = spec.partition(":")
        getattr(importlib.import_module(module_name), func_name)(ctx)
    search_index.optimize(db)
    db.execute_sql("PRAGMA optimize")


def _chunks(
    seed: int, today: dt.date, total: int, bounds: list[tuple[int, int]]
) -> Iterator[people.Rows]:
    """Chunks of rows in id order; made by helper processes when the shop is big and the
    computer has cores to spare (the result is the same either way)."""
    workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    if len(bounds) < PARALLEL_MIN_CHUNKS or workers < 1:
        for start, stop in bounds:
            yield people.make_chunk(seed, today, total, start, stop)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        pending: deque = deque()
        todo = iter(bounds)
        for start, stop in itertools.islice(todo, workers * 2):
            pending.append(pool.submit(people.make_chunk, seed, today, total, start, stop))
        while pending:
            rows = pending.popleft().result()
            for start, stop in itertools.islice(todo, 1):
                pending.append(pool.submit(people.make_chunk, seed, today, total, start, stop))
            yield rows
    finally:  # interrupted or done: drop work not yet started
        pool.shutdown(wait=True, cancel_futures=True)


_TAG_COLOURS = ("#5b8a72", "#c08a3e", "#7a8b99", "#4f7cac", "#a0616a", "#b8860b",
                "#6d8f4e", "#8a6fb0", "#5f6b73", "#9c6b3f")  # fmt: skip
