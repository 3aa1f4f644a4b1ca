"""Choosing and unlocking a signing identity: one place for every flow that needs one.

The export signs with it, and opening a sealed bundle decrypts with it.  The
person chooses the identity's folder (remembered under a settings key: a
folder, never case text), sees whose identity it is and its fingerprint,
and types the passphrase; a wrong one asks again, saying why.  The dialogs
themselves live in ``ui.export.dialogs`` so that tests replace them in one
place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from ui import errors as ui_errors
from ui import paths


def _dialogs():
    from ui.export import dialogs  # loads the signing library: only when an identity is needed
    return dialogs


def remembered_folder(key: str) -> str:
    remembered = str(paths.settings().value(key, "") or "")
    return remembered if remembered and Path(remembered).is_dir() else str(Path.home())


def unlock(window: QWidget, *, key: str, title: str, what: str | None = None,
           purpose: str | None = None, create: Callable[[Path], object] | None = None,
           refuse: Callable[[object], str | None] | None = None,
           ask: Callable[[str, str, str | None], str | None] | None = None):
    """The unlocked identity, or None when the person cancels.

    ``create(folder)`` is offered when the chosen folder holds no identity
    (the export flow creates one there); without it such a folder is
    explained and another is asked for.  ``refuse(certificate)`` may return
    why this identity cannot do what is asked (a file sealed for someone
    else): it is said before the passphrase is asked, and another folder is
    offered.  ``ask(name, fingerprint, error)`` replaces the passphrase
    question where a flow words it its own way.
    """
    from review.errors import IdentityError, PanelReviewError, WrongPassphrase
    from review.identity import (CERT_FILE, common_name, fingerprint_of, load_certificate,
                                 load_identity)
    start = remembered_folder(key)
    while True:
        name = QFileDialog.getExistingDirectory(window, title, start)
        if not name:
            return None
        folder = Path(name)
        if (folder / CERT_FILE).is_file():
            try:
                cert = load_certificate(folder)
            except PanelReviewError as exc:
                ui_errors.show_error(window, exc)
                return None
            why = refuse(cert) if refuse is not None else None
            if why is None:
                break
            ui_errors.show_error(window, IdentityError(why))
            start = str(folder)
            continue
        if create is None:
            ui_errors.show_error(window, IdentityError(
                f"There is no signing identity in the folder {folder}. Choose the folder "
                "that holds your signing identity."))
            start = str(folder)
            continue
        choice = _dialogs().no_identity(window, folder)
        if choice == "another":
            start = str(folder)
            continue
        return create(folder) if choice == "create" else None
    error = None
    # Unset, the dialog asks the export's question ("The export will be signed as …").
    extra = {k: v for k, v in (("what", what), ("purpose", purpose)) if v is not None}
    while True:
        if ask is not None:
            passphrase = ask(common_name(cert), fingerprint_of(cert), error)
        else:
            passphrase = _dialogs().ask_identity_passphrase(
                window, common_name(cert), fingerprint_of(cert), error, **extra)
        if passphrase is None:
            return None
        try:
            identity = load_identity(folder, passphrase)
        except WrongPassphrase as exc:
            error = str(exc)  # ask again, saying why
            continue
        except PanelReviewError as exc:
            ui_errors.show_error(window, exc)
            return None
        paths.settings().setValue(key, str(folder))
        from review.keyring import learn_and_save  # verify then names you as the signer
        learn_and_save(lambda keyring: keyring.learn_own(identity.name, identity.fingerprint))
        return identity
