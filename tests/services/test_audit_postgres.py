"""On PostgreSQL too, a settings change names the person at the till (migration m0085).

The tests start their own server (``tests/pg_server.py``) or use ``RELBOOK_TEST_PG_URL``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.enable_socket  # the test server's unix socket


def test_settings_changes_name_the_person_at_the_till(pg_url: str) -> None:
    from relbook.services import settings, staff
    from relbook.services.staff import audit
    from relbook.store.db import open_database

    open_database(pg_url)
    sam = staff.add_staff("Sam")
    settings.set_value("shop.name", "Nobody told")
    assert audit.entries(action="setting.change", limit=1)[0].staff == ""
    audit.set_actor(sam)
    settings.set_value("shop.name", "Told")
    entry = audit.entries(action="setting.change", limit=1)[0]
    assert (entry.staff, entry.after) == ("Sam", {"value": "Told"})
    assert entry.before == {"value": "Nobody told"}
    audit.set_actor(None)
    settings.set_value("shop.name", "Again nobody")
    assert audit.entries(action="setting.change", limit=1)[0].staff == ""
