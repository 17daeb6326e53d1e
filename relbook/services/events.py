"""In-process hooks between capabilities, so one feature can react to another's writes
without the two importing each other (e.g. a referral reward on a qualifying sale).

Listeners run synchronously *inside* the caller's transaction: if a listener raises,
the whole write is rolled back. Keep listeners quick and free of user interaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Listener = Callable[..., Any]
_listeners: dict[str, list[Listener]] = defaultdict(list)
#: a listener's faster way to take many events at once (see ``emit_many``)
_batch: dict[Listener, Callable[[list[Any]], Any]] = {}

#: Known events and the keyword arguments their listeners receive.
SALE_RECORDED = "sale_recorded"  # sale_id, contact_id, amount_minor, staff_id, when
SALE_REFUNDED = "sale_refunded"  # sale_id, refund_id, contact_id, staff_id
CONTACT_CREATED = "contact_created"  # contact_id
REFERRER_CHANGED = "referrer_changed"  # contact_id, referrer_id (None: cleared); on update
CONTACTS_MERGED = "contacts_merged"  # kept_id, merged_id


def subscribe(event: str, listener: Listener) -> None:
    if listener not in _listeners[event]:
        _listeners[event].append(listener)


def subscribe_batch(listener: Listener, batch: Callable[[list[Any]], Any]) -> None:
    """Let ``batch(values)`` stand in for calling ``listener`` once per value in
    ``emit_many`` (an import of 100,000 contacts must not run 100,000 small queries)."""
    _batch[listener] = batch


def unsubscribe(event: str, listener: Listener) -> None:
    if listener in _listeners[event]:
        _listeners[event].remove(listener)


def emit(event: str, **payload: Any) -> list[Any]:
    """Call every listener of ``event``; return what they returned (for messages)."""
    return [listener(**payload) for listener in list(_listeners[event])]


def emit_many(event: str, key: str, values: list[Any]) -> list[Any]:
    """``emit(event, **{key: value})`` for every value, listener by listener; one with a batch
    form (``subscribe_batch``) is called once with all values instead."""
    out: list[Any] = []
    for listener in list(_listeners[event]):
        batch = _batch.get(listener)
        if batch is not None:
            out.append(batch(list(values)))
        else:
            out.extend(listener(**{key: value}) for value in values)
    return out
