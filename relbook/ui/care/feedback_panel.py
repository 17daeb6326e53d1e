"""Feedback entry: who (optional), a 0-10 "would you recommend us?" score and a comment;
beside it the Net Promoter Score overall (promoters, passives, detractors) and a chart of
the last twelve months, and the latest comments."""

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
from relbook.services.care import feedback
from relbook.services.display import shop_display
from relbook.ui.care.nps_chart import NpsChart
from relbook.ui.widgets.contact_picker import ContactPicker

MONTHS = 12


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
        self.nps_label.setWordWrap(True)
        self.breakdown = QLabel()
        self.breakdown.setObjectName("muted")
        self.breakdown.setWordWrap(True)
        self.chart = NpsChart()
        self.recent = QListWidget()
        self.recent.setObjectName("recentFeedback")
        self.recent.setAlternatingRowColors(True)
        self.recent.setWordWrap(True)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.setStyleSheet("QListWidget::item { padding: 4px 6px; }")

        self.score_hint = QLabel("0 = not at all likely · 10 = extremely likely")
        self.score_hint.setObjectName("muted")
        self.score_hint.setWordWrap(True)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.score_hint, 1)
        form = QFormLayout()
        form.addRow("Customer", self.picker)
        form.addRow("Would recommend us", score_row)
        form.addRow("Comment", self.comment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        recent_title = QLabel("Latest feedback")
        recent_title.setObjectName("sectionTitle")
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(recent_title)
        left.addWidget(self.recent, 1)
        right = QVBoxLayout()
        right.addWidget(self.nps_label)
        right.addWidget(self.breakdown)
        right.addWidget(self.chart, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        layout.addLayout(left, 5)
        layout.addLayout(right, 6)
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
        answers = f"{overall.responses} answer{'s' if overall.responses != 1 else ''}"
        self.nps_label.setText(f"Net Promoter Score {score}")
        self.nps_label.setToolTip(answers)
        self.breakdown.setText(
            "Nobody has answered yet: ask “How likely are you to recommend us to a friend?”"
            if not overall.responses
            else f"{answers}: {overall.promoters} promoters (9–10), {overall.passives} passives "
            f"(7–8), {overall.detractors} detractors (0–6). The score is promoters minus "
            "detractors, as a share of everyone who answered. Per month, last 12 months:"
        )
        self.chart.show_months(feedback.nps_by_month(months=MONTHS))
        self.recent.clear()
        show = shop_display()
        for row in feedback.recent(limit=30):
            who = row.contact_name or "(no name given)"
            text = f"{show.date_short(row.given_at)}  ·  {row.score}/10  ·  {who}"
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
