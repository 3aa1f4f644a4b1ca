"""The keyring: certificates this person has reason to know, and where from.

A valid signature proves only that a file was not changed since *someone*
signed it.  ``verify`` should say who, in terms a person can check: "signed
by Dr A (R01), known from bundle Wave 2", or that the signer is NOT known.
So the app keeps a small keyring in the user's data folder, learnt as the
person works:

- the coordinator who signed each bundle opened (after its fingerprint was
  shown, or pinned with ``--coordinator``);
- every member whose certificate the roster of such a bundle pins;
- the person's own signing identity.

Entries are keyed by certificate fingerprint and hold names, roster ids and
where they were learnt: ids, names and titles only, never case text.  An
entry once learnt keeps its first source, except that the person's own
identity always reads as theirs.  A damaged keyring file is read as empty
(verification then says "not known", which is the safe direction) and is
replaced on the next write.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from review.atomic import atomic_write_bytes
from review.identity import format_fingerprint

KEYRING_FILE = "keyring.json"
HOME_ENV = "PANEL_REVIEW_HOME"  # the same override as the app's data folder
VERSION = 1


@dataclass(frozen=True)
class KnownSigner:
    fingerprint: str             # 64 hex digits
    name: str
    role: str                    # "coordinator", "member" or "you"
    source: str                  # where it was learnt, for people: "bundle Wave 2 (b-1)"
    reviewer_id: str | None = None

    def label(self) -> str:
        """``Dr A (R01)``, ``Dr C (coordinator)`` or ``Dr A (you)``."""
        tag = {"coordinator": "coordinator", "you": "you"}.get(self.role, self.reviewer_id)
        return f"{self.name} ({tag})" if tag else self.name


def default_path() -> Path:
    """keyring.json in the data folder (PANEL_REVIEW_HOME, else the platform's)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / KEYRING_FILE
    from platformdirs import user_data_dir
    return Path(user_data_dir("Panel Review", appauthor=False)) / KEYRING_FILE


class Keyring:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._signers: dict[str, KnownSigner] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            for fp, entry in raw.get("signers", {}).items():
                self._signers[fp] = KnownSigner(**{k: entry.get(k) for k in (
                    "fingerprint", "name", "role", "source", "reviewer_id")})
        except (OSError, ValueError, TypeError, AttributeError):
            self._signers = {}  # missing or damaged: nobody is known

    def lookup(self, fingerprint: str | None) -> KnownSigner | None:
        return self._signers.get((fingerprint or "").lower())

    def __len__(self) -> int:
        return len(self._signers)

    # -- learning -----------------------------------------------------------------
    def learn(self, signer: KnownSigner) -> bool:
        """Remember a signer; True when the keyring changed (call :meth:`save` then)."""
        fp = signer.fingerprint.lower()
        known = self._signers.get(fp)
        if known is not None and (known.role == "you" or signer.role != "you"):
            return False
        self._signers[fp] = KnownSigner(fp, signer.name, signer.role, signer.source,
                                        signer.reviewer_id)
        return True

    def learn_bundle(self, *, title: str, bundle_id: str, coordinator_name: str,
                     coordinator_fingerprint: str,
                     roster: list[tuple[str, str, str | None]]) -> bool:
        """The coordinator who signed a bundle and the members its roster pins
        (``roster``: reviewer id, name, fingerprint or None)."""
        source = f"bundle {title} ({bundle_id})"
        changed = self.learn(KnownSigner(coordinator_fingerprint, coordinator_name,
                                         "coordinator", source))
        for rid, name, fp in roster:
            if fp:
                changed |= self.learn(KnownSigner(fp, name, "member",
                                                  f"the roster of bundle {title} ({bundle_id})",
                                                  rid))
        return changed

    def learn_own(self, name: str, fingerprint: str) -> bool:
        return self.learn(KnownSigner(fingerprint, name, "you", "your own signing identity"))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"version": VERSION,
                "signers": {fp: asdict(s) for fp, s in sorted(self._signers.items())}}
        atomic_write_bytes(self.path, (json.dumps(body, indent=2, ensure_ascii=False)
                                       + "\n").encode("utf-8"))


def learn_and_save(learn) -> None:
    """Open the default keyring, apply ``learn(keyring)``, save if it changed.

    Learning is a convenience: a keyring that cannot be written (a read-only
    data folder) never stops the work that taught it.
    """
    try:
        keyring = Keyring()
        if learn(keyring):
            keyring.save()
    except OSError:
        pass


def learn_workspace(keyring: Keyring, ws) -> bool:
    """The bundle a workspace was opened from: its coordinator and its roster.

    Never the DEMO's: its coordinator key ships with the app, so anyone can sign with it.
    """
    info = ws.info()
    if info.demo:
        return False
    roster = [tuple(row) for row in ws.db.execute(
        "SELECT reviewer_id, name, fingerprint FROM roster")]
    return keyring.learn_bundle(title=info.bundle_title, bundle_id=info.bundle_id,
                                coordinator_name=info.coordinator_name,
                                coordinator_fingerprint=info.coordinator_fingerprint,
                                roster=roster)


def signer_sentence(fingerprint: str, keyring: Keyring) -> tuple[bool, str]:
    """(known, what to say about the signer of a validly signed file)."""
    from review.inert import inert
    known = keyring.lookup(fingerprint)
    if known is not None:
        return True, f"signed by {inert(known.label())} \u2014 known from {inert(known.source)}"
    return False, (f"signature intact but the signer is NOT known: fingerprint "
                   f"{format_fingerprint(fingerprint)}; check it before trusting this file")
