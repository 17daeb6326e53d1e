"""The demo shop: believable, reproducible, valid data, found by search like any other,
never written over a book that holds contacts."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import phonenumbers
import pytest

from relbook import demo
from relbook.services import codes, contacts, settings
from relbook.services.contacts.search import find
from relbook.store.db import close_database, database, open_database

TODAY = dt.date(2026, 11, 23)


def dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        rows: list[tuple] = []
        for table in ("contact", "phone", "email", "personal_detail", "contact_tag", "setting"):
            columns = "*" if table != "setting" else "key, value"
            rows += con.execute(f"SELECT {columns} FROM {table} ORDER BY 1").fetchall()
        return rows
    finally:
        con.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    demo.generate(path, contacts=2000, seed=11, today=TODAY)
    return path


@pytest.fixture
def opened(shop: Path):
    db = open_database(shop)
    yield db
    close_database()


def test_same_seed_same_shop_other_seed_other_shop(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.sqlite3" for n in "abc")
    demo.generate(a, contacts=150, seed=5, today=TODAY)
    demo.generate(b, contacts=150, seed=5, today=TODAY)
    demo.generate(c, contacts=150, seed=6, today=TODAY)
    assert dump(a) == dump(b)
    assert dump(a) != dump(c)


def test_shop_settings(opened) -> None:
    assert settings.get("shop.name") == "Juniper & Rye Café"
    assert settings.phone_region() == "US"
    assert settings.get("shop.currency") == "USD"


def test_names_families_birthdays_and_preferences_look_real(opened) -> None:
    db = opened
    one = lambda sql: db.execute_sql(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT COUNT(*) FROM contact") == 2000
    names = [r[0] for r in db.execute_sql("SELECT display_name FROM contact")]
    accented = [n for n in names if not n.isascii()]
    assert len(accented) > 300
    for sample in ("José", "Müller", "Łukasz", "Nguyễn", "Ş", "ð", "é"):
        assert any(sample in n for n in names), sample
    assert one("SELECT COUNT(*) FROM contact WHERE birthday_month = 2 AND birthday_day = 29") >= 1
    assert one("SELECT COUNT(*) FROM contact WHERE birthday_month IS NOT NULL "
               "AND birthday_year IS NULL") > 200  # fmt: skip
    assert one("SELECT COUNT(*) FROM personal_detail WHERE relation IN ('son', 'daughter') "
               "AND birthday_year IS NOT NULL AND name != ''") > 200  # fmt: skip
    assert one("SELECT COUNT(*) FROM personal_detail WHERE relation IN "
               "('partner', 'wife', 'husband')") > 600  # fmt: skip
    assert one("SELECT COUNT(*) FROM personal_detail WHERE kind = 'preference' "
               "AND text = 'Oat flat white'") > 20  # fmt: skip
    assert one("SELECT COUNT(*) FROM contact WHERE how_met LIKE 'Friend of %' "
               "OR how_met LIKE 'Recommended by %'") > 50  # fmt: skip
    assert one("SELECT COUNT(*) FROM contact WHERE referred_by_id IS NOT NULL") > 50
    assert one("SELECT COUNT(*) FROM contact WHERE archived_at IS NOT NULL") > 10
    assert one("SELECT COUNT(DISTINCT card_code) FROM contact") == 2000
    cards = [r[0] for r in db.execute_sql("SELECT card_code FROM contact")]
    assert all(codes.is_valid_card_code(c) and codes.looks_like_card_code(c) for c in cards)
    assert all(c == codes.format_card_code(c) for c in cards)


def test_families_are_believable(opened) -> None:
    """Siblings have different names; only an older customer has a grandchild."""
    families: dict[int, list[str]] = {}
    for cid, name in opened.execute_sql(
        "SELECT contact_id, name FROM personal_detail WHERE kind = 'family'"
    ):
        families.setdefault(cid, []).append(name.split()[0])
    twice = {cid: names for cid, names in families.items() if len(set(names)) < len(names)}
    assert twice == {}
    namesakes = opened.execute_sql(  # nobody's partner or child has their own first name
        "SELECT c.given_name, d.name FROM personal_detail d JOIN contact c "
        "ON c.id = d.contact_id WHERE d.kind = 'family'"
    ).fetchall()
    assert [pair for pair in namesakes if pair[1].split()[0] == pair[0]] == []
    assert sum(len(names) > 2 for names in families.values()) > 50
    young_grandparents = opened.execute_sql(
        "SELECT c.display_name, c.birthday_year FROM personal_detail d "
        "JOIN contact c ON c.id = d.contact_id WHERE d.relation = 'grandson' "
        f"AND (c.birthday_year IS NULL OR c.birthday_year > {TODAY.year - 55})"
    ).fetchall()
    assert young_grandparents == []


def test_every_phone_is_valid_and_every_email_is_an_example_address(opened) -> None:
    rows = opened.execute_sql("SELECT raw, e164, digits FROM phone").fetchall()
    assert len(rows) > 1500
    for raw, e164, number in rows:
        parsed = phonenumbers.parse(raw, "US")
        assert phonenumbers.is_valid_number(parsed), raw
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == e164
        assert number == e164[1:]
    assert any(not e164.startswith("+1") for _, e164, _ in rows)  # some from back home
    for (address,) in opened.execute_sql("SELECT address FROM email"):
        assert address.endswith((".example", "example.com", "example.net", "example.org"))


def test_every_demo_contact_passes_validation(opened) -> None:
    for (cid,) in opened.execute_sql("SELECT id FROM contact WHERE id % 37 = 0"):
        record = contacts.get_contact(cid)
        assert contacts.validate(record.data) == []


def test_search_documents_match_what_the_service_writes(opened) -> None:
    ids = [r[0] for r in opened.execute_sql("SELECT id FROM contact WHERE id % 23 = 0")]
    sql = f"SELECT * FROM contact_fts WHERE rowid IN ({', '.join(map(str, ids))}) ORDER BY rowid"
    before = opened.execute_sql(sql).fetchall()
    with database.atomic() as txn:
        contacts.reindex(ids)
        after = opened.execute_sql(sql).fetchall()
        txn.rollback()
    assert before == after


def test_demo_contacts_are_found(opened) -> None:
    name, family, phone = opened.execute_sql(
        "SELECT c.display_name, c.family_name, p.digits FROM contact c "
        "JOIN phone p ON p.contact_id = c.id WHERE c.archived_at IS NULL LIMIT 1"
    ).fetchone()
    assert name in [h.display_name for h in find(phone[-4:], limit=500)]
    assert name in [h.display_name for h in find(family[:4], limit=2000)]


def test_refuses_a_book_with_contacts_unless_forced(tmp_path: Path, make_contact) -> None:
    from relbook.store.db import database as proxy

    own = proxy.obj
    make_contact("Anna", "Schmidt")
    path = Path(own.database)
    with pytest.raises(demo.DemoRefused, match="already holds 1 contacts; add --force"):
        demo.generate(path, contacts=10)
    assert proxy.obj is own  # the open book stays bound
    other = tmp_path / "other.sqlite3"
    demo.generate(other, contacts=10)
    assert proxy.obj is own
    demo.generate(other, contacts=12, force=True)
    con = sqlite3.connect(other)
    assert con.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 12
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "other" in p.name) == ["other.sqlite3"]


def test_never_replaces_a_file_that_is_not_a_relbook_book(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(demo.DemoRefused, match=r"not relbook's|not a relbook database"):
        demo.generate(path, contacts=10, force=True)
    assert path.read_bytes() == before
    text = tmp_path / "notes.txt"
    text.write_text("keep me", encoding="utf-8")
    with pytest.raises(demo.DemoRefused):
        demo.generate(text, contacts=10, force=True)
    assert text.read_text(encoding="utf-8") == "keep me"


def test_an_interrupted_run_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "demo.sqlite3"

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "CHUNK", 10)
    with pytest.raises(KeyboardInterrupt):
        demo.generate(path, contacts=50, progress=stop)
    assert list(tmp_path.iterdir()) == []


def test_enrichers_run_after_the_contacts(tmp_path: Path, monkeypatch) -> None:
    seen: list[tuple[int, int]] = []

    def enrich(ctx: demo.DemoContext) -> None:
        count = ctx.db.execute_sql("SELECT COUNT(*) FROM contact").fetchone()[0]
        seen.append((ctx.contacts, count))
        assert ctx.rng("x").random() == ctx.rng("x").random()
        with ctx.db.atomic():
            ctx.insert_rows("tag", ("name", "colour"), [("from an enricher", "#123456")])

    monkeypatch.setattr(sys.modules[__name__], "enrich", enrich, raising=False)
    monkeypatch.setattr(demo, "ENRICHERS", [f"{__name__}:enrich"])
    path = tmp_path / "demo.sqlite3"
    demo.generate(path, contacts=40)
    assert seen == [(40, 40)]
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM tag WHERE name = 'from an enricher'").fetchone() == (
        1,
    )
    con.close()


def test_bad_sizes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoRefused, match="1 to"):
        demo.generate(tmp_path / "x.sqlite3", contacts=0)


def test_helper_processes_make_the_same_shop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(demo, "CHUNK", 40)
    inline, pooled = tmp_path / "inline.sqlite3", tmp_path / "pooled.sqlite3"
    monkeypatch.setattr(demo, "PARALLEL_MIN_CHUNKS", 10**9)
    demo.generate(inline, contacts=200, seed=3, today=TODAY)
    monkeypatch.setattr(demo, "PARALLEL_MIN_CHUNKS", 2)
    monkeypatch.setattr(demo.os, "cpu_count", lambda: 3)  # two helpers even on a small box
    demo.generate(pooled, contacts=200, seed=3, today=TODAY)
    assert dump(inline) == dump(pooled)
    con = sqlite3.connect(pooled)
    assert con.execute("SELECT COUNT(DISTINCT card_code) FROM contact").fetchone()[0] == 200
    con.close()


def test_vouchers_and_referrals_are_alive_and_follow_the_rules(opened) -> None:
    from relbook.services import referrals, vouchers
    from relbook.services.referrals import insights
    from relbook.store.models import Contact
    from relbook.store.models.vouchers import ReferralReward, Voucher

    states = vouchers.counts_by_state(TODAY)
    assert all(states[s] > 0 for s in ("issued", "printed", "redeemed", "void", "expired"))
    kinds = {v.kind for v in Voucher.select(Voucher.kind)}
    assert kinds == {"referral", "welcome", "birthday", "goodwill"}
    for v in Voucher.select():
        assert codes.is_valid(v.code) and v.code == codes.compact_code(v.code)
        assert (v.redeemed_at is not None) == (v.state == "redeemed")
        assert (v.void_reason != "") == (v.state == "void")
        if v.state in ("issued", "printed"):
            assert v.expires_on >= TODAY
        if v.state == "expired":
            assert v.expires_on < TODAY
    prog = referrals.programme()
    assert prog.enabled and prog.cap_count == 3 and prog.welcome is not None
    for reward in ReferralReward.select().where(ReferralReward.role == "referrer"):
        referee = Contact.get_by_id(reward.referee_id)
        assert referee.referred_by_id == reward.referrer_id  # rewards follow the referrals
    top = insights.top_referrers(limit=3)
    assert top[0].referrals >= 3 and top[0].referee_spend_minor > 0


def test_demo_vouchers_are_the_same_for_the_same_seed(tmp_path: Path) -> None:
    def vouchers_of(path: Path) -> list[tuple]:
        con = sqlite3.connect(path)
        try:
            return con.execute(
                "SELECT code, kind, state, beneficiary_id, issued_at FROM voucher ORDER BY id"
            ).fetchall()
        finally:
            con.close()

    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    demo.generate(a, contacts=300, seed=3, today=TODAY)
    demo.generate(b, contacts=300, seed=3, today=TODAY)
    assert vouchers_of(a) == vouchers_of(b) and len(vouchers_of(a)) > 20
