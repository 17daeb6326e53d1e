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


class FaultError(StoreError):
    """The computer, its disk or the database server stopped a change part way.

    Nothing was recorded (the change was rolled back); the message names the cause and
    what to do. ``relbook.store.faults`` turns low-level database errors into these."""


class TillBusyError(FaultError):
    """Another till held the book for longer than relbook waits (a quiet retry first)."""


class DiskFullError(FaultError):
    """The disk holding the book (or a backup) has no room left."""


class ReadOnlyBookError(FaultError):
    """The book file or its folder may not be written (read-only, permissions)."""


class ServerGoneError(FaultError):
    """The PostgreSQL server could not be reached, even after reconnecting."""


class BookDamagedError(FaultError):
    """The book file is damaged: SQLite found pages it cannot read."""
