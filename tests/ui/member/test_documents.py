"""Reading documents: fit width, zoom, page N of M, find, pop out and back.

Most tests drive the viewer on its own with a multi-page PDF made here (known
words on known pages) and a text note; the last ones drive it inside the real
window, where Ctrl+F and F3 mean something else outside the viewer.
"""

from __future__ import annotations

import io
import os
import tempfile
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.ui_helpers import wait_idle
from ui.member.case_file import TAB_DOCUMENTS

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PAGES = 8
WORD = "zebracrossing"
ON_PAGES = (2, 5, 5, 7)  # (from 0) where WORD is printed: twice on page 5
NOTE = "First line.\n" + "Filler line.\n" * 200 + "The zebra was seen.\nZEBRA again.\n"


def _pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for page in range(PAGES):
        c.drawString(72, 780, f"Statement page {page + 1}")
        for i in range(ON_PAGES.count(page)):
            c.drawString(72, 400 - 200 * i, f"the {WORD} was mentioned here")
        c.showPage()
    c.save()
    return out.getvalue()


DOCS = [SimpleNamespace(filename="s.pdf", title="Statement", kind="pdf"),
        SimpleNamespace(filename="n.txt", title="Officer's note", kind="text")]


@pytest.fixture
def viewer(qtbot):
    from ui.member.documents import DocumentViewer
    content = {"s.pdf": _pdf(), "n.txt": NOTE.encode()}
    v = DocumentViewer()
    qtbot.addWidget(v)
    v.document_requested.connect(lambda name: v.show_bytes(name, content[name]))
    v.resize(640, 760)
    v.show()
    qtbot.waitExposed(v)
    v.set_documents(DOCS, [])
    qtbot.waitUntil(lambda: v.shown() == "s.pdf", timeout=5_000)
    return v


def _found(qtbot, v, text: str) -> None:
    v.bar.find.setText(text)
    QTest.keyClick(v.bar.find, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not v.reader.view().searching(), timeout=10_000)


def _page_text(v) -> str:
    return f"{v.bar.page.value()} {v.bar.pages.text()}"


def test_a_pdf_opens_at_fit_width_on_page_one(viewer):
    pdf = viewer.pdf_view
    assert pdf.fit() == "width" and viewer.bar.zoom_box.currentText() == "Fit width"
    # the page fills the width: its scale matches the viewport less the margins
    width = pdf.pdf.pagePointSize(0).width() * pdf.scale(0)
    margins = pdf.documentMargins()
    assert width == pytest.approx(pdf.viewport().width() - margins.left() - margins.right(),
                                  abs=2)
    assert _page_text(viewer) == f"1 of {PAGES}" and viewer.bar.page.isVisible()


def test_zoom_in_and_out_change_the_factor_and_the_box(viewer, qtbot):
    pdf = viewer.pdf_view
    fitted = pdf.zoom()
    pdf.setFocus()
    QTest.keyClick(pdf, Qt.Key.Key_Plus, CTRL)
    assert pdf.fit() == "" and pdf.zoom() > fitted
    assert viewer.bar.zoom_box.currentText() == f"{round(pdf.zoom() * 100)}%"
    bigger = pdf.zoom()
    QTest.keyClick(pdf, Qt.Key.Key_Minus, CTRL)
    QTest.keyClick(pdf, Qt.Key.Key_Minus, CTRL)
    assert pdf.zoom() < bigger and viewer.bar.zoom_box.currentText() == "67%"
    QTest.keyClick(pdf, Qt.Key.Key_0, CTRL)
    assert pdf.fit() == "width" and viewer.bar.zoom_box.currentText() == "Fit width"
    # the box: a step from the list, a typed percentage, Fit page
    box = viewer.bar.zoom_box
    box.activated.emit(box.findText("200%"))
    assert pdf.zoom() == pytest.approx(2.0) and pdf.zoomFactor() == pytest.approx(2.0)
    box.setEditText("130")
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert pdf.zoom() == pytest.approx(1.3) and box.currentText() == "130%"
    box.setEditText("huge")
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert pdf.zoom() == pytest.approx(1.3)  # not a number: nothing changed
    box.activated.emit(box.findText("Fit page"))
    assert pdf.fit() == "page"
    whole = pdf.pdf.pagePointSize(0).height() * pdf.scale(0)
    assert whole <= pdf.viewport().height()


