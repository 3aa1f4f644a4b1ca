"""The Insights sheets and PDF section of the consolidated result: the analysis's numbers,
inside the signature, suppressed where a group is small, explained in plain words."""

from __future__ import annotations

import pytest

from review.insights import words
from review.insights.rates import SUPPRESSED
from review.panel.workspace import CoordinatorWorkspace
from tests.conftest import PASSPHRASE
from tests.exports.consolidated.conftest import _pdftotext

from exports.consolidated.publish import collect_consolidated
from exports.consolidated.verify import read_consolidated_workbook
from exports.errors import SignedFileInvalid


@pytest.fixture(scope="module")
def insights(consolidated):
    with CoordinatorWorkspace.open(consolidated.folder / "coordinator.prw", PASSPHRASE) as coord:
        return collect_consolidated(coord).insights


def _sheet_rows(path, name):
    from openpyxl import load_workbook
    ws = load_workbook(path)[name]
    heads = [c.value for c in ws[1]]
    return [dict(zip(heads, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_every_group_rate_is_in_the_workbook_as_analysed(consolidated, insights):
    rows = {r["Figure"]: r for r in _sheet_rows(consolidated.xlsx, "Insights by group")}
    seen_suppressed = seen_shown = False
    for table in insights.groups:
        for g in table.rows:
            row = rows[f"{table.outcome.label} \u2013 {table.dimension.label}: {g.label}"]
            if g.rate.suppressed:
                seen_suppressed = True
                assert row["Cases (n)"] == SUPPRESSED and row["Rate"] == SUPPRESSED
                assert row["Rate 95% low"] is None and row["Relative rate"] is None
            else:
                seen_shown = True
                assert (row["Cases (n)"], row["With the outcome (k)"]) == (g.rate.n, g.rate.k)
                if g.rate.n:
                    assert row["Rate"] == pytest.approx(g.rate.value, abs=5e-5)
                    assert row["Rate 95% low"] == pytest.approx(g.rate.interval[0], abs=5e-5)
            assert row["Reference group"] == next(r.label for r in table.rows if r.is_reference)
    assert seen_suppressed and seen_shown  # 30 cases: both kinds occur


def test_delay_and_repeat_sheets_hold_the_analysis(consolidated, insights):
    delay = {r["Cases"]: r for r in _sheet_rows(consolidated.xlsx, "Insights delay")}
    everyone = insights.delay[0]
    assert delay["All cases"]["Median days"] == everyone.median
    assert delay["All cases"]["Over two years"] == pytest.approx(everyone.over[1].value, abs=5e-5)
    repeat = _sheet_rows(consolidated.xlsx, "Insights repeat subjects")
    assert len(repeat) == sum(len(t) for _, t in insights.repeat.timelines)
    assert [r["Case ID"] for r in repeat[:len(insights.repeat.timelines[0][1])]] == [
        t.case_id for t in insights.repeat.timelines[0][1]]


def test_the_insights_summary_sheet_says_the_method_and_is_signed(consolidated, tmp_path):
    from openpyxl import load_workbook
    wb = load_workbook(consolidated.xlsx)
    summary = {ws_row[0].value: ws_row[1].value for ws_row in wb["Insights"].iter_rows()}
    assert summary["Method"] == words.METHOD
    assert "final decisions" in summary["Whose decisions"]
    row = next(r for r in range(1, wb["Insights"].max_row + 1)
               if wb["Insights"][f"A{r}"].value == "Escalated by the panel")
    wb["Insights"][f"B{row}"].value = "90% (85–95%), 27 of 30"
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(SignedFileInvalid) as err:
        read_consolidated_workbook(tmp_path / "edited.xlsx")
    assert err.value.cell == f"Insights!B{row}"
    assert "Escalated by the panel" in err.value.reason


def test_the_pdf_has_the_insights_section_in_plain_words(consolidated, insights):
    text = " ".join(_pdftotext(consolidated.pdf).split())
    assert "Insights: patterns across the panel's decisions" in text
    for paragraph in (words.MATRIX, words.UNDER, words.METHOD):
        assert " ".join(paragraph.split()[:12]) in text
    assert "fewer than 10" in text
    assert f"Median {insights.delay[0].median:,.0f} days" in text
