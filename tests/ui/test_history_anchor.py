"""The app warns when a workspace opens with less history than it last saw."""

from __future__ import annotations

import shutil

from tests.ui.ui_helpers import open_small, wait_idle
from ui import history_anchor, paths

CATEGORIES = ("new_assessment", "no_formal_action")


def _save_versions(qtbot, window, n: int) -> None:
    """``n`` new versions of the first case, made as a member makes them: by the form."""
    form = window.review.form
    for _ in range(n):
        # Always the other category than the one chosen, so that each click is a change.
        chosen = next((c for c in CATEGORIES if form.category_buttons[c].isChecked()), None)
        form.category_buttons[CATEGORIES[1] if chosen == CATEGORIES[0] else CATEGORIES[0]].click()
        qtbot.waitUntil(lambda: not window.review.controller.dirty, timeout=10_000)
    wait_idle(qtbot, window)


def _workspace_id(qtbot, window) -> str:
    got = []
    window.db.with_ws(lambda ws: ws.meta()["workspace_id"], got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def _stored(workspace_id: str):
    return history_anchor.seen(workspace_id)


def test_settings_keep_count_and_head_every_few_saves_and_on_close(
        make_window, save_dialog, ui_bundle, qtbot, app_home):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    wid = _workspace_id(qtbot, window)
    qtbot.waitUntil(lambda: _stored(wid) is not None, timeout=10_000)
    assert _stored(wid).count == 0  # a new workspace: nothing saved yet
    _save_versions(qtbot, window, history_anchor.SAVES_PER_WRITE - 1)
    assert _stored(wid).count == 0  # not a settings write per save
    _save_versions(qtbot, window, 1)
    qtbot.waitUntil(lambda: _stored(wid).count == history_anchor.SAVES_PER_WRITE,
                    timeout=10_000)
    _save_versions(qtbot, window, 2)
    window.close()
    got = _stored(wid)
    assert got.count == history_anchor.SAVES_PER_WRITE + 2 and len(got.head) == 64
    # The workspace's id, a count and a hash only: no names, no case text.
    s = paths.settings()
    s.beginGroup("history_seen")
    assert s.allKeys() == [f"{wid}/count", f"{wid}/head"]
    s.endGroup()


def test_an_older_copy_put_back_is_warned_about_naming_both_counts(
        make_window, save_dialog, ui_bundle, qtbot):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    _save_versions(qtbot, window, 2)
    window.close()
    older = save_dialog.with_name("older copy.prw")
    shutil.copyfile(save_dialog, older)

    window2 = make_window()  # reopens the workspace: it extends what was seen, no warning
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window2)
    assert window2.anchors.dialog is None
    _save_versions(qtbot, window2, 3)
    window2.close()

    shutil.copyfile(older, save_dialog)  # the older copy put back
    window3 = make_window()
    qtbot.waitUntil(lambda: window3.anchors.dialog is not None, timeout=20_000)
    text = window3.anchors.dialog.text()
    assert "holds 2 saved versions" in text and "it held 5" in text
    assert "Tell the coordinator" in text and "do not export from this copy" in text
    assert window3.anchors.dialog.isVisible()
    window3.anchors.dialog.accept()
    window3.close()

    window4 = make_window()  # said once: this copy is now the one compared with
    qtbot.waitUntil(lambda: window4.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window4)
    assert window4.anchors.dialog is None


def test_a_copy_that_went_another_way_is_warned_about_too(
        make_window, save_dialog, ui_bundle, qtbot):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    window.close()
    older = save_dialog.with_name("older copy.prw")
    shutil.copyfile(save_dialog, older)
    window2 = make_window()
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    _save_versions(qtbot, window2, 2)
    window2.close()
    # The older copy gets two saves of its own elsewhere: as many versions, other ones.
    wid = None
    from review.workspace.database import Workspace
    from review.decisions import Decision
    from tests.ui.ui_helpers import PASSPHRASE
    with Workspace.open(older, PASSPHRASE) as ws:
        wid = ws.meta()["workspace_id"]
        first = ws.case_ids()[0]
        ws.decisions.save(first, Decision(category="formal_risk_management"))
        ws.decisions.save(first, Decision(category="new_assessment", rationale="x"))
    assert _stored(wid).count == 2
    shutil.copyfile(older, save_dialog)
    window3 = make_window()
    qtbot.waitUntil(lambda: window3.anchors.dialog is not None, timeout=20_000)
    assert "holds 2 saved versions" in window3.anchors.dialog.text()
    assert "its first 2 are not the ones seen then" in window3.anchors.dialog.text()
    window3.anchors.dialog.accept()
