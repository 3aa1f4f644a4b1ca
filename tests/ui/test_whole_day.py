"""A panel member's whole day at 1366x768, by keyboard alone.

Open the DEMO from the welcome page, decide ten cases (a category, an
action, a concern, the rationale and the confidence, then Finalise & next),
recuse from one, export the signed PDF and Excel through the File menu,
quit with Ctrl+Q, and open the workspace again: the app is back on the case
the member was on, in the Case file tab, and everything saved is there, the
history chain intact, both exports valid.  The dialogs the operating system
would draw (files, passphrases) are answered as the other UI tests answer
them; every other step is a key press.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.export.test_dialog import Answers
from tests.ui.member.test_small_screen import small_window
from tests.ui.ui_helpers import wait_idle

pytestmark = pytest.mark.slow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CATEGORY_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3)
CONFIDENCE_KEYS = {"low": Qt.Key.Key_L, "medium": Qt.Key.Key_M, "high": Qt.Key.Key_H}
CATEGORY_CODES = ("no_formal_action", "new_assessment", "formal_risk_management")


def press(qtbot, window, key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """A key typed wherever the keyboard focus is, as a person would."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(QApplication.focusWidget() or window, key, mods)
    QApplication.processEvents()


def menu_entry(qtbot, window, menu_key, entry_key) -> None:
    """Alt+<menu letter>, then the entry's underlined letter."""
    press(qtbot, window, menu_key, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    QTest.keyClick(QApplication.activePopupWidget(), entry_key)
    QApplication.processEvents()


def decide_by_keyboard(qtbot, window, n: int) -> tuple[str, dict]:
    """Decide the open case with keys only; returns its id and what was chosen."""
    page, form = window.review, window.review.form
    case_id = page.current_case_id
    category = CATEGORY_CODES[n % 3]
    confidence = ("low", "medium", "high")[n % 3]
    press(qtbot, window, CATEGORY_KEYS[n % 3], CTRL)
    press(qtbot, window, Qt.Key.Key_E, CTRL)              # the rationale
    assert form.rationale.hasFocus()
    QTest.keyClicks(form.rationale, f"Day test {n}: the file was read in full and the "
                                    "reasons are set out here.")
    # Back from the rationale: the last concern, then (past every concern) the last action.
    press(qtbot, window, Qt.Key.Key_Backtab)
    concern = QApplication.focusWidget()
    assert concern in form.concern_boxes.values()
    press(qtbot, window, Qt.Key.Key_Space)
    for _ in range(len(form.concern_boxes) + 3):  # past the concerns (and the severity)
        press(qtbot, window, Qt.Key.Key_Backtab)
        if QApplication.focusWidget() in form.action_boxes.values():
            break
    action = QApplication.focusWidget()
    assert action in form.action_boxes.values()
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, CONFIDENCE_KEYS[confidence], ALT)
    chosen = {"category": category, "confidence": confidence,
              "concern": next(c for c, b in form.concern_boxes.items() if b is concern),
              "action": next(c for c, b in form.action_boxes.items() if b is action)}
    press(qtbot, window, Qt.Key.Key_Return, CTRL)         # Finalise & next
    qtbot.waitUntil(lambda: page.current_case_id != case_id, timeout=15_000)
    wait_idle(qtbot, window)
    return case_id, chosen


def recuse_by_keyboard(qtbot, window) -> str:
    page = window.review
    case_id = page.current_case_id

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        QTest.keyClicks(dialog.reason, "I sat on the misconduct panel that heard this case.")
        QTest.keyClick(dialog.reason, Qt.Key.Key_Tab)      # to the Recuse button
        assert QApplication.focusWidget() is dialog.ok
        QTest.keyClick(dialog.ok, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer)
    menu_entry(qtbot, window, Qt.Key.Key_D, Qt.Key.Key_C)  # Decision → Re&cuse…
    qtbot.waitUntil(lambda: page.form.locked, timeout=15_000)
    wait_idle(qtbot, window)
    return case_id


def stored(qtbot, window):
    got = []

    def read(ws):
        return ({s.case_id: s.decision for s in ws.decisions.all()},
                ws.decisions.check_history())
    window.db.with_ws(read, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=15_000)
    return got[0]


def test_a_whole_day_by_keyboard_at_1366_by_768(make_window, save_dialog, monkeypatch,
                                                 tmp_path, qtbot, errors):
    from exports.verify import verify_file
    from review.identity import Identity
    from tests.ui.export.test_dialog import ID_PASS
    identity = tmp_path / "identity"
    Identity.generate("Demo Reviewer 1").save(identity, ID_PASS)
    out = tmp_path / "out"
    out.mkdir()
    answers = Answers(monkeypatch, identity, out / "my day.pdf")

    window = small_window(qtbot, make_window())
    welcome = window.welcome
    for _ in range(12):                                  # Tab to the DEMO button
        if welcome.demo_button.hasFocus():
            break
        press(qtbot, window, Qt.Key.Key_Tab)
    assert welcome.demo_button.hasFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=120_000)
    wait_idle(qtbot, window)
    assert window.info.demo and window.info.case_count == 1131

    decided = dict(decide_by_keyboard(qtbot, window, n) for n in range(10))
    assert len(decided) == 10 and len({c["action"] for c in decided.values()}) >= 1
    recused = recuse_by_keyboard(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Down, CTRL)          # on to the next case, and stay there
    qtbot.waitUntil(lambda: window.review.current_case_id != recused, timeout=15_000)
    wait_idle(qtbot, window)
    last_case = window.review.current_case_id

    flow = window.exports
    done: dict = {}
    flow.finished.connect(lambda r: done.setdefault("result", r))
    flow.failed.connect(lambda e: done.setdefault("error", e))
    menu_entry(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_E)  # File → &Export signed PDF and Excel
    qtbot.waitUntil(lambda: "result" in done or "error" in done, timeout=180_000)
    assert "error" not in done, done
    pdf, xlsx = done["result"].pdf_path, done["result"].xlsx_path
    workspace = window.info.path
    before, chain = stored(qtbot, window)

    shown = QApplication.activeWindow()                  # the result: where, who signed
    if shown is not None and shown is not window:
        QTest.keyClick(QApplication.focusWidget() or shown, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not shown.isVisible(), timeout=5_000)
    press(qtbot, window, Qt.Key.Key_Q, CTRL)             # quit
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15_000)

    again = small_window(qtbot, make_window(str(workspace)))
    qtbot.waitUntil(lambda: again.review.current_case_id == last_case, timeout=60_000)
    wait_idle(qtbot, again)
    from ui.member.case_file import TAB_CASE
    assert again.review.case_view.tabs.currentIndex() == TAB_CASE
    after, chain_after = stored(qtbot, again)
    assert after == before and chain_after == chain
    for case_id, chosen in decided.items():
        d = after[case_id]
        assert (d.status, d.category, d.confidence) == ("final", chosen["category"],
                                                         chosen["confidence"])
        assert chosen["action"] in d.actions and chosen["concern"] in d.concerns
        assert d.rationale.startswith("Day test")
    assert after[recused].recused and "misconduct panel" in after[recused].recusal_reason
    for path in (pdf, xlsx):
        report = verify_file(path)
        assert report.valid, report.reason
        assert report.decision_count == 11
    assert errors == []