def test_ctrl_wheel_zooms_and_a_plain_wheel_scrolls(viewer, qtbot):
    pdf = viewer.pdf_view
    start = pdf.zoom()

    def wheel(up: bool, mods) -> None:
        where = QPointF(pdf.viewport().rect().center())
        event = QWheelEvent(where, QPointF(pdf.viewport().mapToGlobal(QPoint(0, 0))),
                            QPoint(0, 0), QPoint(0, 120 if up else -120),
                            Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(pdf.viewport(), event)

    wheel(True, CTRL)
    assert pdf.zoom() > start and viewer.bar.zoom_box.currentText().endswith("%")
    zoomed = pdf.zoom()
    wheel(False, CTRL)
    assert pdf.zoom() < zoomed
    scrolled = pdf.verticalScrollBar().value()
    wheel(False, Qt.KeyboardModifier.NoModifier)
    assert pdf.verticalScrollBar().value() > scrolled and pdf.zoom() < zoomed


def test_page_n_of_m_follows_scrolling_and_the_page_box(viewer, qtbot):
    pdf = viewer.pdf_view
    bar = pdf.verticalScrollBar()
    bar.setValue(round(pdf.page_top(3)) + 5)
    qtbot.waitUntil(lambda: _page_text(viewer) == f"4 of {PAGES}", timeout=3_000)
    viewer.bar.page.setValue(7)  # typed and confirmed: page 7 at the top
    assert pdf.current_page() == 6 and _page_text(viewer) == f"7 of {PAGES}"
    assert abs(bar.value() - pdf.page_top(6)) <= 1
    pdf.setFocus()
    QTest.keyClick(pdf, Qt.Key.Key_PageDown)
    assert bar.value() > pdf.page_top(6)


def test_find_goes_to_each_match_and_counts_them(viewer, qtbot):
    pdf = viewer.pdf_view
    _found(qtbot, viewer, WORD.upper())  # case does not matter
    assert len(pdf.matches) == len(ON_PAGES) and [p for p, _ in pdf.matches] == list(ON_PAGES)
    assert viewer.bar.matches.text() == f"1 of {len(ON_PAGES)}"
    assert pdf.current_page() == ON_PAGES[0] and _page_text(viewer) == f"3 of {PAGES}"
    # the match itself is in view, not just its page
    page, where = pdf.matches[0]
    y = pdf.page_top(page) + where.y() * pdf.scale(page) - pdf.verticalScrollBar().value()
    assert 0 <= y <= pdf.viewport().height()
    QTest.keyClick(viewer.bar.find, Qt.Key.Key_Return)  # Enter again: the next one
    assert viewer.bar.matches.text() == "2 of 4" and pdf.current_page() == 5
    pdf.setFocus()
    QTest.keyClick(pdf, Qt.Key.Key_F3)
    assert viewer.bar.matches.text() == "3 of 4" and pdf.currentSearchResultIndex() == 2
    QTest.keyClick(pdf, Qt.Key.Key_F3, SHIFT)
    QTest.keyClick(pdf, Qt.Key.Key_F3, SHIFT)
    QTest.keyClick(pdf, Qt.Key.Key_F3, SHIFT)  # round to the last
    assert viewer.bar.matches.text() == "4 of 4" and pdf.current_page() == 7
    QTest.keyClick(viewer.bar.find, Qt.Key.Key_Return, SHIFT)
    assert viewer.bar.matches.text() == "3 of 4"
    pdf.setFocus()
    QTest.keyClick(pdf, Qt.Key.Key_F, CTRL)
    assert viewer.bar.find.hasFocus() and viewer.bar.find.selectedText() == WORD.upper()


def test_a_word_not_in_the_document_is_said_plainly(viewer, qtbot):
    pdf = viewer.pdf_view
    pdf.verticalScrollBar().setValue(round(pdf.page_top(4)))
    _found(qtbot, viewer, "giraffe")
    assert viewer.bar.matches.text() == "Not found" and pdf.matches == []
    assert pdf.current_page() == 4  # nothing moved
    viewer.bar.find.clear()
    assert viewer.bar.matches.text() == "" and pdf.find_text == ""


def test_pop_out_and_back_keep_the_page_and_zoom(viewer, qtbot):
    pdf = viewer.pdf_view
    viewer.bar.zoom_box.activated.emit(viewer.bar.zoom_box.findText("150%"))
    viewer.bar.page.setValue(6)
    assert pdf.current_page() == 5
    pdf.setFocus()
    QTest.keyClick(pdf, Qt.Key.Key_F11)
    window = viewer.window_of_its_own
    assert window is not None and window.isVisible() and pdf.window() is window
    assert viewer.lower.currentWidget() is viewer.away
    assert viewer.bar.pop.text() == "Back to the case"
    qtbot.waitUntil(lambda: pdf.current_page() == 5 and pdf.zoom() == pytest.approx(1.5),
                    timeout=3_000)
    assert _page_text(viewer) == f"6 of {PAGES}"
    viewer.bar.page.setValue(3)  # reading on in the big window
    QTest.keyClick(pdf, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: viewer.window_of_its_own is None, timeout=3_000)
    assert pdf.window() is viewer.window() and viewer.lower.currentWidget() is viewer.reader
    qtbot.waitUntil(lambda: pdf.current_page() == 2, timeout=3_000)
    assert pdf.zoom() == pytest.approx(1.5) and viewer.bar.zoom_box.currentText() == "150%"
    assert viewer.bar.pop.text() == "Pop out"
    viewer.bar.pop.click()  # the button pops out too, and the window's close button returns
    viewer.window_of_its_own.close()
    qtbot.waitUntil(lambda: viewer.window_of_its_own is None, timeout=3_000)
    assert pdf.window() is viewer.window()


def test_fit_width_keeps_the_page_when_the_window_is_resized(viewer, qtbot):
    pdf = viewer.pdf_view
    viewer.bar.page.setValue(5)
    viewer.resize(1000, 760)
    qtbot.waitUntil(lambda: pdf.fit() == "width" and pdf.current_page() == 4, timeout=3_000)
    assert abs(pdf.verticalScrollBar().value() - pdf.page_top(4)) <= 2


def test_a_text_note_zooms_and_finds_like_a_pdf(viewer, qtbot):
    viewer.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: viewer.shown() == "n.txt", timeout=5_000)
    note = viewer.text
    assert viewer.stack.currentWidget() is note and not viewer.bar.page.isVisible()
    size = note.fontInfo().pointSizeF()
    note.setFocus()
    QTest.keyClick(note, Qt.Key.Key_Plus, CTRL)
    QTest.keyClick(note, Qt.Key.Key_Plus, CTRL)
    assert note.zoom() == pytest.approx(1.25) and viewer.bar.zoom_box.currentText() == "125%"
    assert note.fontInfo().pointSizeF() > size
    QTest.keyClick(note, Qt.Key.Key_Minus, CTRL)
    assert note.zoom() == pytest.approx(1.1)
    QTest.keyClick(note, Qt.Key.Key_0, CTRL)
    assert note.zoom() == 1.0 and note.fontInfo().pointSizeF() == pytest.approx(size)
    viewer.bar.zoom_box.activated.emit(viewer.bar.zoom_box.findText("300%"))
    assert note.zoom() == pytest.approx(3.0)
    note.verticalScrollBar().setValue(0)
    _found(qtbot, viewer, "zebra")
    assert viewer.bar.matches.text() == "1 of 2"
    assert note.textCursor().blockNumber() == NOTE.count("\n") - 2  # moved to the match
    assert note.verticalScrollBar().value() > 0
    QTest.keyClick(note, Qt.Key.Key_F3)
    assert viewer.bar.matches.text() == "2 of 2"
    _found(qtbot, viewer, "giraffe")
    assert viewer.bar.matches.text() == "Not found"


