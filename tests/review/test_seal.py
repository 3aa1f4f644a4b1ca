"""Sealed files (format v2): round trip, recipients, and every kind of damage."""

import base64
import datetime as dt
import json
import re
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from review.errors import BundleError
from review.identity import Identity
from review.seal import MAGIC, TAG_SIZE, Recipient, open_sealed, seal

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
A, B, C = Identity.generate("Dr A"), Identity.generate("Dr B"), Identity.generate("Dr C")
CONTENT = b"The officer's account of 3 March. " * 200  # 6,800 bytes: 4 chunks of 2,048


def sealed(content=CONTENT, recipients=None, chunk=2048):
    recipients = recipients or [Recipient("R02, Dr B", B.certificate)]
    return seal(content, A, recipients, kind="bundle", chunk_size=chunk)


def regions(data):
    """(start, end) of header, recipients, each chunk body and tag, signature block."""
    at, out = len(MAGIC), {}
    for name in ("header", "recipients"):
        (n,) = struct.unpack(">I", data[at:at + 4])
        out[name] = (at + 4, at + 4 + n)
        at += 4 + n
    hdr = json.loads(data[out["header"][0]:out["header"][1]])
    size, chunk = hdr["size"], hdr["chunk_size"]
    for i in range(max(1, -(-size // chunk))):
        n = min(chunk, size - i * chunk)
        out[f"chunk{i}"], out[f"tag{i}"] = (at, at + n), (at + n, at + n + TAG_SIZE)
        at += n + TAG_SIZE
    out["signature"] = (at + 4, len(data))
    return out


def flip(data, pos):
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1:]


def test_round_trip_for_every_recipient():
    data = sealed(recipients=[Recipient("R02, Dr B", B.certificate),
                              Recipient("Coordinator, Dr A", A.certificate)])
    for who in (B, A):
        opened = open_sealed(data, who)
        assert opened.content == CONTENT and opened.kind == "bundle"
        assert opened.sender_fingerprint == A.fingerprint and opened.sender_name == "Dr A"
    assert opened.recipients == ("R02, Dr B", "Coordinator, Dr A")
    assert b"officer" not in data


@pytest.mark.parametrize("size", [0, 1, 2048, 2049])
def test_round_trip_at_chunk_edges(size):
    assert open_sealed(sealed(content=b"x" * size), B).content == b"x" * size


def test_wrong_recipient_is_named():
    with pytest.raises(BundleError) as err:
        open_sealed(sealed(), C, name="This bundle", own_label="R01")
    assert str(err.value) == "This bundle is sealed for R02, Dr B; your identity is R01."


def test_no_identity_says_for_whom():
    with pytest.raises(BundleError, match="sealed for R02, Dr B; open it with your identity"):
        open_sealed(sealed(), None)


SENTENCES = {
    "header": "its header was changed after it was sealed",
    "recipients": "its list of recipients was changed after it was sealed",
    "signature": "signature",
}


def test_one_flipped_byte_in_each_region_has_its_own_sentence():
    data = sealed()
    seen = set()
    for region, (start, end) in regions(data).items():
        for pos in (start, (start + end) // 2, end - 1):
            with pytest.raises(BundleError) as err:
                open_sealed(flip(data, pos), B)
            text = str(err.value)
            if region.startswith("chunk"):
                i = int(region[5:])
                assert f"chunk {i + 1} of 4 is not the one that was sealed" in text
            elif region.startswith("tag"):
                i = int(region[3:])
                assert f"authentication tag of chunk {i + 1} of 4 was changed" in text
            elif region == "header":
                # a flip may break the JSON or change a value: either way, the header
                assert "header" in text
            else:
                assert SENTENCES[region] in text
            seen.add(text)
    assert len(seen) >= 10


def test_truncation_at_a_chunk_boundary():
    data = sealed()
    cut = regions(data)["tag1"][1]
    with pytest.raises(BundleError, match="is truncated: it holds 2 of its 4 chunks") as exc:
        open_sealed(data[:cut], B)
    assert str(exc.value).endswith("Ask the sender for it again.")  # what to do about it


def test_reordered_chunks():
    data, r = sealed(), regions(sealed())
    first = data[r["chunk0"][0]:r["tag0"][1]]
    second = data[r["chunk1"][0]:r["tag1"][1]]
    swapped = data[:r["chunk0"][0]] + second + first + data[r["tag1"][1]:]
    with pytest.raises(BundleError, match="chunk 1 of 4 is not the one that was sealed"):
        open_sealed(swapped, B)


def test_a_recipient_cannot_swap_chunks_under_the_senders_signature():
    """Re-sealing with the same block but reordered chunk entries breaks the signature."""
    data = sealed()
    r = regions(data)
    block = json.loads(data[r["signature"][0]:])
    block["chunks"][0], block["chunks"][1] = block["chunks"][1], block["chunks"][0]
    raw = json.dumps(block, sort_keys=True, separators=(",", ":")).encode()
    first = data[r["chunk0"][0]:r["tag0"][1]]
    second = data[r["chunk1"][0]:r["tag1"][1]]
    forged = (data[:r["chunk0"][0]] + second + first + data[r["tag1"][1]:r["signature"][0] - 4]
              + struct.pack(">I", len(raw)) + raw)
    with pytest.raises(BundleError, match="signature does not match"):
        open_sealed(forged, B)


def test_extra_bytes_are_refused():
    with pytest.raises(BundleError, match="bytes after its signature|signature block"):
        open_sealed(sealed() + b"\0", B)


# -- the test vector printed in docs/formats.md ----------------------------------
VECTOR_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def vector_parts():
    sender = Identity.generate("Vector Sender", not_before=VECTOR_TIME,
                               private_key=ec.derive_private_key(1, ec.SECP256R1()))
    reader = Identity.generate("Vector Reader", not_before=VECTOR_TIME,
                               private_key=ec.derive_private_key(2, ec.SECP256R1()))
    data = seal(b"Panel Review test vector\n", sender, [Recipient("R01, Vector Reader",
                reader.certificate)], kind="bundle", chunk_size=16,
                ephemeral_key=ec.derive_private_key(3, ec.SECP256R1()), content_key=bytes(range(32)))
    return reader, data


def test_the_vector_in_formats_md_decrypts_and_is_what_seal_writes():
    text = DOCS.read_text(encoding="utf-8")
    m = re.search(r"<!-- seal-vector -->\s*```\s*(.*?)```", text, re.S)
    assert m, "formats.md has no sealed-file test vector"
    printed = base64.b64decode("".join(m.group(1).split()))
    reader, data = vector_parts()
    assert printed == data
    opened = open_sealed(printed, reader)
    assert opened.content == b"Panel Review test vector\n"
    assert opened.sender_name == "Vector Sender"
