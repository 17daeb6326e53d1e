"""A live preview of the real PDF, rendered with QtPdf: what you see is what prints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QWidget

from relbook.ui.printing import PdfPages

PREVIEW_DPI = 110


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

    def show_pdf(self, pdf: bytes) -> None:
        pages = PdfPages(pdf)
        page = pages.render(0, PREVIEW_DPI)
        # The PDF has no background: lay it on white paper with a thin edge.
        image = QImage(page.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, page)
        painter.setPen(QColor("#b9b4aa"))
        painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
        painter.end()
        width = max(200, self.viewport().width() - 24)
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self._label.setPixmap(pixmap)
        self._pdf = pdf
        self.renders += 1

    def clear(self, message: str = "The preview appears here.") -> None:
        self._label.clear()
        self._label.setText(message)
        self._pdf = None

    @property
    def pdf(self) -> bytes | None:
        return self._pdf
