"""Tags and saved segments.

Tags: pick one and press 1-8 (or click a swatch) to give it a colour. Segments: fill in
the filter, Ctrl+Enter shows who matches (Enter on a name opens their card), type a name
and Save keeps it for the contact list ("Everyone / <segment>" above it), the Notes page
("Write to a segment") and exports (``relbook.services.contacts.segments.evaluate``). Delete
removes the selected saved segment.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services.contacts import segments, tags
from relbook.services.dates import parse_date
from relbook.services.display import shop_display
from relbook.services.money import shop_money
from relbook.store.models import Contact

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PALETTE_KEYS = [getattr(Qt.Key, f"Key_{i}") for i in range(1, len(tags.PALETTE) + 1)]
MATCHES_SHOWN = 200


def _swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class _KeyList(QListWidget):
    key_pressed = Signal(int)  # unhandled keys the panel cares about

    def __init__(self, keys: list[int]) -> None:
        super().__init__()
        self._keys = set(keys)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.currentItem() is not None and event.key() in self._keys:
            self.key_pressed.emit(event.key())
            return
        super().keyPressEvent(event)


class SegmentsPanel(QWidget):
    #: a person in the "who matches" list was chosen (Enter or double-click)
    contact_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = shop_money()
        self.display = shop_display()
        # tags
        self.tag_list = _KeyList(PALETTE_KEYS)
        self.tag_list.setObjectName("tagList")
        swatches = QHBoxLayout()
        self.swatch_buttons: list[QPushButton] = []
        for i, colour in enumerate(tags.PALETTE, 1):
            button = QPushButton(str(i))
            button.setFixedWidth(34)
            button.setStyleSheet(f"background: {colour}; color: white; border: none;")
            button.setToolTip(f"Colour {i} ({colour})")
            button.clicked.connect(lambda _=False, c=colour: self.on_colour(c))
            swatches.addWidget(button)
            self.swatch_buttons.append(button)
        swatches.addStretch(1)
        # filter form
        self.f_tags = QLineEdit()
        self.f_tags.setPlaceholderText("e.g. regular, tulips")
        self.f_tags_mode = QComboBox()
        self.f_tags_mode.addItem("any of these tags", "any")
        self.f_tags_mode.addItem("all of these tags", "all")
        self.f_tiers = [QCheckBox(f"Tier {t}") for t in (1, 2, 3)]
        self.f_after = QLineEdit()
        example = self.display.date_numeric(dt.date(dt.date.today().year, 6, 1))
        self.f_after.setPlaceholderText(f"e.g. {example}")
        self.f_before = QLineEdit()
        self.f_before.setPlaceholderText(f"e.g. {example} (never visited counts too)")
        self.f_spend_min = QLineEdit()
        self.f_spend_min.setPlaceholderText("at least")
        self.f_spend_min.setToolTip(f"An amount such as {self.money.plain(5000)}")
        self.f_spend_max = QLineEdit()
        self.f_spend_max.setPlaceholderText("at most")
        self.f_spend_days = QSpinBox()
        self.f_spend_days.setRange(0, 3650)
        self.f_spend_days.setSpecialValueText("all time")
        self.f_spend_days.setSuffix(" days")
        self.f_month = QComboBox()
        self.f_month.addItem("any month", 0)
        for m in range(1, 13):
            self.f_month.addItem(self.display.month_name(m), m)
        self.f_referred = QComboBox()
        for label, value in (
            ("does not matter", None),
            ("has referred someone", True),
            ("has not referred anyone", False),
        ):
            self.f_referred.addItem(label, value)
        self.f_consent = QComboBox()
        for label, value in (
            ("does not matter", None),
            ("any channel", "any"),
            ("post", "mail"),
            ("email", "email"),
            ("phone", "phone"),
        ):
            self.f_consent.addItem(label, value)
        self.count_button = QPushButton("Count  (Ctrl+Enter)")
        self.result = QLabel("Fill in what you need; empty means everyone.")
        self.result.setObjectName("muted")
        self.result.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("segmentName")
        self.name.setPlaceholderText("Name, e.g. Tulip lovers")
        self.save_button = QPushButton("Save segment")
        self.save_button.setObjectName("primaryButton")
        self.saved = _KeyList([Qt.Key.Key_Delete])
        self.saved.setObjectName("segmentList")
        self.matches = QListWidget()
        self.matches.setObjectName("segmentMatches")
        self.matches.setToolTip("Enter or double-click opens the card")

        tiers = QHBoxLayout()
        for box in self.f_tiers:
            tiers.addWidget(box)
        tiers.addStretch(1)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.f_tags, 1)
        tag_row.addWidget(self.f_tags_mode)
        spend = QHBoxLayout()
        spend.addWidget(self.f_spend_min)
        spend.addWidget(self.f_spend_max)
        spend.addWidget(QLabel("over"))
        spend.addWidget(self.f_spend_days)
        form = QFormLayout()
        form.addRow("Tags", tag_row)
        form.addRow("Care tier", tiers)
        form.addRow("Last visit after", self.f_after)
        form.addRow("Last visit before", self.f_before)
        form.addRow("Spend", spend)
        form.addRow("Birthday in", self.f_month)
        form.addRow("Referrals", self.f_referred)
        form.addRow("Consent to contact", self.f_consent)
        save_row = QHBoxLayout()
        save_row.addWidget(self.count_button)
        save_row.addWidget(self.name, 1)
        save_row.addWidget(self.save_button)

        left = QVBoxLayout()
        title = QLabel("Tags")
        title.setObjectName("sectionTitle")
        left.addWidget(title)
        left.addWidget(self.tag_list, 1)
        hint = QLabel("Choose a tag, press 1–8 for its colour.")
        hint.setObjectName("muted")
        left.addWidget(hint)
        left.addLayout(swatches)
        right = QVBoxLayout()
        title2 = QLabel("Segments")
        title2.setObjectName("sectionTitle")
        right.addWidget(title2)
        right.addLayout(form)
        right.addLayout(save_row)
        right.addWidget(self.result)
        lists = QHBoxLayout()
        for title_text, widget in (
            ("Saved segments (choose one to load it, Delete removes it)", self.saved),
            ("Who matches (Enter opens the card)", self.matches),
        ):
            column = QVBoxLayout()
            caption = QLabel(title_text)
            caption.setObjectName("muted")
            caption.setWordWrap(True)
            column.addWidget(caption)
            column.addWidget(widget, 1)
            lists.addLayout(column, 1)
        right.addLayout(lists, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 2)
        layout.addSpacing(12)
        layout.addLayout(right, 5)
        for lst in (self.tag_list, self.saved, self.matches):
            lst.setStyleSheet(
                "QListWidget::item { padding: 3px 4px; }"
                "QListWidget::item:selected { background: #dcebe5; color: #1f2a30; }"
            )
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.tag_list.key_pressed.connect(self.on_tag_key)
        self.count_button.clicked.connect(self.on_count)
        self.save_button.clicked.connect(self.on_save)
        self.name.returnPressed.connect(self.on_save)
        self.saved.itemActivated.connect(self.on_load_segment)
        self.saved.currentItemChanged.connect(lambda item, _old: self.on_load_segment(item))
        self.saved.key_pressed.connect(self.on_delete_segment)
        self.matches.itemActivated.connect(self.on_match_chosen)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.on_count)

    def refresh(self) -> None:
        current = self.tag_list.currentRow()
        self.tag_list.clear()
        for t in tags.list_tags():
            people = "person" if t.contacts == 1 else "people"
            item = QListWidgetItem(_swatch(t.colour), f"{t.name}  ·  {t.contacts} {people}")
            item.setData(ID_ROLE, t.id)
            self.tag_list.addItem(item)
        if self.tag_list.count():
            self.tag_list.setCurrentRow(min(max(current, 0), self.tag_list.count() - 1))
        self.saved.blockSignals(True)
        self.saved.clear()
        for seg in segments.list_segments():
            item = QListWidgetItem(seg.name)
            item.setData(ID_ROLE, seg.id)
            self.saved.addItem(item)
        self.saved.blockSignals(False)

    # -- the filter form -------------------------------------------------------------------

    def current_filter(self) -> segments.SegmentFilter:
        """What the form says, checked; ValidationError names the wrong field."""

        def day(edit: QLineEdit, field: str) -> dt.date | None:
            return parse_date(edit.text(), field, locale=self.display.locale)

        def amount(edit: QLineEdit, field: str, label: str) -> int | None:
            text = edit.text().strip()
            return self.money.parse(text, field=label) if text else None

        flt = segments.SegmentFilter(
            tags=[t.strip() for t in self.f_tags.text().split(",") if t.strip()],
            tags_mode=self.f_tags_mode.currentData(),
            tiers=[t for t, box in zip((1, 2, 3), self.f_tiers, strict=True) if box.isChecked()],
            last_visit_after=day(self.f_after, "last_visit_after"),
            last_visit_before=day(self.f_before, "last_visit_before"),
            spend_min=amount(self.f_spend_min, "spend_min", "Spend at least"),
            spend_max=amount(self.f_spend_max, "spend_max", "Spend at most"),
            spend_days=self.f_spend_days.value() or None,
            birthday_month=self.f_month.currentData() or None,
            has_referred=self.f_referred.currentData(),
            consent=self.f_consent.currentData(),
        )
        flt.validate()
        return flt

    def load_filter(self, flt: segments.SegmentFilter) -> None:
        self.f_tags.setText(", ".join(flt.tags))
        self.f_tags_mode.setCurrentIndex(self.f_tags_mode.findData(flt.tags_mode))
        for t, box in zip((1, 2, 3), self.f_tiers, strict=True):
            box.setChecked(t in flt.tiers)
        for edit, day in (
            (self.f_after, flt.last_visit_after),
            (self.f_before, flt.last_visit_before),
        ):
            edit.setText(self.display.date_numeric(day) if day else "")
        self.f_spend_min.setText("" if flt.spend_min is None else self.money.plain(flt.spend_min))
        self.f_spend_max.setText("" if flt.spend_max is None else self.money.plain(flt.spend_max))
        self.f_spend_days.setValue(flt.spend_days or 0)
        self.f_month.setCurrentIndex(self.f_month.findData(flt.birthday_month or 0))
        self.f_referred.setCurrentIndex(max(0, self.f_referred.findData(flt.has_referred)))
        self.f_consent.setCurrentIndex(max(0, self.f_consent.findData(flt.consent)))

    # -- slots -----------------------------------------------------------------------------

    def on_tag_key(self, key: int) -> None:
        self.on_colour(tags.PALETTE[PALETTE_KEYS.index(key)])

    def on_colour(self, colour: str) -> None:
        item = self.tag_list.currentItem()
        if item is None:
            return
        tags.set_colour(int(item.data(ID_ROLE)), colour)
        self.refresh()
        self.tag_list.setFocus()

    def on_count(self) -> None:
        try:
            ids = segments.evaluate(self.current_filter())
        except RelbookError as exc:
            self.result.setText(str(exc))
            return
        names = [
            n
            for (n,) in Contact.select(Contact.display_name)
            .where(Contact.id.in_(ids[:5]))
            .order_by(Contact.sort_name)
            .tuples()
        ]
        more = f" and {len(ids) - len(names)} more" if len(ids) > len(names) else ""
        people = "person matches" if len(ids) == 1 else "people match"
        self.result.setText(
            f"{len(ids)} {people}" + (f": {', '.join(names)}{more}." if names else ".")
        )
        self.matches.clear()
        shown = ids[:MATCHES_SHOWN]
        query = (
            Contact.select(Contact.id, Contact.display_name)
            .where(Contact.id.in_(shown))
            .order_by(Contact.sort_name)
        )
        for cid, name in query.tuples():
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, cid)
            self.matches.addItem(item)
        if len(ids) > len(shown):
            self.matches.addItem(f"… and {len(ids) - len(shown)} more (Contacts page, F3)")

    def on_match_chosen(self, item: QListWidgetItem) -> None:
        cid = int(item.data(ID_ROLE) or 0)
        if cid:
            self.contact_chosen.emit(cid)

    def on_save(self) -> None:
        try:
            flt = self.current_filter()
            segments.save_segment(self.name.text(), flt)
        except RelbookError as exc:
            self.result.setText(str(exc))
            return
        self.result.setText(f"Saved “{' '.join(self.name.text().split())}”.")
        self.refresh()

    def on_load_segment(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        try:
            seg = segments.get_segment(int(item.data(ID_ROLE)))
        except RelbookError as exc:
            self.result.setText(str(exc))
            return
        self.name.setText(seg.name)
        self.load_filter(seg.filter)
        self.on_count()

    def on_delete_segment(self, _key: int) -> None:
        item = self.saved.currentItem()
        if item is None:
            return
        segments.delete_segment(int(item.data(ID_ROLE)))
        self.result.setText(f"Deleted “{item.text()}”.")
        self.refresh()
