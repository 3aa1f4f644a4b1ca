"""What each Insights figure shows and what it cannot show, in plain words.

The app's Insights page, the consolidated PDF and the workbook's Insights
sheets print these same sentences under the same figures, so that a reader
of any of them is told the same thing.  docs/insights.md says it at length.
"""

from __future__ import annotations

from review.insights.rates import MIN_CELL

MATRIX = (
    "Each row is the Met's category for a case and each column the panel's. Cases on the "
    "diagonal were left where the Met put them; cases to the right of it were escalated (the "
    "panel chose a more serious category) and cases to the left de-escalated. It counts "
    "decisions, not whether either side was right.")

GROUPS = (
    "For each group of subjects, how often each outcome happened, with a 95% interval: the "
    "range of rates that fit these cases, given how few there are. The relative rate divides "
    "the group's rate by the reference group's (named in each table): 1.00 means the same "
    "rate, 1.80 means 80% more often. A flag means the difference is larger than chance "
    "alone would often give, after allowing for the many comparisons made at once. A "
    "difference is not in itself evidence of unfair treatment: groups may differ in the "
    "cases they were subjects of.")

UNDER = (
    "How often the panel moved the Met's category up for sexual misconduct and for "
    "discrimination cases, against all other decided cases. A relative rate above 1 means "
    "the Met's categories for these cases were raised more often than for others, the "
    "pattern the original review found. It cannot say why.")

REPEAT = (
    "How many subjects have one, two, three to five, and six or more cases in the list, and "
    "each repeat subject's cases in date order with the Met's and the panel's categories. "
    "The relative rate compares how often the panel escalated repeat subjects' cases with "
    "one-case subjects'. The list holds only the cases sent for reassessment, so a subject's "
    "other cases elsewhere are not counted.")

DELAY = (
    "Days from the report to the original outcome. The median is the middle case: half "
    "took longer. The shares over 400 days (the review's average) and over two years are "
    "given with 95% intervals, for all cases and by allegation type. Cases whose report or "
    "outcome date is not recorded, or whose outcome is dated before the report, are counted "
    "but left out of the days.")

METHOD = (
    "Rates are given with 95% Wilson intervals, relative rates with 95% intervals by "
    "the log method (Katz). A relative rate whose group or reference has no case with the "
    "outcome cannot be estimated and is said to be so. Any group of fewer than "
    f"{MIN_CELL} cases is not shown (\"fewer than {MIN_CELL}\") and is never used as a "
    "reference; \"not recorded\" and \"not stated\" are shown as groups of their own. A case "
    "with several allegation types counts in each of them. Flags are decided over every "
    "group comparison together with the Benjamini-Hochberg procedure, keeping the expected "
    "share of false flags at or below 5%. The panel's figures read its final decisions, "
    "agreed or adjudicated; cases not yet decided count only where the Met's own record is "
    "read (the Met's formal action, repeat subjects and delay).")

NO_FLAGS = ("No difference between groups survived the false-discovery-rate control at 5%.")
