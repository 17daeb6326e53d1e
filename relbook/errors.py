"""Errors a shop owner may see: each carries a message in plain words.

Lower layers raise these; the GUI and the command line show ``str(error)`` and never
a traceback.
"""

from __future__ import annotations


class RelbookError(Exception):
    """Base class for every error that is meant to be shown to a person."""


class ValidationError(RelbookError):
    """Input that cannot be stored. ``field`` names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(RelbookError):
    """Something asked for by id or code does not exist."""


class StoreError(RelbookError):
    """The database cannot be opened, read or upgraded."""


class PermissionDenied(RelbookError):
    """Staff roles are on and the person at the till may not do this (only an owner may)."""
