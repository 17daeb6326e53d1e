"""Indexes that let Today and the counter sheet read only the rows they show.

- ``sale (created_at, contact_id, amount_minor)`` and ``timeline_entry (kind,
  happened_at, contact_id)``: "who came on the last twelve Tuesdays" and "big sales of
  the last three weeks" read a few days of the index alone, not every sale ever made
  (covering: the rows themselves are never visited).
- ``personal_detail (birthday_month, birthday_day)``: family members' birthdays in the
  coming week are found like the customers' own (``contact_birthday_md``).
- ``contact (created_at)`` for contacts someone referred: the thank-you queue's "sent us
  a friend" reads the last three weeks' newcomers only.
- ``voucher (state, expires_on)``: the open vouchers running out in the next two weeks
  are read by their dates, not by walking every open voucher.

At 100,000 contacts these took Today's lists from seconds to tens of milliseconds.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database) -> None:
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS sale_created_at ON sale (created_at, contact_id, amount_minor)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS timeline_entry_visits "
        "ON timeline_entry (kind, happened_at, contact_id)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS personal_detail_birthday_md "
        "ON personal_detail (birthday_month, birthday_day)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS contact_referred_created ON contact (created_at) "
        "WHERE referred_by_id IS NOT NULL"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS voucher_state_expires ON voucher (state, expires_on)"
    )
