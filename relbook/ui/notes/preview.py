"""A live preview of the real PDF, rendered with QtPdf: what you see is what prints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QWidget

from relbook.ui.printing import PdfPages

PREVIEW_DPI = 110  # the most a card is enlarged to; it shrinks to fit the panel
MIN_DPI = 50


GAP = 16  # between the front and the back of a two-sided card


def _on_paper(page: QImage) -> QImage:
    """The PDF has no background: lay a page on white paper with a thin edge."""
    image = QImage(page.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, page)
    painter.setPen(QColor("#b9b4aa"))
    painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
    painter.end()
    return image


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notePreview")
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        self._label = QLabel("The preview appears here.")
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._label.setStyleSheet("background: #e9e6df; color: #6b6b6b; padding: 12px;")
        self.setWidget(self._label)
        self._pdf: bytes | None = None
        #: how many times the preview was rendered (tests wait on this)
        self.renders = 0
        #: how many sides of the card are shown: 2 when a letter goes on over the page
        self.sides_shown = 0

    def show_pdf(self, pdf: bytes) -> None:
        """Show the card as large as the panel allows: its front, and its back beside
        it when a long letter continues over the page."""
        self._paint(pdf)
        self._pdf = pdf
        self.renders += 1

    def _paint(self, pdf: bytes) -> None:
        pages = PdfPages(pdf)
        count = min(2, pages.page_count())
        size = pages.page_points(0)
        room = self.viewport().size()
        w, h = room.width() - 24, room.height() - 24
        # two sides next to each other, or one above the other: whichever shows larger
        beside = min((w - GAP * (count - 1)) / count / size.width(), h / size.height())
        stacked = min(w / size.width(), (h - GAP * (count - 1)) / count / size.height())
        fit = max(beside, stacked) * 72
        floor = MIN_DPI if count == 1 else MIN_DPI // 2
        dpi = int(max(floor, min(PREVIEW_DPI * 1.6, fit)))
        sides = [_on_paper(pages.render(i, dpi)) for i in range(count)]
        self.sides_shown = count
        across = beside >= stacked
        width = sum(s.width() for s in sides) + GAP * (count - 1) if across else sides[0].width()
        height = sides[0].height() if across else sum(s.height() for s in sides) + GAP * (count - 1)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("#e9e6df"))
        painter = QPainter(image)
        x = y = 0
        for side in sides:
            painter.drawImage(x, y, side)
            if across:
                x += side.width() + GAP
            else:
                y += side.height() + GAP
        painter.end()
        self._label.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the card as large as the panel allows (the same PDF, drawn again)."""
        super().resizeEvent(event)
        if self._pdf is not None:
            self._paint(self._pdf)

    def clear(self, message: str = "The preview appears here.") -> None:
        self._label.clear()
        self._label.setText(message)
        self._pdf = None

    @property
    def pdf(self) -> bytes | None:
        return self._pdf
