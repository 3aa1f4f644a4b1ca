"""Review criteria and guidance, shown beside the decision form.

Short, plain text a panel member can glance at while deciding: what each
category means, what the regulations regime changes, and what a rationale
must do.  The regime paragraph follows the case on screen.  On a small
screen the criteria can be folded away to a one-line header, leaving the
height to the decision form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from review.cases import REGIMES
from ui.theme import CATEGORY_COLOURS

_CATEGORIES = [
    ("no_formal_action", "No formal action",
     "the action taken at the time was correct; no line of inquiry is left open and no risk "
     "needs managing now."),
    ("new_assessment", "New assessment",
     "new information, or inquiries missed at the time, could change the outcome: the case "
     "should be assessed again."),
    ("formal_risk_management", "Formal risk management",
     "the subject presents a risk that must be managed formally now, and whether they should "
     "remain in the service may need review."),
]

# The regime follows the date the allegation came to the attention of the
# appropriate authority (normally the date reported), not the conduct date.
_REGIME = {
    "2004": ("Came to attention before 1 December 2008: the <b>Police (Conduct) Regulations "
             "2004</b> apply. A misconduct hearing could order dismissal, a requirement to "
             "resign, reduction in rank, a fine, a reprimand or a caution; short of a hearing, "
             "management advice or a written warning."),
    "2008": ("Came to attention from 1 December 2008 to 21 November 2012: the <b>2008 "
             "regulations</b> apply. Management action or advice is available; reflective "
             "practice review (RPRP) is not."),
    "2012": ("Came to attention from 22 November 2012 to 31 January 2020: the <b>2012 "
             "regulations</b> apply. Management action or advice is available; reflective "
             "practice review (RPRP) is not."),
    "2020": ("Came to attention on or after 1 February 2020: the <b>2020 regulations</b> "
             "apply. Practice requiring improvement and the reflective practice review process "
             "(RPRP) replace management action or advice."),
    "staff": ("Police staff are not under the Conduct Regulations: the force’s <b>police "
              "staff misconduct procedure</b> applies, with its own outcomes (management "
              "action, written warning, final written warning, dismissal). Regulation 13 is "
              "for probationers only."),
}
_STATED = ("A case list may state the regulations of a case (a transitional case); the "
           "stated regulations then apply, whatever the dates.")

_CRITERIA = [
    "Decide independently: the Met\u2019s category is shown for reference, not as an answer.",
    "Explain every decision in the rationale, including a decision not to act (IOPC guidance).",
    "Look at linked cases of the same subject: a pattern matters even when each case alone "
    "seems minor.",
    "Note delay: over 400 days from report to outcome, and especially over two years, is "
    "itself a concern to record when it harmed the investigation.",
    "Record concerns (discrimination, sexual misconduct, deficient investigation, victim not "
    "contacted) even when you agree with the Met.",
    "Recuse if you know the subject, the complainant or the investigators.",
]


def guidance_html(regime: str | None) -> str:
    out = ['<h4 style="margin-top:0">Review criteria</h4><ul style="margin-left:-18px">']
    out += [f"<li>{c}</li>" for c in _CRITERIA]
    out.append("</ul><h4>Categories</h4>")
    for code, name, text in _CATEGORIES:
        fg, _ = CATEGORY_COLOURS[code]
        out.append(f'<p><b style="color:{fg}">{name}</b>: {text}</p>')
    if regime in _REGIME:
        if regime == "staff":
            out.append(f"<h4>Procedure for this case</h4><p>{_REGIME[regime]}</p>")
        else:
            out.append(f"<h4>Regulations for this case</h4><p>{_REGIME[regime]}</p>"
                       f"<p>{_STATED}</p>")
    else:
        out.append("<h4>Regulations</h4><p>" + " ".join(REGIMES.values()) + ".</p>")
    return "".join(out)


class GuidancePanel(QTextBrowser):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review guidance")
        self.setOpenLinks(False)
        # One document per regime, kept with its layout: stepping through cases of
        # different regimes swaps documents instead of parsing and laying out the
        # same text again at nearly every switch.
        self._documents: dict[str | None, QTextDocument] = {}
        self.show_regime(None)

    def show_regime(self, regime: str | None) -> None:
        doc = self._documents.get(regime)
        if doc is None:
            doc = QTextDocument(self)
            doc.setDocumentMargin(self.document().documentMargin())
            doc.setHtml(guidance_html(regime))
            self._documents[regime] = doc
        if doc.defaultFont() != self.font():  # the font may have changed since it was made
            doc.setDefaultFont(self.font())
        if doc is not self.document():
            self.setDocument(doc)


class GuidancePane(QWidget):
    """The guidance with a header button that folds it away and back."""

    collapsed_changed = Signal(bool)

    def __init__(self, panel: GuidancePanel, parent=None) -> None:
        super().__init__(parent)
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggle.setAccessibleName("Show review criteria")
        self.toggle.toggled.connect(self._toggled)
        layout.addWidget(self.toggle)
        layout.addWidget(panel, 1)
        self._toggled(True)

    @property
    def collapsed(self) -> bool:
        return not self.toggle.isChecked()

    def set_collapsed(self, collapsed: bool) -> None:
        self.toggle.setChecked(not collapsed)

    def _toggled(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.toggle.setText("Review criteria and guidance" if shown else
                            "Review criteria and guidance (folded away: click to show)")
        self.panel.setVisible(shown)
        # Folded, the pane is its header only, so the splitter gives the form the rest.
        self.setMaximumHeight(16_777_215 if shown else self.toggle.sizeHint().height())
        self.collapsed_changed.emit(not shown)
