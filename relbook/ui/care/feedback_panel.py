"""Feedback entry: who (optional), a 0-10 "would you recommend us?" score and a comment;
with the Net Promoter Score overall and for the last six months."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relbook.errors import RelbookError
from relbook.services import feedback
from relbook.ui.widgets.contact_picker import ContactPicker


class FeedbackPanel(QWidget):
    #: feedback was saved (the contact id, 0 for an unknown customer)
    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff_id: int | None = None
        self.picker = ContactPicker(placeholder="Customer (optional) — type a name…")
        self.score = QSpinBox()
        self.score.setObjectName("feedbackScore")
        self.score.setRange(0, 10)
        self.score.setValue(10)
        self.score.setMaximumWidth(90)
        self.score.setToolTip("0 = not at all likely, 10 = extremely likely")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("feedbackComment")
        self.comment.setPlaceholderText("What did they say? (optional)")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(70)
        self.save_button = QPushButton("Save feedback  (Ctrl+Enter)")
        self.save_button.setObjectName("primaryButton")
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.nps_label = QLabel()
        self.nps_label.setObjectName("cardTitle")
        self.months = QLabel()
        self.months.setObjectName("muted")
        self.months.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setObjectName("recentFeedback")
        self.recent.setAlternatingRowColors(True)
        self.recent.setStyleSheet("QListWidget::item { padding: 4px 6px; }")

        form = QFormLayout()
        form.addRow("Customer", self.picker)
        form.addRow("Would recommend us (0–10)", self.score)
        form.addRow("Comment", self.comment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addSpacing(10)
        layout.addWidget(self.nps_label)
        layout.addWidget(self.months)
        layout.addWidget(self.recent, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.on_save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.on_save)

    def refresh(self) -> None:
        overall = feedback.nps()
        score = "—" if overall.score is None else f"{overall.score:+d}"
        self.nps_label.setText(f"Net Promoter Score {score}  ·  {overall.responses} answers")
        months = feedback.nps_by_month(months=6)
        parts = []
        for m in months:
            value = "—" if m.nps.score is None else f"{m.nps.score:+d}"
            parts.append(f"{m.month[5:]}/{m.month[2:4]} {value}")
        self.months.setText("Last six months:  " + "   ".join(parts))
        self.recent.clear()
        for row in feedback.recent(limit=30):
            who = row.contact_name or "(no name given)"
            text = f"{row.given_at:%d %b}  ·  {row.score}/10  ·  {who}"
            self.recent.addItem(text + (f" — {row.comment}" if row.comment else ""))

    def on_save(self) -> None:
        if self.picker.text().strip() and self.picker.contact_id() is None:
            self.message.setText("Customer: pick someone from the list, or leave it empty.")
            self.picker.setFocus()
            return
        try:
            contact_id = self.picker.contact_id()
            feedback.record(
                self.score.value(),
                self.comment.toPlainText(),
                contact_id=contact_id,
                staff_id=self.staff_id,
            )
        except RelbookError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("Thank you — feedback saved.")
        self.picker.set_contact(None)
        self.comment.clear()
        self.score.setValue(10)
        self.refresh()
        self.saved.emit(contact_id or 0)
        self.picker.setFocus()