def test_the_find_field_follows_from_one_document_to_the_next(viewer, qtbot):
    _found(qtbot, viewer, "zebra")
    assert viewer.bar.matches.text() == "1 of 4"
    viewer.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: viewer.shown() == "n.txt", timeout=5_000)
    assert viewer.bar.matches.text() == "1 of 2"


def test_reading_finding_and_popping_out_write_nothing_to_disk(opened, qtbot, tmp_path,
                                                               monkeypatch):
    # A temporary folder of this test's own: the machine's is shared with other programs.
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))  # Qt's QDir::tempPath() reads it each time
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    from PySide6.QtCore import QDir
    assert QDir.tempPath() == str(private)
    view = opened.review.case_view
    viewer = view.documents
    view.tabs.setCurrentIndex(TAB_DOCUMENTS)
    for row in opened.review.list.model.all_rows()[:8]:
        opened.review.open_linked(row.case_id)
        qtbot.waitUntil(lambda r=row: opened.review.current_case_id == r.case_id,
                        timeout=10_000)
        wait_idle(qtbot, opened)
        pdfs = [i for i, d in enumerate(view.case.documents) if d.kind == "pdf"]
        if pdfs:
            break
    viewer.list.setCurrentRow(pdfs[0])
    qtbot.waitUntil(lambda: viewer.shown() == view.case.documents[pdfs[0]].filename,
                    timeout=10_000)
    _found(qtbot, viewer, "DEMO")  # every demo document says so
    assert viewer.pdf_view.matches
    viewer.reader.zoom_by(2)
    viewer.pop_out()
    viewer.bring_back()
    viewer.list.setCurrentRow(len(view.case.documents) - 1)
    wait_idle(qtbot, opened)
    assert os.listdir(private) == []


