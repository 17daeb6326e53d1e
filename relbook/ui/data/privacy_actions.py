"""A person's privacy rights, from their contact card: "everything you hold about me"
(JSON for machines, a PDF for people) and erasure that keeps the shop's books whole.

Plain functions taking (parent, context, contact_id) so any page can offer them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from relbook.errors import RelbookError
from relbook.services import contacts, privacy
from relbook.services.staff import access
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.data.worker import run_and_wait


def _file_stem(name: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-") or "contact"
    return f"{slug}-data-{dt.date.today():%Y-%m-%d}"


def export_everything(parent: QWidget | None, context: AppContext, contact_id: int) -> list[Path]:
    """Write <name>-data-<date>.json and .pdf into a folder the owner picks."""
    try:
        access.require_owner(context.staff_id, "export a customer's personal data")
        name = contacts.get_contact(contact_id).display_name
    except RelbookError as exc:
        prompts.error(parent, "Export personal data", str(exc))
        return []
    folder = prompts.choose_folder(parent, f"Where should the data of {name} go?")
    if not folder:
        return []
    stem = Path(folder) / _file_stem(name)
    paths = [stem.with_suffix(".json"), stem.with_suffix(".pdf")]
    try:
        paths[0].write_text(privacy.subject_json(contact_id), encoding="utf-8")
        paths[1].write_bytes(privacy.subject_pdf(contact_id))
    except RelbookError as exc:
        prompts.error(parent, "Export personal data", str(exc))
        return []
    except OSError as exc:
        prompts.error(
            parent, "Export personal data", f"{folder} cannot be written ({exc.strerror})."
        )
        return []
    prompts.tell(
        parent,
        "Export personal data",
        f"Everything relbook holds about {name} is in\n{paths[0].name} (for computers) and\n"
        f"{paths[1].name} (to print or send), in {folder}.",
    )
    return paths


def erase_personal_data(parent: QWidget | None, context: AppContext, contact_id: int) -> bool:
    """Anonymise one person after the owner confirmed what goes and what stays."""
    try:
        access.require_owner(context.staff_id, "erase a customer's personal data")
        name = contacts.get_contact(contact_id).display_name
    except RelbookError as exc:
        prompts.error(parent, "Erase personal data", str(exc))
        return False
    text = (
        f"Erase the personal data of {name}?\n\n"
        "Gone for good: name, phone numbers, email addresses, address, birthday, "
        "personal details, notes, tags, reminders and relationships. Their loyalty card "
        "stops working.\n\n"
        "Kept for the shop's books, without the name: sales, points history and "
        "vouchers, so totals and the ledger still add up. Where other customers' history "
        "or notes name them, they will read “a former customer”.\n\n"
        f"{privacy.backups_note()}\n\nThis cannot be undone."
    )
    if not prompts.confirm(parent, "Erase personal data", text, "Erase"):
        return False
    try:  # on a worker thread: the book file is compacted, which takes a while
        run_and_wait(
            parent,
            QCoreApplication.translate("privacy", "Erasing and compacting the book…"),
            lambda: privacy.erase(contact_id, staff_id=context.staff_id),
        )
    except RelbookError as exc:
        prompts.error(parent, "Erase personal data", str(exc))
        return False
    context.hub.contact_changed.emit(contact_id)
    context.hub.activity_changed.emit(contact_id)
    prompts.tell(parent, "Erase personal data", f"The personal data of {name} were erased.")
    return True


def privacy_button(
    parent: QWidget, context: AppContext, current_id: Callable[[], int | None]
) -> QPushButton:
    """A "Privacy…" button with the two actions, for a page showing one contact."""
    button = QPushButton("Privacy…")
    button.setObjectName("privacyButton")
    button.setToolTip("Export everything we hold about this person, or erase it")
    menu = QMenu(button)

    def run(action: Callable[[QWidget | None, AppContext, int], object]) -> None:
        contact_id = current_id()
        if contact_id is not None:
            action(parent, context, contact_id)

    menu.addAction("Export everything we hold (JSON + PDF)…").triggered.connect(
        lambda: run(export_everything)
    )
    menu.addAction("Erase personal data…").triggered.connect(lambda: run(erase_personal_data))
    button.setMenu(menu)
    return button
