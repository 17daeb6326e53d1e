"""Every file chooser and question of the Data dialogs goes through these functions.

They are module-level on purpose: tests replace them (monkeypatch) so no native dialog
ever opens, and the dialogs stay free of QFileDialog/QMessageBox details.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

CONTACT_FILES = "Contact files (*.vcf *.vcard *.csv *.json *.txt);;All files (*)"


def open_files(parent: QWidget | None, title: str, start: str = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start, CONTACT_FILES)
    return list(paths)


def open_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    return path


def save_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    return path


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """Ask once; the safe answer (Cancel) is the default."""
    headline, _, body = text.partition("\n\n")
    box = QMessageBox(QMessageBox.Icon.Question, title, headline, parent=parent)
    box.setInformativeText(body)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    """A RelbookError (or a plain problem) in plain words, never a traceback."""
    QMessageBox.warning(parent, title, text)
