"""Action labels in exports: every code labelled once, earlier labels still read."""

from __future__ import annotations

from exports import vocab
from review.decisions import ACTIONS


def test_every_action_has_its_own_label_and_reads_back():
    labels = [vocab.label("action", code) for code in ACTIONS]
    assert len(set(labels)) == len(labels) and all(labels)
    assert vocab.split_labels("action", vocab.join_labels("action", list(ACTIONS))) == \
        tuple(ACTIONS)
    assert vocab.label("action", "final_written_warning") == "Final written warning"
    assert vocab.label("action", "practice_requiring_improvement") == \
        "Practice requiring improvement"


def test_labels_that_earlier_versions_wrote_still_read_as_their_codes():
    assert vocab.split_labels(
        "action", "Management action or advice (2012 regulations); Reflective practice review "
                  "(RPRP); Vetting review") == ("management_action", "rprp", "vetting_review")
    assert vocab.code("action", "Something else") == "Something else"
