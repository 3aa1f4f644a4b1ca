"""Back and Forward as in a browser; linked cases an older bundle did not describe."""

from __future__ import annotations

from review.workspace.linked import LinkedEntry
from ui.member.case_html import NOT_RECORDED, linked_html
from ui.member.case_trail import LIMIT, CaseTrail


def test_trail_goes_back_and_forward_and_a_new_visit_drops_forward():
    t = CaseTrail()
    assert t.back() is None and t.forward() is None
    for c in ("A", "B", "C"):
        t.visit(c)
    t.visit("C")  # shown again: not a new step
    assert t.back() == "B" and t.back() == "A" and t.back() is None
    t.visit("A")  # Back arriving
    assert t.can_forward() and t.forward() == "B"
    t.visit("D")
    assert not t.can_forward() and t.back() == "B"


def test_trail_keeps_the_latest_cases_only():
    t = CaseTrail()
    for i in range(LIMIT + 10):
        t.visit(str(i))
    steps = 0
    while t.back() is not None:
        steps += 1
    assert steps == LIMIT - 1


def test_linked_cases_without_date_or_allegations_say_not_recorded():
    html = linked_html("S-1<b>", [
        LinkedEntry("PR-0002", "new_assessment", False, None, None, None),
        LinkedEntry("PR-0003", None, True, "2018-05-01", ("domestic_abuse",), "draft")])
    assert html.count(NOT_RECORDED) == 2 and "S-1&lt;b&gt;" in html and "<b>S-1<b>" not in html
    assert "1 new assessment, 1 not shown yet" in html
    assert "1 May 2018" in html and "Domestic abuse" in html and "yours: draft" in html
