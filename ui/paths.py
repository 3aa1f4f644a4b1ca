"""Where the app keeps its files and settings.

New workspaces and the built-in demo go to the per-user data folder
(platformdirs ``user_data_dir("Panel Review")``).  ``PANEL_REVIEW_HOME``
overrides it, and then the settings file lives there too: tests and
rehearsals never touch a person's real settings or workspaces.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

APP_NAME = "Panel Review"
HOME_ENV = "PANEL_REVIEW_HOME"
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
