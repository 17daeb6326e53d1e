"""Data dialogs: file choosers and questions answered by the test, never a real dialog."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from relbook.ui.data import prompts


@dataclass
class Prompts:
    """Scripted answers for relbook.ui.data.prompts, and a record of what was said."""

    files: list[list[str]] = field(default_factory=list)
    saves: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    script = Prompts()
    monkeypatch.setattr(prompts, "open_files", lambda *a, **k: script.files.pop(0))
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: script.saves.pop(0))
    monkeypatch.setattr(prompts, "save_file", lambda *a, **k: script.saves.pop(0))
    monkeypatch.setattr(prompts, "choose_folder", lambda *a, **k: script.folders.pop(0))

    def confirm(parent, title, text, yes):
        script.asked.append(text)
        return script.answers.pop(0) if script.answers else False

    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "tell", lambda p, t, text: script.told.append(text))
    monkeypatch.setattr(prompts, "error", lambda p, t, text: script.errors.append(text))
    return script
