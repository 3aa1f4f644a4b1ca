"""Hostile documents cannot freeze the viewer: each PDF is checked in a worker process with
a time and memory limit before QtPdf sees it, and the window stays free meanwhile."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QTimer

from tests.hostile import pdfs
from ui.member.document_check import IN_TIME, DocumentCheck

DOCS = [SimpleNamespace(filename="loop.pdf", title="Loop", kind="pdf"),
        SimpleNamespace(filename="heavy.pdf", title="Heavy", kind="pdf"),
        SimpleNamespace(filename="good.pdf", title="Good", kind="pdf"),
        SimpleNamespace(filename="huge.pdf", title="Huge", kind="pdf")]


@pytest.fixture(scope="module")
def content():
    return {"loop.pdf": pdfs.page_tree_loop(), "heavy.pdf": pdfs.heavy_page(2_400_000),
            "good.pdf": pdfs.ordinary(3), "huge.pdf": pdfs.many_pages(500_000)}


@pytest.fixture
def viewer(qtbot, content):
    from ui.member.documents import DocumentViewer
    v = DocumentViewer()
    qtbot.addWidget(v)
    v.document_requested.connect(lambda name: v.show_bytes(name, content[name]))
    v.resize(640, 700)
    v.show()
    qtbot.waitExposed(v)
    v.set_documents(DOCS, [])
    yield v
    if v._check is not None:
        v._check.close()


def _message(v) -> str:
    reader = v.reader
    return reader.empty.text() if reader.stack.currentWidget() is reader.empty else ""


def _open(qtbot, v, row: int, expect: str, timeout: int = 60_000) -> None:
    v.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: expect in _message(v), timeout=timeout)


def test_a_looping_page_tree_is_not_shown_and_says_why(viewer, qtbot):
    _open(qtbot, viewer, 0, "page tree that loops back on itself")
    assert viewer.reader.stack.currentWidget() is viewer.reader.empty


def test_half_a_million_pages_is_refused_while_the_window_keeps_running(viewer, qtbot):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    _open(qtbot, viewer, 3, "more than 20,000 pages")
    timer.stop()
    assert len(ticks) > 3  # the event loop ran while the worker read the file
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 1.0


def test_a_document_that_overruns_its_time_says_so_and_the_next_one_opens(viewer, qtbot):
    # half a million pages take seconds to read on any machine: well over the limit
    viewer._check = DocumentCheck(viewer, time_limit=0.2)
    viewer._check.done.connect(viewer._checked)
    _open(qtbot, viewer, 3, IN_TIME)
    viewer._check.checker.time_limit = 30
    viewer.list.setCurrentRow(2)
    qtbot.waitUntil(lambda: viewer.reader.stack.currentWidget() is not viewer.reader.empty,
                    timeout=30_000)
    assert viewer.shown() == "good.pdf"
    assert viewer.reader.pdf.pdf.pageCount() == 3


def test_asking_for_another_document_kills_the_check_in_progress(viewer, qtbot):
    viewer._check = DocumentCheck(viewer, time_limit=60)
    viewer._check.done.connect(viewer._checked)
    viewer.list.setCurrentRow(3)          # half a million pages: a while to read
    qtbot.waitUntil(lambda: viewer._check.checker._busy, timeout=10_000)
    first = viewer._check.checker._proc
    viewer.list.setCurrentRow(2)
    qtbot.waitUntil(lambda: viewer.shown() == "good.pdf", timeout=30_000)
    assert not first.is_alive()
    assert viewer.reader.pdf.pdf.pageCount() == 3
