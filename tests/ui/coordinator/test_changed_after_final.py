"""The case view names a decision a reviewer changed after it was final, both versions shown."""

from __future__ import annotations

from review.decisions import Decision
from review.panel.after_final import ChangedAfterFinal


def test_the_comparison_shows_both_versions_and_the_review_mark(qtbot):
    from ui.coordinator.compare import ReviewComparison
    view = ReviewComparison()
    qtbot.addWidget(view)
    before = Decision(category="new_assessment", actions=("further_inquiry",),
                      rationale="x", status="final")
    after = Decision(category="formal_risk_management", actions=("vetting_review",),
                     rationale="y", status="final")
    view.show_changes([ChangedAfterFinal("PR-0004", "R01", 2, 3, before, after,
                                         needs_review=True)], {"R01": "Dr <b>A</b>"})
    text = view.changed.text()
    assert not view.changed.isHidden()
    assert "changed after it was final: version 2 \u2192 3" in text
    assert "Version 2: final; New assessment" in text and "Version 3: final; Formal risk" in text
    assert "Dr &lt;b&gt;A&lt;/b&gt; (R01)" in text          # a name is text, never markup
    assert "marked for review" in text
    view.show_changes([], {})
    assert view.changed.isHidden()
