"""Fixtures for driving the real window offscreen, isolated from the person's files.

Every test gets its own PANEL_REVIEW_HOME (workspaces, demo, settings.ini), so
QSettings and the data folder never touch the real ones.  Dialogs that
would block are replaced: passphrases come from ``Passphrases``, file
dialogs from monkeypatched QFileDialog functions, and error dialogs are
recorded instead of shown.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.ui.ui_helpers import PASSPHRASE, SMALL_CASES  # noqa: E402


@pytest.fixture(scope="session")
def ui_bundle(tmp_path_factory) -> Path:
    """A small demo bundle (48 cases, both regimes, documents), built once."""
    from review.demo.bundle import build_demo_bundles
    path = tmp_path_factory.mktemp("ui-bundles") / "small.prb"
    build_demo_bundles(path, cases=SMALL_CASES)
    return path


@pytest.fixture(scope="session")
def shared_bundle(tmp_path_factory) -> Path:
    """A bundle for member R01 of a two-member panel (blind review)."""
    from review.demo.bundle import build_demo_bundles
    folder = tmp_path_factory.mktemp("panel")
    build_demo_bundles(folder, cases=40, reviewers=2, per_case=1)
    return folder / "R01.prb"


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A question box would block an offscreen test (pytest-qt even closes the
    windows before fixtures are torn down): answer Discard unless a test says
    otherwise."""
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)


class SignerChecks:
    """Stands in for "Check who signed the bundle": continues unless told not to."""

    def __init__(self) -> None:
        self.shown: list = []   # ui.trust_dialog.BundleSigner, one per bundle opened
        self.answer = True

    def confirm(self, parent, signer) -> bool:
        self.shown.append(signer)
        return self.answer


@pytest.fixture(autouse=True)
def signer_checks(monkeypatch) -> SignerChecks:
    """Opening a bundle asks the member to compare the signer's fingerprint; a modal
    question would block an offscreen test, so it is answered here."""
    from ui import trust_dialog
    fake = SignerChecks()
    monkeypatch.setattr(trust_dialog, "confirm_signer", fake.confirm)
    return fake


@pytest.fixture(autouse=True)
def app_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(home))
    return home


class Passphrases:
    """Stands in for the passphrase dialogs; records what was asked."""

    def __init__(self) -> None:
        self.new: list[str | None] = []
        self.existing: list[str | None] = []
        self.asked: list[tuple[str, str | None]] = []  # (kind, error shown)

    def ask_new(self, parent, target):
        self.asked.append(("new", None))
        return self.new.pop(0) if self.new else PASSPHRASE

    def ask_existing(self, parent, target, error=None):
        self.asked.append(("existing", error))
        return self.existing.pop(0) if self.existing else PASSPHRASE


@pytest.fixture
def passphrases(monkeypatch) -> Passphrases:
    from ui import passphrase_dialog
    fake = Passphrases()
    monkeypatch.setattr(passphrase_dialog, "ask_new", fake.ask_new)
    monkeypatch.setattr(passphrase_dialog, "ask_existing", fake.ask_existing)
    return fake


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Sentences the app would have shown in error dialogs."""
    import ui.errors
    shown: list[str] = []

    def record(parent, exc, *, doing=None):
        text = ui.errors.message_for(exc)
        shown.append(text)

    for module in ("ui.errors", "ui.workspace_flow", "ui.member.decision_controller", "ui.main_window"):
        monkeypatch.setattr(f"{module}.show_error", record)
    return shown


@pytest.fixture
def save_dialog(monkeypatch, app_home):
    """Answers "Save the new workspace as" with a fixed path in the test's home."""
    from PySide6.QtWidgets import QFileDialog
    target = app_home / "mine.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    return target


@pytest.fixture
def make_window(qtbot, passphrases, errors):
    """Make a main window as ``python main.py`` would (no path)."""
    from ui.app import make_app, start
    made = []

    def make(path: str | None = None):
        make_app()
        window = start(path)
        qtbot.addWidget(window)
        window.resize(1440, 900)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.close()


@pytest.fixture
def opened(make_window, save_dialog, ui_bundle, qtbot):
    """A window with a fresh workspace on the small bundle, first case shown."""
    from tests.ui.ui_helpers import open_small
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    return window
