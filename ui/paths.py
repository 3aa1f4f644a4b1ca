"""Where the app keeps its files and settings, and where it proposes to save.

The built-in demo and the settings go to the per-user data folder
(platformdirs ``user_data_dir("Panel Review")``).  Files people look for
themselves (new workspaces, exports) are proposed in a "Panel Review" folder
in their Documents folder, or in the folder they chose last time.
``PANEL_REVIEW_HOME`` overrides the data folder, and then the settings file
and the Documents folder live there too: tests and rehearsals never touch a
person's real settings, workspaces or documents.  ``PANEL_REVIEW_DOCUMENTS``
overrides the Documents folder alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

APP_NAME = "Panel Review"
HOME_ENV = "PANEL_REVIEW_HOME"
DOCUMENTS_ENV = "PANEL_REVIEW_DOCUMENTS"
MAX_RECENT = 8


def home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir
        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_dir() -> Path:
    path = home() / "demo"
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents() -> Path:
    """The "Panel Review" folder in the person's Documents folder, made when needed."""
    override = os.environ.get(DOCUMENTS_ENV)
    if override:
        base = Path(override)
    elif os.environ.get(HOME_ENV):
        base = home() / "Documents"
    else:
        from platformdirs import user_documents_dir
        base = Path(user_documents_dir())
    path = base / APP_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def last_folder(key: str) -> Path:
    """The folder last used for ``key`` (a settings key) if it is still there, else
    :func:`documents`.  Settings hold the folder only, never a file's name."""
    value = str(settings().value(key, "") or "")
    if value and Path(value).is_dir():
        return Path(value)
    return documents()


def remember_folder(key: str, folder: Path) -> None:
    settings().setValue(key, str(Path(folder)))


def settings() -> QSettings:
    if os.environ.get(HOME_ENV):
        return QSettings(str(home() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(APP_NAME, APP_NAME)


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem 2.suffix``... when that one exists."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} {n}{suffix}"
        n += 1
    return candidate


# -- recent workspaces (File menu, welcome page) ---------------------------
def recent_workspaces() -> list[Path]:
    raw = settings().value("recent_workspaces", [])
    if isinstance(raw, str):  # QSettings gives a bare string for a one-item list
        raw = [raw]
    return [Path(p) for p in (raw or []) if p and Path(p).is_file()]


def remember_workspace(path: Path) -> None:
    path = Path(path).resolve()
    items = [str(path)] + [str(p) for p in recent_workspaces() if p.resolve() != path]
    s = settings()
    s.setValue("recent_workspaces", items[:MAX_RECENT])
    s.setValue("last_workspace", str(path))


def forget_last_workspace() -> None:
    settings().remove("last_workspace")


def last_workspace() -> Path | None:
    value = settings().value("last_workspace", "")
    if value and Path(value).is_file():
        return Path(value)
    return None
