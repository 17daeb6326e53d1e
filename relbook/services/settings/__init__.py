"""Shop settings: a small typed face over the key → JSON ``setting`` table."""

from __future__ import annotations

import json
from typing import Any

from relbook.store.models import Setting, utcnow

#: Defaults for every known setting; features add theirs here.
DEFAULTS: dict[str, Any] = {
    "shop.name": "My Shop",
    "shop.owner_name": "",
    "shop.locale": "en_US",
    "shop.currency": "USD",
    "shop.phone_region": "US",
    "shop.address": "",
    "care.intervals_days": {"1": 30, "2": 91, "3": 365},  # care tiers: days between touches
    "loyalty.rules": {},  # LoyaltyRules.to_dict(); empty means the built-in defaults
    "access.roles_enabled": False,
    "access.lock_minutes": 0,
    "backup.folder": "",  # data
}


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row.value)


def set_value(key: str, value: Any) -> None:
    payload = json.dumps(value)
    (
        Setting.insert(key=key, value=payload, updated_at=utcnow())
        .on_conflict(
            conflict_target=[Setting.key],
            update={Setting.value: payload, Setting.updated_at: utcnow()},
        )
        .execute()
    )


def phone_region() -> str:
    return str(get("shop.phone_region") or "US")
