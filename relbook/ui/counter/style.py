"""Sizes and colours of the Counter page: calm, big and clear for a busy counter."""

from __future__ import annotations

STYLE = """
#counterPage { background: #f6f4ef; }
#counterPage QLineEdit { padding: 6px 10px; border: 1px solid #c9c3b6; border-radius: 6px;
    background: white; }
#counterPage QLineEdit:focus { border: 2px solid #2f6f5e; }
#counterInput { font-size: 22px; min-height: 44px; }
#staffPicker { font-size: 15px; min-height: 34px; padding: 2px 8px; }
#resultList { font-size: 17px; border: 1px solid #ddd6c8; border-radius: 6px; background: white; }
#resultList::item { padding: 8px 6px; }
#resultList::item:selected { background: #dcebe5; color: #1f2a26; }
#customerCard { background: white; border: 1px solid #ddd6c8; border-radius: 10px; }
#customerName { font-size: 32px; font-weight: 600; color: #1f2a26; }
#customerBalance { font-size: 44px; font-weight: 700; color: #2f6f5e; }
#balanceUnit { font-size: 18px; color: #5b6b65; }
#tierBadge { font-size: 15px; font-weight: 600; padding: 3px 12px; border-radius: 12px;
    background: #efe6cf; color: #6b5313; }
#customerMeta { font-size: 15px; color: #5b6b65; }
#cueLine { font-size: 18px; color: #3d3424; background: #fbf3dc; border-radius: 6px;
    padding: 6px 10px; }
#amountLabel { font-size: 18px; color: #1f2a26; }
#amountInput { font-size: 34px; min-height: 60px; font-weight: 600; }
#saleNote { font-size: 18px; min-height: 60px; }
#earnHint { font-size: 18px; color: #2f6f5e; }
#counterMessage { font-size: 17px; padding: 6px 10px; border-radius: 6px; }
#counterMessage[tone="error"] { background: #fbe3df; color: #8a2615; }
#counterMessage[tone="ok"] { background: #dff0e6; color: #1d5a38; }
#counterMessage[tone="info"] { background: #eceae4; color: #3f3f3f; }
#placeholder { font-size: 22px; color: #8a8578; }
#quickAdd { background: white; border: 1px dashed #b9b2a2; border-radius: 8px; }
#quickAdd QLabel { font-size: 15px; }
#quickAdd QLineEdit { font-size: 18px; min-height: 34px; }
#sectionTitle { font-size: 14px; font-weight: 600; color: #6d6759; }
#rewardButton { font-size: 15px; padding: 8px 14px; border-radius: 6px;
    border: 1px solid #2f6f5e; background: #e7f2ed; color: #1d4a3d; }
#rewardButton:disabled { border: 1px solid #e0dbd0; background: #f7f5f0; color: #a39d90; }
#rewardButton:focus { border: 2px solid #1d4a3d; }
#counterPage QPushButton { font-size: 15px; padding: 7px 11px; }
#counterPage QLabel#plainLabel { font-size: 15px; }
#redeemPoints { font-size: 17px; min-height: 30px; }
"""

#: the inline message's look, for dialogs that may open outside the Counter page
MESSAGE_STYLE = """
#counterMessage { font-size: 15px; padding: 6px 10px; border-radius: 6px; }
#counterMessage[tone="error"] { background: #fbe3df; color: #8a2615; }
#counterMessage[tone="ok"] { background: #dff0e6; color: #1d5a38; }
#counterMessage[tone="info"] { background: #eceae4; color: #3f3f3f; }
#customerMeta { color: #5b6b65; }
"""


def set_tone(label, tone: str) -> None:
    """Switch a message label's colour through its dynamic ``tone`` property."""
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)


def show_message(label, text: str, tone: str) -> None:
    """An inline message: shown in its tone while there is text, hidden when there is none."""
    label.setText(text)
    label.setVisible(bool(text))
    set_tone(label, tone)
