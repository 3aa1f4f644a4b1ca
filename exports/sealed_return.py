"""Sealed returns: a member's signed PDF and workbook inside one sealed file.

The export is built and signed as ever, then both files go into a ZIP made
in memory and sealed (review/seal.py, kind "return") for the coordinator
and the member; only that sealed file is written.  ``merge`` and the
coordinator's import open it in memory and verify the workbook inside as
if it had come on its own.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from review.errors import VerificationError
from review.identity import Identity
from review.seal import Recipient, is_sealed, open_sealed, seal

SUFFIX = ".prs"
KIND = "return"
MAX_ENTRY = 512 << 20
_SUFFIXES = (".pdf", ".xlsx")


class SealedReturnInvalid(VerificationError):
    """A sealed return that cannot be opened or does not hold what it should."""


def pack_return(files: dict[str, bytes], identity: Identity, recipients: list[Recipient]) -> bytes:
    """The sealed file holding ``files`` (names ending .pdf / .xlsx), signed by ``identity``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # both are compressed already
            zf.writestr(info, data)
    return seal(buf.getvalue(), identity, recipients, kind=KIND)


def return_recipients(data, identity: Identity) -> list[Recipient]:
    """The coordinator whose certificate came with the bundle (``data``, an ExportData) and
    the member: who a return from this workspace is sealed for.  Raises ExportError saying
    why the coordinator's certificate cannot be used."""
    from exports.errors import ExportError
    from review.identity import cert_from_pem, common_name, fingerprint_of
    from review.errors import PanelReviewError
    if not data.coordinator_cert:
        raise ExportError("This workspace does not hold the coordinator's certificate, so the "
                          "export cannot be sealed for them.")
    try:
        cert = cert_from_pem(data.coordinator_cert.encode("ascii"))
    except (PanelReviewError, UnicodeEncodeError):
        raise ExportError("The coordinator's certificate kept in this workspace cannot be "
                          "read, so the export cannot be sealed for them.") from None
    if fingerprint_of(cert) != data.coordinator_fingerprint:
        raise ExportError("The coordinator's certificate kept in this workspace is not the one "
                          "that signed the bundle, so the export cannot be sealed for them.")
    return [Recipient(f"the coordinator, {common_name(cert)}", cert),
            Recipient(f"{data.member_id}, {identity.name}", identity.certificate)]


def is_sealed_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return is_sealed(f.read(8))
    except OSError:
        return False


def open_return(data: bytes, reader: Identity | None, name: str) -> dict[str, bytes]:
    """The files inside a sealed return, opened in memory; raises a sentence on any failure."""
    opened = open_sealed(data, reader, name=name)
    if opened.kind != KIND:
        raise SealedReturnInvalid(f"{name} is a sealed {opened.kind}, not a member's export.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(opened.content))
        infos = zf.infolist()
        if not infos or len(infos) > 2 or len({i.filename for i in infos}) != len(infos):
            raise ValueError
        files = {}
        for info in infos:
            if not info.filename.endswith(_SUFFIXES) or "/" in info.filename \
                    or info.file_size > MAX_ENTRY:
                raise ValueError
            files[info.filename] = zf.read(info)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        raise SealedReturnInvalid(f"{name} was sealed by {opened.sender_name} but does not hold "
                                  "a signed PDF and workbook that can be read.") from None
    return files


def workbook_of(path: Path, reader: Identity | None) -> tuple[str, bytes]:
    """(name, bytes) of the signed workbook in the sealed return at ``path``."""
    files = open_return(Path(path).read_bytes(), reader, Path(path).name)
    for name, data in files.items():
        if name.endswith(".xlsx"):
            return name, data
    raise SealedReturnInvalid(f"{Path(path).name} holds no signed workbook, only a PDF; "
                              "the merge needs the workbook.")
