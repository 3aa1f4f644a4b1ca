"""Which new passphrases are accepted, for signing identities and workspaces alike.

A passphrase protects a signing key that speaks for a panel member, and a
workspace full of case narratives; a laptop can be stolen and its files
guessed at offline for as long as the thief likes.  Twelve characters is
the least we accept, and the few passphrases people reach for first are
refused even when long enough.  Existing passphrases are never re-checked:
only a new one (creating, or changing) must pass.
"""

from __future__ import annotations

MIN_PASSPHRASE = 12

# Compared after lower-casing and dropping spaces, dashes, dots and underscores,
# so "Pass word 123456" is caught as "password123456".
_COMMON = frozenset("""
password123 password1234 password12345 password123456 passw0rd1234 p4ssw0rd1234
passwordpassword qwertyuiop123 qwertyuiopasdf qwerty123456 qwertyqwerty 1q2w3e4r5t6y
123456789012 1234567890123 12345678901234 abcdefghijkl abcdef123456 abc123abc123
iloveyou1234 letmein12345 welcome12345 welcome123456 admin1234567 administrator
changeme1234 trustno11234 monkey123456 football1234 sunshine1234 princess1234
correcthorsebatterystaple panelreview1 panelreview123 panelreview2026 metpolice123
metropolitan policepolice passphrase1 passphrase12 passphrase123 mypassphrase
secretsecret topsecret123 000000000000 111111111111 aaaaaaaaaaaa
""".split())


def _folded(passphrase: str) -> str:
    return "".join(ch for ch in passphrase.lower() if ch not in " -._")


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is refused, as a sentence; None when it is accepted."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (f"Choose a passphrase of at least {MIN_PASSPHRASE} characters; a few "
                "ordinary words with spaces between them are easy to remember.")
    folded = _folded(passphrase)
    if folded in _COMMON or len(set(folded)) <= 2:
        return ("That passphrase is one of the first that anyone would try; choose another, "
                "for example a few ordinary words that do not belong together.")
    return None
