"""The "Care" section of the Settings page: how often each care tier is reminded, how far
ahead the Today panel warns about expiring rewards, and the counter sheet's paper.

Follows the section contract of ``relbook.ui.settings.sections``: ``has_changes()``,
``save()`` (all or nothing) and ``reload()``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import care, settings
from relbook.services.loyalty import expiring
from relbook.services.staff import access
from relbook.store.db import database
from relbook.ui.care.sheet_print import PAPER_KEY
from relbook.ui.context import AppContext
from relbook.ui.settings.sections import SettingsSection

PAPERS = (
    ("Automatic (Letter in the US and Canada, A4 elsewhere)", ""),
    ("A4", "a4"),
    ("Letter", "letter"),
)
EXPLAIN = (
    "Put a customer on a care tier on their Story (Ctrl+T) or on the Care page; relbook "
    "reminds you when it has been this long since you were last in touch — a visit, a "
    "call, a message, a card or a chat at the counter all count."
)


class CareSettings(QWidget):
    """Edits ``care.intervals_days``, ``care.rewards_warning_days`` and ``care.sheet_paper``."""

    edited = Signal()

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tier_days: dict[int, QSpinBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setVerticalSpacing(10)
        for tier, label in (
            (1, "Tier 1 (monthly): every"),
            (2, "Tier 2 (quarterly): every"),
            (3, "Tier 3 (yearly): every"),
        ):
            box = QSpinBox()
            box.setObjectName(f"tierDays{tier}")
            box.setRange(1, 3650)
            box.setSuffix(" days")
            box.setMinimumWidth(130)
            box.valueChanged.connect(self.edited)
            self.tier_days[tier] = box
            form.addRow(label, box)
        self.warn_days = QSpinBox()
        self.warn_days.setObjectName("rewardsWarningDays")
        self.warn_days.setRange(1, 90)
        self.warn_days.setSuffix(" days ahead")
        self.warn_days.setMinimumWidth(130)
        self.warn_days.valueChanged.connect(self.edited)
        form.addRow("Warn about expiring rewards", self.warn_days)
        self.paper = QComboBox()
        self.paper.setObjectName("sheetPaper")
        for label, value in PAPERS:
            self.paper.addItem(label, value)
        self.paper.currentIndexChanged.connect(self.edited)
        form.addRow("Counter sheet paper", self.paper)
        explain = QLabel(EXPLAIN)
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addStretch(1)
        self._stored: tuple = ()
        self.reload()

    def _shown(self) -> tuple:
        return (
            tuple(self.tier_days[t].value() for t in care.TIERS),
            self.warn_days.value(),
            self.paper.currentData(),
        )

    def reload(self) -> None:
        days = care.intervals()
        for tier, box in self.tier_days.items():
            box.setValue(days[tier])
        self.warn_days.setValue(expiring.window_days())
        stored = settings.get(PAPER_KEY)
        index = self.paper.findData(stored if stored in ("a4", "letter") else "")
        self.paper.setCurrentIndex(max(0, index))
        self._stored = self._shown()

    def has_changes(self) -> bool:
        return self._shown() != self._stored

    def save(self) -> None:
        """Write everything in one transaction (the boxes only allow valid values)."""
        tiers, warn, paper = self._shown()
        with database.atomic():
            care.set_intervals(dict(zip(care.TIERS, tiers, strict=True)))
            settings.set_value(expiring.WINDOW_KEY, warn)
            settings.set_value(PAPER_KEY, paper or None)
        self._stored = self._shown()


SECTION = SettingsSection(
    key="care", title="Care", order=35, factory=lambda context: CareSettings(context)
)


class CareSettingsDialog(QDialog):
    """The same section in a small window, opened from the Care page ("How often…"), so
    the intervals can be changed where the due list is."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Care settings")
        self.context = context
        self.section = CareSettings(context)
        self.message = QLabel()
        self.message.setObjectName("muted")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.section)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def on_save(self) -> None:
        try:
            if self.section.has_changes():
                access.require_owner(self.context.staff_id, "change settings")
                self.section.save()
                self.context.hub.settings_changed.emit()
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
