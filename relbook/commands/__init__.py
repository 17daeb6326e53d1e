"""Subcommands of the ``relbook`` command line.

Each module named in ``MODULES`` lives in this package and has ``register(subparsers)``,
which adds its subparsers; every subparser sets ``func(args) -> int`` (the exit status).
Feature engineers append their module name here with a one-line edit. Nothing in this
package imports PySide6, so the command line starts fast.
"""

from __future__ import annotations

import argparse
import importlib

MODULES: list[str] = [
    "core",
    "loyalty",
    "vouchers",
    "care",
    "data",
    "notes",
    "post",  # envelopes, address labels and loyalty cards for a batch
    "settings",  # shop and loyalty settings (relbook.services.settings.shop, loyalty_settings)
]


def register_all(subparsers: argparse._SubParsersAction) -> None:
    """Import every subcommand module and let it add its subparsers."""
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
