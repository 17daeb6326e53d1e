"""Print today's counter sheet from the app (preview, then the printer) or save it as a
PDF — the same page ``relbook sheet --out`` writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from relbook.errors import RelbookError
from relbook.printing.counter_sheet import render_counter_sheet
from relbook.services.counter import today as today_service
from relbook.ui import printing

PAPER_KEY = today_service.SHEET_PAPER_KEY
paper = today_service.sheet_paper


def sheet_pdf(day: dt.date | None = None) -> bytes:
    return render_counter_sheet(today_service.counter_sheet_data(day))


def _pdf_or_say(parent: QWidget | None, day: dt.date | None) -> bytes | None:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # under a second at 100,000
    try:
        pdf, problem = sheet_pdf(day), ""
    except (RelbookError, OSError, ValueError) as exc:
        pdf, problem = None, str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    if pdf is None:
        QMessageBox.warning(
            parent, "Counter sheet", f"The counter sheet could not be made: {problem}"
        )
    return pdf


def print_sheet(parent: QWidget | None, day: dt.date | None = None) -> bool:
    """Preview and print; True if it went to the printer."""
    pdf = _pdf_or_say(parent, day)
    if pdf is None:
        return False
    return printing.preview_and_print(parent, pdf, f"Counter sheet {(day or dt.date.today())}")


def save_sheet(
    parent: QWidget | None,
    day: dt.date | None = None,
    *,
    ask: Callable[[QWidget | None, str], str] | None = None,
) -> Path | None:
    """Ask where, then write the PDF; the path written or None."""
    pdf = _pdf_or_say(parent, day)
    if pdf is None:
        return None
    name = f"counter-sheet-{(day or dt.date.today()).isoformat()}.pdf"
    if ask is None:
        return printing.save_pdf(parent, pdf, name)
    return printing.save_pdf(parent, pdf, name, ask=ask)
