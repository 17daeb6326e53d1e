"""Likely duplicates across the book, side by side, merged with one click and undone
with another. A merge keeps every detail, sale, point and voucher of both cards."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import contacts
from relbook.services.contacts import merge
from relbook.services.display import shop_display
from relbook.services.staff import access
from relbook.ui.context import AppContext
from relbook.ui.data import prompts
from relbook.ui.widgets.table import Column, TableModel, TableView

COLUMNS: tuple[Column[merge.DuplicatePair], ...] = (
    Column("Contact", lambda p: p.first_name),
    Column("Probably the same as", lambda p: p.second_name),
    Column("Why", lambda p: p.reason[:1].upper() + p.reason[1:]),
)


def card_html(contact_id: int) -> str:
    """A short summary of one contact for the side-by-side view."""
    try:
        record = contacts.get_contact(contact_id)
    except RelbookError:
        return "<i>This contact no longer exists.</i>"
    data = record.data
    lines = [f"<b>{escape(record.display_name)}</b> <span style='color:#777'>#{record.id}</span>"]
    lines += [escape(p.shown or p.raw) for p in record.phones]
    lines += [escape(e.address) for e in data.emails]
    if data.birthday:
        lines.append(f"Birthday: {escape(shop_display().partial(data.birthday))}")
    address = ", ".join(x for x in (data.street, data.postcode, data.city) if x)
    if address:
        lines.append(escape(address))
    if record.card_code:
        lines.append(f"Card: {escape(record.card_code)}")
    since = shop_display().date_short(record.created_at, year=True)
    lines.append(f"<span style='color:#777'>Since {since}</span>")
    return "<br>".join(lines)


class DuplicatesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Find duplicates")
        self.pairs: list[merge.DuplicatePair] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        layout.addWidget(self.intro)
        self.model: TableModel[merge.DuplicatePair] = TableModel(COLUMNS, parent=self)
        self.table = TableView(self.model, "duplicateTable", sizing="even")
        layout.addWidget(self.table, 1)

        sides = QHBoxLayout()
        self.keep_group = QButtonGroup(self)
        self.cards: list[QLabel] = []
        self.keep_buttons: list[QRadioButton] = []
        for i in range(2):
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            column = QVBoxLayout(frame)
            keep = QRadioButton("Keep this one")
            self.keep_group.addButton(keep, i)
            card = QLabel()
            card.setTextFormat(Qt.TextFormat.RichText)
            card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            card.setWordWrap(True)
            card.setMinimumHeight(120)
            column.addWidget(keep)
            column.addWidget(card, 1)
            sides.addWidget(frame, 1)
            self.cards.append(card)
            self.keep_buttons.append(keep)
        self.keep_buttons[0].setChecked(True)
        layout.addLayout(sides)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.merge_button = QPushButton("Merge the two")
        self.merge_button.setObjectName("primaryButton")
        self.undo_button = QPushButton("Undo last merge")
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._connect_signals()
        self.refresh()
        self.resize(760, 560)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self.on_pair_selected)
        self.merge_button.clicked.connect(self.on_merge)
        self.undo_button.clicked.connect(self.on_undo)
        self.close_button.clicked.connect(self.reject)

    def refresh(self) -> None:
        self.pairs = merge.find_duplicate_pairs()
        self.model.set_rows(self.pairs)
        n = len(self.pairs)
        self.intro.setText(
            "No likely duplicates in the book."
            if not n
            else f"{n:,} pair{'s' if n != 1 else ''} that may be the same person. "
            "Pick one, check the two cards, choose which to keep, then Merge."
        )
        if self.pairs:
            self.table.selectRow(0)
        self.on_pair_selected()
        self._update_undo()

    def selected_pair(self) -> merge.DuplicatePair | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def on_pair_selected(self, *_: object) -> None:
        pair = self.selected_pair()
        ids = (pair.first_id, pair.second_id) if pair else (None, None)
        names = (pair.first_name, pair.second_name) if pair else ("this one", "this one")
        for card, keep, cid, name in zip(self.cards, self.keep_buttons, ids, names, strict=True):
            card.setText(card_html(cid) if cid is not None else "")
            keep.setText(f"Keep {name} (#{cid})" if cid is not None else "Keep this one")
            keep.setEnabled(cid is not None)
        self.merge_button.setEnabled(pair is not None)

    def last_merge(self) -> merge.MergeRecord | None:
        return next((r for r in merge.recent_merges(10) if r.undone_at is None), None)

    def _update_undo(self) -> None:
        record = self.last_merge()
        self.undo_button.setEnabled(record is not None)
        self.undo_button.setToolTip(
            f"Split {record.merged_name} off again" if record is not None else ""
        )

    def on_merge(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        kept, gone = (pair.first_id, pair.second_id)
        kept_name, gone_name = pair.first_name, pair.second_name
        if self.keep_group.checkedId() == 1:
            kept, gone, kept_name, gone_name = gone, kept, gone_name, kept_name
        try:
            merge.merge(kept, gone, staff_id=self.context.staff_id)
        except RelbookError as exc:
            prompts.error(self, "Merge", str(exc))
            return
        self._announce(kept, gone)
        self.refresh()
        self.status.setText(
            f"Merged {gone_name} into {kept_name}. Undo last merge splits them again."
        )

    def on_undo(self) -> None:
        record = self.last_merge()
        if record is None:
            return
        try:
            access.require_owner(self.context.staff_id, "undo a merge")
            merge.undo(record.id, staff_id=self.context.staff_id)
        except RelbookError as exc:
            prompts.error(self, "Undo merge", str(exc))
            return
        self._announce(record.kept_id, record.merged_id)
        self.refresh()
        self.status.setText(f"Undone: {record.merged_name} is a contact of its own again.")

    def _announce(self, *contact_ids: int) -> None:
        for contact_id in contact_ids:
            self.context.hub.contact_changed.emit(contact_id)
            self.context.hub.activity_changed.emit(contact_id)
