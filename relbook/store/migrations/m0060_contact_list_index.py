"""An index that hands out the contact list in name order, page by page.

Browsing asks for "active contacts in name order after (name, id)". With only the
``archived_at`` and ``sort_name`` indexes, SQLite sorted every active contact for each
page of 200 (30 ms at 100,000 contacts, half a second at a million); with this one it
reads the 200 rows it shows. Archived contacts get a small index of their own.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    db.execute_sql("CREATE INDEX contact_list_order ON contact (archived_at, sort_name)")
    db.execute_sql(
        "CREATE INDEX contact_archived_order ON contact (sort_name) WHERE archived_at IS NOT NULL"
    )