def test_ctrl_f_and_f3_belong_to_the_viewer_only_while_it_has_the_keyboard(opened, qtbot):
    from tests.ui.test_keyboard import press
    view = opened.review.case_view
    viewer = view.documents
    view.tabs.setCurrentIndex(TAB_DOCUMENTS)
    qtbot.waitUntil(lambda: viewer.shown() is not None, timeout=10_000)
    viewer.reader.view().setFocus()
    press(qtbot, opened, Qt.Key.Key_F)
    assert viewer.bar.find.hasFocus() and not opened.review.list.search.hasFocus()
    viewer.bar.find.setText("DEMO")
    press(qtbot, opened, Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier)  # find, not a tab
    qtbot.waitUntil(lambda: viewer.bar.matches.text().startswith("1 of"), timeout=10_000)
    assert view.tabs.currentIndex() == TAB_DOCUMENTS
    # elsewhere the window's keys are as before
    opened.review.form.rationale.setFocus()
    press(qtbot, opened, Qt.Key.Key_F)
    assert opened.review.list.search.hasFocus()
    view.tabs.setCurrentIndex(0)
    press(qtbot, opened, Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier)
    assert view.tabs.currentIndex() == TAB_DOCUMENTS


def test_the_bar_and_the_pop_out_window_name_their_controls(viewer, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    def unnamed(root):
        kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
        return [type(w).__name__ for kind in kinds for w in root.findChildren(kind)
                if w.isVisible() and not w.accessibleName()
                and not (isinstance(w, QAbstractButton) and w.text())]

    assert unnamed(viewer) == []
    viewer.pop_out()
    assert unnamed(viewer.window_of_its_own) == [] and unnamed(viewer) == []
    assert viewer.bar.pop.accessibleName() == "Back to the case"
    viewer.bring_back()


def test_a_long_document_is_searched_without_holding_up_the_window(qtbot):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ui.member.documents import DocumentViewer
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for page in range(300):
        for line in range(40):
            c.drawString(50, 800 - 18 * line, f"page {page} line {line} "
                         + ("needle" if line == 20 else "hay") + " filler text " * 4)
        c.showPage()
    c.save()
    v = DocumentViewer()
    qtbot.addWidget(v)
    v.document_requested.connect(lambda name: v.show_bytes(name, out.getvalue()))
    v.resize(640, 760)
    v.show()
    v.set_documents(DOCS[:1], [])
    qtbot.waitUntil(lambda: v.shown() == "s.pdf", timeout=5_000)
    pdf = v.pdf_view
    v.bar.find.setText("needle")
    QTest.keyClick(v.bar.find, Qt.Key.Key_Return)
    # Enter returns before the whole document is searched; the count says it goes on
    assert pdf.searching() and len(pdf.matches) < 300
    ticks = []
    qtbot.waitUntil(lambda: ticks.append(1) or not pdf.searching(), timeout=30_000)
    assert len(ticks) > 1  # the window ran while the search went on
    assert len(pdf.matches) == 300 and v.bar.matches.text() == "1 of 300"
    assert pdf.current_page() == 0
    v.bar.page.setValue(300)
    assert pdf.current_page() == 299 and _page_text(v) == "300 of 300"


def test_closing_the_main_window_takes_the_popped_out_document_back(opened, qtbot):
    view = opened.review.case_view
    viewer = view.documents
    view.tabs.setCurrentIndex(TAB_DOCUMENTS)
    qtbot.waitUntil(lambda: viewer.shown() is not None, timeout=10_000)
    viewer.pop_out()
    window = viewer.window_of_its_own
    assert window.isVisible()
    opened.close()
    qtbot.waitUntil(lambda: viewer.window_of_its_own is None, timeout=3_000)
    assert not window.isVisible() and viewer.reader.window() is opened
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
