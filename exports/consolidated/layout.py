"""The consolidated workbook's layout: its format name, sheets and columns.

Both the writer (:mod:`exports.consolidated.xlsx`) and the verifier
(:mod:`exports.consolidated.verify`) read it from here, so neither imports
the other.
"""

from __future__ import annotations

from exports.xlsx.columns import DATETIME_FORMAT, Column

FORMAT = "panel-review/consolidated-workbook"
# 2: the Agreement sheet gained Gwet's AC1, the 95% interval bounds and Cohen's kappa per
#    reviewer pair on every field (1 had the pairs on the panel category only).
# 3: four Insights sheets (the figures behind the PDF's Insights section).
FORMAT_VERSION = 3
PERCENT, KAPPA = "0.0%", "0.00"

FINAL_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", 13),
    Column("original_ref", "Original reference", 17),
    Column("met_category", "Met category", 22),
    Column("regime", "Regulations", 11),
    Column("status", "Status", 14),
    Column("how", "How reached", 26),
    Column("category", "Final category", 22),
    Column("decided", "Category, actions and severity", 20, wrap=True),
    Column("agrees", "Agrees with Met", 10, wrap=True),
    Column("actions", "Recommended actions (raised by k of n reviewers)", 40, wrap=True),
    Column("severity", "Severity", 16),
    Column("concerns", "Concerns (raised by k of n reviewers)", 36, wrap=True),
    Column("confidence", "Each reviewer's confidence", 16, wrap=True),
    Column("rationale", "Adjudication rationale", 70, wrap=True),
    Column("reviewers", "Reviewers", 14),
    Column("adjudicated_at", "Adjudicated (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("version", "Adjudication version", 11, wrap=True),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", 13),
    Column("reviewer_id", "Reviewer ID", 11),
    Column("reviewer", "Reviewer", 22),
    Column("case_status", "Case status", 14),
    Column("state", "Review state", 14, wrap=True),
    Column("category", "Category", 22),
    Column("agrees", "Agrees with Met", 10, wrap=True),
    Column("actions", "Recommended actions", 36, wrap=True),
    Column("severity", "Severity", 16),
    Column("concerns", "Concerns", 28, wrap=True),
    Column("confidence", "Confidence", 11),
    Column("rationale", "Rationale", 70, wrap=True),
    Column("recusal_reason", "Recusal reason", 36, wrap=True),
)
DISAGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", 13),
    Column("met_category", "Met category", 22),
    Column("status", "Status", 14),
    Column("differing", "Fields that differ", 20, wrap=True),
    Column("categories", "Reviewers' categories", 34, wrap=True),
    Column("actions", "Reviewers' actions", 50, wrap=True),
    Column("severities", "Reviewers' severity", 26, wrap=True),
    Column("final_category", "Final category", 22),
    Column("final_actions", "Final actions", 36, wrap=True),
    Column("final_severity", "Final severity", 16),
    Column("rationale", "Adjudication rationale", 70, wrap=True),
    Column("adjudicated_at", "Adjudicated (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("hash", "History entry hash (SHA-256)", 20),
)
AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("field", "Field", 44),
    Column("percent", "Percent agreement", 12, number_format=PERCENT),
    Column("unanimous", "Unanimous cases", 12, number_format=PERCENT),
    Column("fleiss", "Fleiss kappa", 10, number_format=KAPPA),
    Column("alpha", "Krippendorff alpha", 12, number_format=KAPPA),
    Column("ac1", "Gwet AC1", 10, number_format=KAPPA),
    Column("cases", "Cases (n)", 9),
    Column("ratings", "Ratings", 9),
    Column("excluded", "Cases with fewer than 2 ratings", 14, wrap=True),
    # 95% percentile-bootstrap bounds (review.panel.bootstrap), values to 4 decimals
    Column("percent_low", "Percent agreement 95% low", 12, wrap=True, number_format=PERCENT),
    Column("percent_high", "Percent agreement 95% high", 12, wrap=True, number_format=PERCENT),
    Column("fleiss_low", "Fleiss kappa 95% low", 10, wrap=True, number_format=KAPPA),
    Column("fleiss_high", "Fleiss kappa 95% high", 10, wrap=True, number_format=KAPPA),
    Column("alpha_low", "Krippendorff alpha 95% low", 12, wrap=True, number_format=KAPPA),
    Column("alpha_high", "Krippendorff alpha 95% high", 12, wrap=True, number_format=KAPPA),
    Column("ac1_low", "Gwet AC1 95% low", 10, wrap=True, number_format=KAPPA),
    Column("ac1_high", "Gwet AC1 95% high", 10, wrap=True, number_format=KAPPA),
    Column("note", "Note", 50, wrap=True),
)
FILE_COLUMNS: tuple[Column, ...] = (
    Column("seq", "Entry", 7),
    Column("source", "File", 28, wrap=True),
    Column("member_id", "Member ID", 11),
    Column("member", "Member", 22),
    Column("exported_at", "Exported (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("imported_at", "Offered to the merge (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("outcome", "Outcome", 14),
    Column("reason", "Reason", 80, wrap=True),
)
INSIGHT_GROUP_COLUMNS: tuple[Column, ...] = (
    Column("row", "Figure", 60, wrap=True),
    Column("outcome", "Outcome", 30, wrap=True),
    Column("dimension", "Grouped by", 18),
    Column("group", "Group", 18),
    Column("reference", "Reference group", 14),
    Column("n", "Cases (n)", 9),
    Column("k", "With the outcome (k)", 12, wrap=True),
    Column("rate", "Rate", 9, number_format=PERCENT),
    Column("rate_low", "Rate 95% low", 9, wrap=True, number_format=PERCENT),
    Column("rate_high", "Rate 95% high", 9, wrap=True, number_format=PERCENT),
    Column("ratio", "Relative rate", 9, wrap=True, number_format=KAPPA),
    Column("ratio_low", "Relative rate 95% low", 10, wrap=True, number_format=KAPPA),
    Column("ratio_high", "Relative rate 95% high", 10, wrap=True, number_format=KAPPA),
    Column("flag", "Flagged (false-discovery rate 5%)", 14, wrap=True),
    Column("note", "Note", 40, wrap=True),
)
INSIGHT_DELAY_COLUMNS: tuple[Column, ...] = (
    Column("group", "Cases", 20),
    Column("n", "Cases with usable dates", 12, wrap=True),
    Column("without", "Without usable dates", 12, wrap=True),
    Column("median", "Median days", 9, wrap=True),
    Column("over400", "Over 400 days", 9, wrap=True, number_format=PERCENT),
    Column("over400_low", "Over 400 days 95% low", 10, wrap=True, number_format=PERCENT),
    Column("over400_high", "Over 400 days 95% high", 10, wrap=True, number_format=PERCENT),
    Column("over730", "Over two years", 9, wrap=True, number_format=PERCENT),
    Column("over730_low", "Over two years 95% low", 10, wrap=True, number_format=PERCENT),
    Column("over730_high", "Over two years 95% high", 10, wrap=True, number_format=PERCENT),
    Column("bins", "Cases by days (histogram)", 70, wrap=True),
)
INSIGHT_REPEAT_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", 13),
    Column("subject", "Subject", 14),
    Column("cases", "Subject's cases", 9, wrap=True),
    Column("order", "Order", 7),
    Column("conduct", "Conduct date", 12),
    Column("met", "Met category", 22),
    Column("panel", "Panel category", 22),
)
PAIRWISE_HEADERS = ("Field", "Reviewer pair", "Cohen kappa", "Cases both rated", "Note")
OUTCOMES = {"accepted": "Merged", "superseded": "Superseded", "refused": "Refused"}

# Signed sheets and the column (0-based) holding each row's key.
INSIGHTS, INSIGHT_GROUPS = "Insights", "Insights by group"
INSIGHT_DELAY, INSIGHT_REPEAT = "Insights delay", "Insights repeat subjects"
SIGNED_SHEETS: dict[str, int | None] = {"Final decisions": 0, "Reviews": 0, "Disagreements": 0,
                                        "Agreement": 0, "Files": 1, INSIGHTS: None,
                                        INSIGHT_GROUPS: 0, INSIGHT_DELAY: 0, INSIGHT_REPEAT: 0,
                                        "About": None}
SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    "Final decisions": FINAL_COLUMNS, "Reviews": REVIEW_COLUMNS,
    "Disagreements": DISAGREEMENT_COLUMNS, "Agreement": AGREEMENT_COLUMNS, "Files": FILE_COLUMNS,
    INSIGHT_GROUPS: INSIGHT_GROUP_COLUMNS, INSIGHT_DELAY: INSIGHT_DELAY_COLUMNS,
    INSIGHT_REPEAT: INSIGHT_REPEAT_COLUMNS}
