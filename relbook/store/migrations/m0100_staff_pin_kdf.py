"""Each stored PIN hash names its method (``staff_pin.kdf``), so PINs can move to a
slower hash (scrypt N = 2^17) as people sign in; hashes already stored are N = 2^14."""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    if "staff_pin" in db.get_tables():
        db.execute_sql(
            "ALTER TABLE staff_pin ADD COLUMN kdf VARCHAR(16) NOT NULL DEFAULT 'scrypt-14'"
        )
