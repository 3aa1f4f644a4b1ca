"""Blind review: a member sees only their own cases and their own decisions."""

from __future__ import annotations

from tests.ui.ui_helpers import open_small


def test_member_sees_only_their_assigned_cases(make_window, save_dialog, shared_bundle, qtbot):
    from review.bundle.contents import read_bundle
    contents = read_bundle(shared_bundle).contents
    mine = {cid for cid, rid in contents.assignments if rid == contents.member_id}
    window = make_window()
    open_small(qtbot, window, shared_bundle)
    shown = {r.case_id for r in window.review.list.model.all_rows()}
    assert shown == mine and len(mine) < 40
    assert all(r.state == "not_started" for r in window.review.list.model.all_rows())
    # Other members' cases of the same subject are named, never opened or decided here.
    text = window.review.case_view.browser.toHtml()
    others = [e.case_id for e in window.review.case_view.linked if not e.mine]
    for cid in others:
        assert f'href="case:{cid}"' not in text
    from PySide6.QtWidgets import QLabel
    others_names = [r.name for r in contents.roster if r.reviewer_id != contents.member_id]
    window._show_dashboard()
    texts = [label.text() for label in window.findChildren(QLabel)] + [window.windowTitle()]
    assert not [t for t in texts for name in others_names if name in t]
