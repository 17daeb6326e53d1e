"""Names as people write them: a contact keeps its written name and its name order.

- ``formatted_name``: the name as written (vCard ``FN``, or typed in "Shown as") when it
  differs from what the parts give, e.g. "Dr. Anna Maria Schmidt" or "王伟"; "" otherwise.
- ``name_order``: "" for given name first (Anna Schmidt), "family_first" for Nguyễn Thị
  Mai, Nagy Anna, 王伟.

Both default to "", so every existing contact keeps the name it showed.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    db.execute_sql("ALTER TABLE contact ADD COLUMN formatted_name VARCHAR(300) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE contact ADD COLUMN name_order VARCHAR(16) NOT NULL DEFAULT ''")
