"""One calm look for the whole app: Fusion, a light palette, a little style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6f5e"  # a quiet green, like a shop's painted sign
TEXT = "#1f2a30"
MUTED = "#66737a"
LINE = "#d9dedb"
WINDOW = "#f6f5f2"
BASE = "#ffffff"
ALT = "#f8faf9"

STYLE = f"""
QWidget {{ color: {TEXT}; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{ padding: 8px 18px; margin-right: 2px; color: {MUTED};
    border: none; border-bottom: 2px solid transparent; background: transparent; }}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; font-weight: 600; }}
QTabBar::tab:hover {{ color: {TEXT}; }}
QLineEdit, QPlainTextEdit {{ border: 1px solid {LINE};
    border-radius: 4px; padding: 4px 6px; background: {BASE};
    selection-background-color: {ACCENT}; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 1px solid {ACCENT}; }}
QComboBox QLineEdit, QDateEdit QLineEdit {{ border: none; padding: 0 0 0 3px;
    background: transparent; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 1px solid #b3261e;
    background: #fffafa; }}
QLineEdit#searchBox {{ padding: 7px 10px; font-size: 11pt; }}
QTableView {{ outline: 0; border: 1px solid {LINE}; border-radius: 4px; background: {BASE};
    alternate-background-color: {ALT}; selection-background-color: #dcebe5;
    selection-color: {TEXT}; }}
QTableView::item {{ padding-left: 6px; }}
QHeaderView::section {{ background: {WINDOW}; color: {MUTED}; border: none;
    border-bottom: 1px solid {LINE}; padding: 6px 6px 6px 9px; font-weight: 600; }}
QLabel#cardTitle {{ font-size: 16pt; font-weight: 600; }}
QLabel#muted, QLabel#statusCounts {{ color: {MUTED}; }}
QLabel#sectionTitle {{ color: {ACCENT}; font-weight: 600; padding-top: 12px;
    border-bottom: 1px solid {LINE}; padding-bottom: 2px; }}
QLabel#fieldLabel {{ color: {MUTED}; }}
QLabel#fieldWarning {{ color: #8a5a00; }}
QLabel#dateHint[state="ok"] {{ color: {MUTED}; }}
QLabel#dateHint[state="error"] {{ color: #b3261e; }}
QLabel#errorBanner {{ background: #fbe9e7; color: #8c1d18; border: 1px solid #f2c4bf;
    border-radius: 4px; padding: 8px 10px; }}
QLabel#warningBanner {{ background: #fff6e0; color: #6b4a00; border: 1px solid #f0dca8;
    border-radius: 4px; padding: 8px 10px; }}
QFrame#duplicateBanner {{ background: #fff6e0; border: 1px solid #f0dca8; border-radius: 4px; }}
QFrame#duplicateBanner QLabel {{ color: #6b4a00; background: transparent; }}
QFrame#noticeBar {{ background: #e8f1ee; border-radius: 4px; }}
QFrame#noticeBar QLabel {{ background: transparent; }}
QPushButton {{ padding: 6px 14px; border: 1px solid {LINE}; border-radius: 4px;
    background: {BASE}; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:disabled {{ color: #a7b0b4; }}
QPushButton#primaryButton {{ background: {ACCENT}; color: white; border-color: {ACCENT};
    font-weight: 600; }}
QPushButton#addRow, QPushButton#linkButton {{ border: none; color: {ACCENT};
    background: transparent; padding: 4px 2px; font-weight: 600; }}
QToolButton#removeRow {{ color: {MUTED}; border: none; padding: 2px 6px; }}
QToolButton#removeRow:hover {{ color: #b3261e; }}
QStatusBar {{ background: {WINDOW}; border-top: 1px solid {LINE}; }}
QStatusBar QLabel {{ padding: 0 10px; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #c9d0cc; border-radius: 4px; min-height: 30px;
    margin: 1px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
"""


def apply_theme(app: QApplication, *, set_style: bool = True) -> None:
    """Fusion, the palette, the font and the style sheet; ``set_style=False`` when the
    application was started with ``-style Fusion`` already (relbook.app)."""
    if set_style:
        app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: ALT,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Button: BASE,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9aa5aa",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLE)
