"""Feature modules that subscribe to events when imported.

Call ``load_all()`` once a database is open (GUI start-up, command line), so that
listeners such as "give every new contact a card code" are in place before any write.
Each feature adds its own import line here.
"""

from __future__ import annotations

import importlib

MODULES = [
    "relbook.services.loyalty",  # card codes for new contacts; balances after merges
    "relbook.services.counter.sales",
    "relbook.services.referrals",  # referral rewards inside the qualifying sale
    "relbook.services.care",  # one care plan per contact after a merge
]


def load_all() -> None:
    for name in MODULES:
        importlib.import_module(name)
