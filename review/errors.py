"""Exception classes of the domain core.

Every message is a sentence meant for a person: it says what happened and,
where there is something to do, what to do. The command line prints it as
it is and the app shows it in a dialog, so none may contain case text.
"""


class PanelReviewError(Exception):
    """Base class; ``str(err)`` is a complete sentence for the user."""

    #: exit status for the command line: 1 verification failed, 2 bad input
    exit_code = 2


class VerificationError(PanelReviewError):
    """A signature, hash or chain did not verify."""

    exit_code = 1


class FileUnreadable(PanelReviewError):
    """A file named by the user does not exist or cannot be read."""


class IdentityError(PanelReviewError):
    """A signing identity is missing, damaged or locked by another passphrase."""


class WrongPassphrase(PanelReviewError):
    """The passphrase does not unlock the key or workspace."""


class BundleError(VerificationError):
    """A bundle is malformed, altered, or signed by the wrong person."""


class CaseDataError(PanelReviewError):
    """Case data does not have the shape the program needs."""


class WorkspaceError(PanelReviewError):
    """The workspace cannot be opened or does not accept the operation."""


class WorkspaceLocked(WorkspaceError):
    """Another Panel Review window already has this workspace open."""


class HistoryError(VerificationError):
    """The hash-chained history does not verify."""


class DecisionInvalid(PanelReviewError):
    """A decision cannot be finalised; ``errors`` maps field → sentence."""

    def __init__(self, errors: dict[str, str],
                 lead: str = "The decision cannot be finalised yet."):
        self.errors = dict(errors)
        super().__init__(" ".join([lead, *self.errors.values()]))


class UnknownCase(PanelReviewError):
    """A case id that is not in this workspace (or not assigned to this member)."""


class StorageError(PanelReviewError):
    """The disk refused a write: full, read-only or gone (review.storage makes these)."""


class DiskFull(StorageError):
    """No space left (or the quota is used up) where a file was being written."""


class FolderUnwritable(StorageError):
    """The folder is read-only, or was removed while in use (a USB stick pulled out)."""
