"""Net Promoter Score per month as a QtCharts bar chart: one bar a month from -100 to
+100, green above zero and red below; under each month its score and how many answered
(a month nobody answered says "no answers" instead of pretending to be zero)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from relbook.services.care.feedback import MonthNps
from relbook.services.display import Display, shop_display
from relbook.ui.widgets.theme import MUTED, TEXT

GOOD = "#4f8a4c"
BAD = "#b5525c"


def month_label(m: MonthNps, show: Display | None = None) -> str:
    """ "Nov": the chart's title says which twelve months these are."""
    day = dt.date(int(m.month[:4]), int(m.month[5:]), 1)
    return (show or Display()).month_short(day)


def value_text(m: MonthNps) -> str:
    """What is written on a month's bar: its score and how many answered, or a dash."""
    if not m.nps.responses:
        return "—"
    return f"{m.nps.score:+d}\n({m.nps.responses})"


class NpsChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("npsChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setMinimumWidth(260)
        self.setToolTip(
            "Net Promoter Score per month; (n) is how many answered that month; — nobody answered"
        )
        self._series: QBarSeries | None = None
        self.months: list[MonthNps] = []
        chart = QChart()
        chart.legend().hide()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitleBrush(QColor(TEXT))
        self.setChart(chart)

    def show_months(self, months: list[MonthNps]) -> None:
        self.months = list(months)
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        scores = QBarSet("NPS")
        scores.setColor(QColor(GOOD))
        scores.setSelectedColor(QColor(BAD))  # the months below zero are "selected"
        for m in self.months:
            scores.append(float(m.nps.score or 0))
        scores.selectBars([i for i, m in enumerate(self.months) if (m.nps.score or 0) < 0])
        series = QBarSeries()
        series.append(scores)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        small = QFont(self.font())
        small.setPointSizeF(6.8)
        x = QBarCategoryAxis()
        show = shop_display()
        x.append([month_label(m, show) for m in self.months])
        x.setLabelsFont(small)
        x.setLabelsColor(QColor(MUTED))
        x.setGridLineVisible(False)
        y = QValueAxis()
        y.setRange(-100, 100)
        y.setTickCount(5)
        y.setLabelFormat("%+d")
        y.setLabelsFont(small)
        y.setLabelsColor(QColor(MUTED))
        y.setGridLineColor(QColor("#e6e9e7"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self._series = series

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Each month's score and answer count on its bar (a month nobody answered gets a
        dash, not a misleading zero)."""
        super().drawForeground(painter, rect)
        if self._series is None or not self.months:
            return
        chart = self.chart()
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.78))
        painter.save()
        painter.setFont(font)
        height = 2 * QFontMetricsF(font).height()
        for i, m in enumerate(self.months):
            score = float(m.nps.score or 0)
            top = chart.mapToScene(chart.mapToPosition(QPointF(i, score), self._series))
            base = chart.mapToScene(chart.mapToPosition(QPointF(i, 0), self._series))
            step = chart.mapToScene(chart.mapToPosition(QPointF(i + 1, 0), self._series))
            width = max(24.0, step.x() - base.x())
            above = score >= 0
            y = top.y() - height - 1 if above else top.y() + 1
            painter.setPen(QColor(MUTED if not m.nps.responses else TEXT))
            painter.drawText(
                QRectF(top.x() - width / 2, y, width, height),
                Qt.AlignmentFlag.AlignCenter,
                value_text(m),
            )
        painter.restore()

    def bars(self) -> list[tuple[str, int | None]]:
        """(month, score or None when nobody answered) as drawn (for tests)."""
        return [(m.month, m.nps.score) for m in self.months]
