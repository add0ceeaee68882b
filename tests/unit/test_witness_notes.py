"""Signed notes and cosignatures in C2SP's shapes: what the register and a witness sign."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit.checkpoint import ORIGIN
from register.audit.checkpoints import SignedCheckpoint
from register.audit.signing import Signer, raw_public
from register.audit.witness.note import (
    COSIGNATURE_V1,
    Checkpoint,
    NoteError,
    cosign,
    note_of,
    parse_note,
    vkey,
)

ROOT = "ab" * 32


def signed(signer: Signer, size: int = 8) -> SignedCheckpoint:
    body = Checkpoint(size, ROOT, "2026-12-03T10:00:00.000000+00:00").body().encode()
    return SignedCheckpoint(
        size, ROOT, "2026-12-03T10:00:00.000000+00:00", signer.key_id, signer.sign(body)
    )


def test_a_checkpoint_note_is_its_body_an_empty_line_and_the_registers_signature_line() -> None:
    signer = Signer(Ed25519PrivateKey.generate())

    text = note_of(signed(signer), signer.public_key).text()
    read = parse_note(text)

    body, _, line = text.partition("\n\n")
    assert body.split("\n") == [ORIGIN, "8", ROOT, "2026-12-03T10:00:00.000000+00:00"]
    assert line.startswith(f"\u2014 {ORIGIN} ")
    assert line.endswith("\n")
    blob = base64.b64decode(line.split(" ")[2])
    expected_hash = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + raw_public(signer.public_key))
    assert blob[:4] == expected_hash.digest()[:4]
    assert read.checkpoint() == Checkpoint(8, ROOT, "2026-12-03T10:00:00.000000+00:00")
    assert read.signed_by_log([signer.public_key])
    assert not read.signed_by_log([Ed25519PrivateKey.generate().public_key()])


def test_a_cosignature_signs_the_header_the_time_and_the_body_with_the_time_before_it() -> None:
    signer, witness = Signer(Ed25519PrivateKey.generate()), Ed25519PrivateKey.generate()
    note = note_of(signed(signer), signer.public_key)

    line = cosign(witness, "witness.example/w1", note.body, 1_700_000_000)
    cosigned = parse_note(note.with_lines([line]).text())

    assert line.blob[4:12] == (1_700_000_000).to_bytes(8, "big")
    message = b"cosignature/v1\ntime 1700000000\n" + note.body.encode()
    witness.public_key().verify(line.blob[12:], message)
    assert cosigned.cosigned_at(witness.public_key()) == 1_700_000_000
    assert cosigned.cosigned_at(Ed25519PrivateKey.generate().public_key()) is None
    assert vkey("witness.example/w1", COSIGNATURE_V1, witness.public_key()).startswith(
        f"witness.example/w1+{line.blob[:4].hex()}+"
    )


def test_a_cosignature_over_another_body_does_not_count() -> None:
    signer, witness = Signer(Ed25519PrivateKey.generate()), Ed25519PrivateKey.generate()
    note, other = (note_of(signed(signer, n), signer.public_key) for n in (8, 9))

    line = cosign(witness, "w1", other.body, 1_700_000_000)

    assert note.with_lines([line]).cosigned_at(witness.public_key()) is None


def test_text_that_is_not_a_register_checkpoint_note_is_refused_with_the_reason() -> None:
    refusals = []
    for text in ("no blank line\n", f"other/log\n8\n{ROOT}\n\n\u2014 x AAAAAAAA\n"):
        try:
            parse_note(text).checkpoint()
        except NoteError as e:
            refusals.append(str(e))

    assert refusals == [
        "not a signed note: a body, an empty line, then signature lines ending in newlines",
        f"not a register checkpoint (its first line must be {ORIGIN})",
    ]
