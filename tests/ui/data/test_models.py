"""The Data dialogs' table models pass pytest-qt's model tester."""

from __future__ import annotations

from relbook.services import loyalty
from relbook.services.contacts.inputs import ContactInput
from relbook.services.import_export.parsed import ParsedRow
from relbook.services.import_export.preview import build_preview
from relbook.services.staff import audit
from relbook.ui.data.audit_dialog import AuditModel
from relbook.ui.data.preview_model import PreviewModel


def test_preview_model(qtmodeltester, make_contact) -> None:
    make_contact("Clara", "Meier", email="clara@example.org")
    rows = [
        ParsedRow("a.csv", "line 2", data=ContactInput(given_name="Tom")),
        ParsedRow("a.csv", "line 3", error="Birthday: not a date."),
    ]
    model = PreviewModel()
    model.set_preview(build_preview(rows))
    assert model.rowCount() == 2
    assert model.index(1, 3).data() == "Birthday: not a date."
    qtmodeltester.check(model)


def test_audit_model(qtmodeltester, make_contact) -> None:
    loyalty.adjust(make_contact("Clara", "Meier"), 5, "Sorry for the wait")
    model = AuditModel()
    model.set_rows(audit.entries())
    assert model.index(0, 2).data() == "Points adjusted"
    qtmodeltester.check(model)
