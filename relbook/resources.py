"""Where the bundled fonts, templates and icons live.

In a source checkout (and an editable install) they sit in the top-level ``resources/``
folder; a wheel carries the same folder as the package ``relbook.resources_data`` (mapped in
setup.py, no symlink, so Windows checkouts build too);
a PyInstaller build puts it next to the executable.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def root() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        here / "resources_data",  # installed wheel
        here.parent / "resources",  # source checkout / editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("relbook's resources folder is missing; reinstall relbook.")


def path(*parts: str) -> Path:
    """A file or folder inside the resources, e.g. ``path("fonts", "Kristi.ttf")``."""
    return root().joinpath(*parts)
