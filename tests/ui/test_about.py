"""Help → About: version, workspace, bundle, both fingerprints, and diagnostics without case data."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from review.demo.bundle import demo_coordinator
from review.identity import Identity, format_fingerprint
from ui import about_dialog, paths
from ui.about_dialog import NO_IDENTITY, AboutDialog


def test_about_shows_the_workspace_bundle_and_both_fingerprints(opened, qtbot, tmp_path):
    from ui.export.flow import IDENTITY_KEY
    mine = Identity.generate("Dr Own Member")
    mine.save(tmp_path / "my identity", "identity-passphrase-1")
    paths.settings().setValue(IDENTITY_KEY, str(tmp_path / "my identity"))
    info = opened.info
    dialog = AboutDialog(opened, info)
    qtbot.addWidget(dialog)
    f = {k: v.text() for k, v in dialog.fields.items()}
    assert f["Version"] == about_dialog.app_version() and f["Version"][0].isdigit()
    assert f["Workspace"] == str(info.path)
    assert f["Bundle"].startswith(info.bundle_title) and f["Bundle id"] == info.bundle_id
    assert f["Coordinator fingerprint"].split() == format_fingerprint(
        demo_coordinator().fingerprint).split()
    assert f["Your signing identity"] == "Dr Own Member"
    assert f["Your fingerprint"].split() == format_fingerprint(mine.fingerprint).split()


def test_about_without_a_workspace_or_identity_says_so(qtbot, app_home):
    dialog = AboutDialog(None, None)
    qtbot.addWidget(dialog)
    assert dialog.fields["Workspace"].text() == about_dialog.NO_WORKSPACE
    assert dialog.fields["Your signing identity"].text() == NO_IDENTITY
    assert "Coordinator fingerprint" not in dialog.fields


def test_copy_diagnostics_gives_versions_and_never_case_data(opened, qtbot):
    info = opened.info
    case = opened.review.case_view.case
    dialog = AboutDialog(opened, info)
    qtbot.addWidget(dialog)
    QApplication.clipboard().clear()
    dialog.copy.click()
    text = QApplication.clipboard().text()
    for needed in ("Panel Review", "Python 3.", "Qt 6.", "PySide6 6.", "SQLCipher 4.",
                   "Platform "):
        assert needed in text, needed
    for secret in (info.bundle_title, info.member_name, str(info.path), info.bundle_id,
                   case.case_id, case.summary[:30], info.coordinator_fingerprint,
                   format_fingerprint(info.coordinator_fingerprint)):
        assert secret not in text, secret
    assert "no case data" in dialog.copied.text()


def test_help_about_opens_the_about_dialog_with_the_open_workspace(opened, monkeypatch):
    shown = []
    monkeypatch.setattr(about_dialog, "show_about", lambda parent, info: shown.append(info))
    labels = [a.text() for a in opened.menus["Help"].actions()]
    assert "&About Panel Review" in labels
    opened.actions["about"].trigger()
    assert shown == [opened.info]


def test_version_falls_back_when_the_package_is_not_installed(monkeypatch):
    import importlib.metadata as md

    def missing(name):
        raise md.PackageNotFoundError(name)
    monkeypatch.setattr(md, "version", missing)
    assert about_dialog.app_version().startswith("unknown")
