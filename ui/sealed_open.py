"""Which key opens a bundle: none (plain), the DEMO key, or the member's own identity.

A sealed bundle (review/seal.py) lists whom it is sealed for.  The DEMO
bundle is sealed to the public DEMO key and opens by itself.  Any other is
opened with the person's signing identity: they choose its folder (the one
their exports are signed with, remembered) and type its passphrase.  An
identity the bundle is not sealed for is told so by name before any
passphrase is asked ("This bundle is sealed for R02, Dr B; your identity is
Dr A.").  The key stays in memory; nothing decrypted is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui import errors as ui_errors

IDENTITY_KEY = "export/identity_dir"  # the identity that signs the member's exports
CANCELLED = object()


def reader_for(window: QWidget, bundle: Path):
    """None (no identity needed), the unlocked identity, or ``CANCELLED``."""
    from review.bundle.format import sealed_for
    from review.errors import PanelReviewError
    try:
        recipients = sealed_for(bundle)
    except PanelReviewError as exc:
        ui_errors.show_error(window, exc)
        return CANCELLED
    if recipients is None:
        return None  # a plain bundle: the trust dialog warns that it travelled readable
    from review.demo.key import is_demo_sealed
    if is_demo_sealed(recipients):
        return None
    from review.identity import common_name, fingerprint_of
    from review.inert import inert
    labels = "; ".join(inert(label) for label, _ in recipients)

    def refuse(cert) -> str | None:
        if any(fp == fingerprint_of(cert) for _, fp in recipients):
            return None
        return (f"This bundle is sealed for {labels}; your identity is "
                f"{inert(common_name(cert))}. Choose the folder of the identity it is sealed "
                "for, or ask the coordinator for your own bundle.")

    from ui import identity_unlock
    identity = identity_unlock.unlock(
        window, key=IDENTITY_KEY, purpose="open", refuse=refuse,
        what=f"The bundle {inert(bundle.name)}",
        title="The bundle is sealed: choose the folder of your signing identity")
    return CANCELLED if identity is None else identity
