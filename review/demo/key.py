"""The DEMO key: what the built-in demo bundles are sealed to.

Real bundles are sealed for one member's certificate (review/seal.py).  The
demo must open on any laptop without an identity, yet go through the same
sealed path as a real bundle, so it is sealed to this key, which ships with
the app: its private key is derived from a public constant, exactly like the
demo coordinator's.  It therefore protects nothing, and that is fine: it is
used only for synthetic data, and a bundle it opens must say it is a DEMO
(review/bundle/format.py refuses one that does not), so a real bundle
sealed to it by mistake is never taken for a sealed one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from cryptography.hazmat.primitives.asymmetric import ec

from review.identity import Identity
from review.seal import Recipient

DEMO_KEY_NAME = "DEMO key (public: synthetic demo data only)"


@functools.lru_cache(maxsize=1)
def demo_reader() -> Identity:
    """The identity every demo bundle is sealed for; the same on every laptop."""
    secret = int.from_bytes(hashlib.sha256(b"panel-review demo reader v1").digest(), "big")
    key = ec.derive_private_key(secret % (2**255), ec.SECP256R1())
    return Identity.generate(DEMO_KEY_NAME, private_key=key,
                             not_before=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def is_demo_sealed(recipients: list[tuple[str, str]]) -> bool:
    """Whether a sealed file's (label, fingerprint) list names the DEMO key, so that it
    opens without an identity."""
    return any(fp == demo_reader().fingerprint for _, fp in recipients)


def demo_recipient() -> Recipient:
    return Recipient("DEMO (anyone: synthetic data)", demo_reader().certificate)


def demo_seal_keys(label: str) -> dict:
    """The seal's ephemeral and content keys for one demo bundle, derived from ``label``
    (its bundle id and member), so that a demo bundle is the same byte for byte each
    time it is written.  Real sealed files always use fresh random keys."""
    def derived(purpose: bytes) -> bytes:
        return hashlib.sha256(b"panel-review demo seal " + purpose + b" " + label.encode()).digest()
    eph = ec.derive_private_key(int.from_bytes(derived(b"ephemeral"), "big") % (2**255),
                                ec.SECP256R1())
    return {"ephemeral_key": eph, "content_key": derived(b"content")}
