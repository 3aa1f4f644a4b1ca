"""What ``verify`` prints about a file cannot be rewritten by the file itself.

A forged signer name (and any other name or id a file carries) may hold
terminal escape codes, carriage returns, right-to-left overrides or
zero-width characters; printed as they are, they could paint a false
fingerprint over the real one.  Each kind, in each field that ``verify``
prints, must come out visible and inert.
"""

from __future__ import annotations

import dataclasses

import pytest

from review.identity import Identity, format_fingerprint
from review.inert import is_hidden

from exports.service import export_signed
from tests.exports.test_export_cli import run

FAKE_FP = "0000 1111 2222 3333"  # a certificate name holds at most 64 characters
KINDS = {
    "escape codes": ("\x1b[1A\x1b[2K\x1b[1G  Fingerprint: " + FAKE_FP, "\x1b", "\\u{001B}"),
    "carriage return": ("\r  Fingerprint: " + FAKE_FP, "\r", "\\u{000D}"),
    "right-to-left override": ("\u202e10R", "\u202e", "\\u{202E}"),
    "zero-width space": ("A\u200bB", "\u200b", "\\u{200B}"),
}
FIELDS = ("signer", "member", "bundle", "file name")


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", "not needed for verify")


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("field", FIELDS)
def test_verify_prints_every_field_inert(capsys, export_data, member_identity, tmp_path,
                                         field, kind):
    payload, raw, stand_in = KINDS[kind]
    identity = Identity.generate("Dr Forged" + payload) if field == "signer" else member_identity
    data = export_data
    if field == "member":
        data = dataclasses.replace(data, member_name="Dr M" + payload, member_id="R01" + payload)
    if field == "bundle":
        data = dataclasses.replace(data, bundle_title="Panel" + payload)
    name = ("member" + payload if field == "file name" else "member") + ".xlsx"
    export_signed(data, identity, xlsx_path=tmp_path / name)

    code, out, err = run(capsys, "verify", tmp_path / name)

    assert code == 0 and err == "", (out, err)
    assert raw not in out and stand_in in out
    assert not any(is_hidden(ch) for ch in out.replace("\n", ""))
    # One fingerprint line, the real one: nothing printed a second one over it.
    lines = out.splitlines()
    assert [ln for ln in lines if ln.strip().startswith("Fingerprint:")] == [
        f"  Fingerprint: {format_fingerprint(identity.fingerprint)}"]
    assert all(not ln.lstrip().startswith("Fingerprint: " + FAKE_FP) for ln in lines)
