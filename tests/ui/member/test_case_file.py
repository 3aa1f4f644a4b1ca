"""The case file: header, timeline flags, linked cases, documents in memory."""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtPdf import QPdfDocument

from tests.ui.ui_helpers import wait_idle
from ui.member.case_file import TAB_DOCUMENTS


def _show(qtbot, window, case_id: str) -> None:
    window.review.open_linked(case_id)
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)


def _first(window, keep):
    return next(r for r in window.review.list.model.all_rows() if keep(r))


def test_header_names_case_subject_and_met_badge(opened):
    view = opened.review.case_view
    case = view.case
    assert view.title.text() == case.case_id
    assert case.subject_id in view.subtitle.text() and case.rank in view.subtitle.text()
    assert view.badge.isVisible() and view.badge.text().startswith("Met: ")
    # coloured by the app's style sheet, through the badge's "category" property
    from PySide6.QtGui import QPalette
    from ui.theme import CATEGORY_COLOURS
    assert view.badge.property("category") == case.met_category
    fg, _ = CATEGORY_COLOURS[case.met_category]
    assert view.badge.palette().color(QPalette.ColorRole.WindowText).name() == fg


def test_header_shows_markup_in_the_case_list_as_text(opened):
    from dataclasses import replace
    view = opened.review.case_view
    odd = replace(view.case, original_ref="<i>PSD</i> & 7", rank="<b>PC</b>")
    view.show_case(odd, view.linked, [])
    shown = view.subtitle.text()
    assert "&lt;i&gt;PSD&lt;/i&gt; &amp; 7" in shown and "&lt;b&gt;PC&lt;/b&gt;" in shown
    assert "<i>" not in shown and "<b>PC" not in shown


def test_timeline_flags_long_delays(opened, qtbot):
    slow = _first(opened, lambda r: r.days > 730)
    _show(qtbot, opened, slow.case_id)
    text = opened.review.case_view.browser.toPlainText()
    assert f"{slow.days:,} days from report" in text and "over two years" in text
    mid = _first(opened, lambda r: 400 < r.days <= 730)
    _show(qtbot, opened, mid.case_id)
    text = opened.review.case_view.browser.toPlainText()
    assert "over 400 days" in text and "over two years" not in text
    quick = _first(opened, lambda r: r.days <= 400)
    _show(qtbot, opened, quick.case_id)
    assert "\u26a0" not in opened.review.case_view.browser.toPlainText()


def test_linked_cases_are_counted_and_open_with_one_click(opened, qtbot):
    rows = opened.review.list.model.all_rows()
    subjects = {}
    for r in rows:
        subjects.setdefault(r.subject_id, []).append(r.case_id)
    mine = next(ids for ids in subjects.values() if len(ids) > 1)
    _show(qtbot, opened, mine[0])
    view = opened.review.case_view
    n = len(view.linked)
    assert n >= 1 and f"other case{'s' if n != 1 else ''}" in view.browser.toPlainText()
    assert f'href="case:{mine[1]}"' in view.browser.toHtml()
    from PySide6.QtCore import QUrl
    view.browser.anchorClicked.emit(QUrl(f"case:{mine[1]}"))
    qtbot.waitUntil(lambda: opened.review.current_case_id == mine[1], timeout=10_000)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temporary folder of this test's own, set before the window opens (Qt, SQLite and
    Python all read TMPDIR): what other programs write to the shared /tmp is not ours."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_documents_render_from_memory_without_temp_files(private_tmp, make_window, save_dialog,
                                                         ui_bundle, qtbot):
    from tests.ui.ui_helpers import open_small
    opened = make_window()
    open_small(qtbot, opened, ui_bundle)
    before = set(os.listdir(private_tmp))
    view = opened.review.case_view
    viewer = view.documents
    kinds = set()
    for row in opened.review.list.model.all_rows()[:8]:  # until both kinds were seen
        _show(qtbot, opened, row.case_id)
        view.tabs.setCurrentIndex(TAB_DOCUMENTS)
        for i, d in enumerate(view.case.documents):
            viewer.list.setCurrentRow(i)
            qtbot.waitUntil(lambda d=d: viewer.shown() == d.filename, timeout=10_000)
            if d.kind == "pdf":
                assert viewer.pdf.status() == QPdfDocument.Status.Ready, viewer.reader.empty.text()
                assert viewer.pdf.pageCount() >= 1
                assert viewer.stack.currentWidget() is viewer.pdf_view
            else:
                assert "DEMO" in viewer.text.toPlainText()
                assert viewer.stack.currentWidget() is viewer.text
            kinds.add(d.kind)
        if kinds == {"pdf", "text"}:
            break
    assert kinds == {"pdf", "text"}
    assert set(os.listdir(private_tmp)) - before == set()


def test_search_words_are_highlighted_in_text_notes(opened, qtbot):
    lst = opened.review.list
    lst.search.setText("synthetic")  # every demo note says so
    qtbot.waitUntil(lambda: lst.search_terms() == ["synthetic"], timeout=5_000)
    wait_idle(qtbot, opened)
    viewer = opened.review.case_view.documents
    marked = 0
    for row in range(min(8, lst.model.rowCount())):
        _show(qtbot, opened, lst.model.case_at(row).case_id)
        for i, d in enumerate(opened.review.case_view.case.documents):
            if d.kind == "text":
                viewer.list.setCurrentRow(i)
                qtbot.waitUntil(lambda d=d: viewer.shown() == d.filename, timeout=10_000)
                marked = viewer.highlight_count()
                break
        if marked:
            break
    assert marked >= 1


def test_documents_are_read_only_once_their_tab_is_shown(opened, qtbot):
    view = opened.review.case_view
    viewer = view.documents
    rows = opened.review.list.model.all_rows()
    _show(qtbot, opened, rows[1].case_id)
    assert view.case.documents and viewer.shown() is None  # hidden tab: nothing read
    view.tabs.setCurrentIndex(TAB_DOCUMENTS)
    first = view.case.documents[0].filename
    qtbot.waitUntil(lambda: viewer.shown() == first, timeout=10_000)
    _show(qtbot, opened, rows[2].case_id)  # the tab is in view: the first one is read at once
    qtbot.waitUntil(lambda: viewer.shown() == view.case.documents[0].filename, timeout=10_000)
