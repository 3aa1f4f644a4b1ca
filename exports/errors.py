"""Exception classes of the signed exports.

Messages are sentences for a person (the command line prints them, the app
shows them in a dialog) and never contain case text: at most a case id and
a cell reference.
"""

from __future__ import annotations

from review.errors import PanelReviewError, VerificationError


class ExportError(PanelReviewError):
    """An export could not be made; no file was written."""


class ExportCancelled(ExportError):
    """The person cancelled the export; no file was written."""

    def __init__(self, message: str = "The export was cancelled; no file was written."):
        super().__init__(message)


class UnsupportedFile(PanelReviewError):
    """A file given to ``verify`` is missing or is neither a PDF nor a workbook."""


class SignedFileInvalid(VerificationError):
    """A signed export did not verify.

    ``reason`` is the sentence to show; ``cell`` names the first edited cell
    of a workbook (``"Decisions!H12"``) when the failure is an edited cell.
    """

    def __init__(self, reason: str, *, cell: str | None = None):
        self.reason, self.cell = reason, cell
        super().__init__(reason)
