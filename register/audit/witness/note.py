"""Signed notes (C2SP signed-note): a checkpoint's text, its signature lines and cosignatures.

A note is its body, an empty line, then one line per signature: `— <key name> base64(<4-byte
key hash> ‖ <signature>)`. The register signs its checkpoint body (`signed_note`) under the
name `ORIGIN`; a witness's cosignature (C2SP tlog-cosignature/v1) signs `cosignature/v1\\n`,
`time <POSIX seconds>\\n` and the same body, and carries the time before the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.audit.checkpoint import ORIGIN, signed_note
from register.audit.signing import raw_public, verify

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from register.audit.checkpoints import SignedCheckpoint

DASH = "\u2014"
ED25519 = 0x01
"""signed-note's signature type of an Ed25519 note signature (the register's)."""
COSIGNATURE_V1 = 0x04
"""signed-note's signature type of an Ed25519 cosignature/v1 (a witness's)."""


class NoteError(ValueError):
    """Text that is not a signed note, or a body that is not a register checkpoint."""


def key_hash(name: str, kind: int, public_key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + raw_public(public_key)).digest()[
        :4
    ]


def vkey(name: str, kind: int, public_key: Ed25519PublicKey) -> str:
    """The key as signed-note's verifier keys spell it: `<name>+<key hash hex>+<base64>`."""
    encoded = base64.b64encode(bytes([kind]) + raw_public(public_key)).decode()
    return f"{name}+{key_hash(name, kind, public_key).hex()}+{encoded}"


@dataclass(frozen=True)
class SignatureLine:
    name: str
    blob: bytes
    """The 4-byte key hash, then the signature (a cosignature: 8-byte time, then signature)."""

    def text(self) -> str:
        return f"{DASH} {self.name} {base64.b64encode(self.blob).decode()}\n"

    @classmethod
    def parse(cls, line: str) -> SignatureLine:
        words = line.split(" ")
        if len(words) != 3 or words[0] != DASH or not words[1]:
            msg = f"not a signature line: {line[:60]!r}"
            raise NoteError(msg)
        try:
            blob = base64.b64decode(words[2], validate=True)
        except (binascii.Error, ValueError):
            msg = f"a signature line that is not base64: {line[:60]!r}"
            raise NoteError(msg) from None
        if len(blob) < 5:
            msg = f"a signature line too short: {line[:60]!r}"
            raise NoteError(msg)
        return cls(words[1], blob)


@dataclass(frozen=True)
class Checkpoint:
    """A register checkpoint's body, as read back from a note."""

    tree_size: int
    root_hash: str
    signed_at: str

    def body(self) -> str:
        return signed_note(self.tree_size, self.root_hash, self.signed_at).decode()


@dataclass(frozen=True)
class Note:
    body: str
    """The signed text, ending in a newline."""
    signatures: tuple[SignatureLine, ...] = ()

    def text(self) -> str:
        return self.body + "\n" + "".join(s.text() for s in self.signatures)

    def with_lines(self, lines: Sequence[SignatureLine]) -> Note:
        kept = [s for s in self.signatures if s not in lines]
        return Note(self.body, (*kept, *lines))

    def checkpoint(self) -> Checkpoint:
        """The register checkpoint the body states (NoteError if it is not one)."""
        lines = self.body.split("\n")
        if len(lines) != 5 or lines[0] != ORIGIN or lines[4]:
            msg = f"not a register checkpoint (its first line must be {ORIGIN})"
            raise NoteError(msg)
        size, root, signed_at = lines[1:4]
        if not size.isdigit() or (size != "0" and size.startswith("0")):
            msg = "the tree size is not a decimal number"
            raise NoteError(msg)
        if len(root) != 64 or any(c not in "0123456789abcdef" for c in root):
            msg = "the root hash is not 64 lowercase hex digits"
            raise NoteError(msg)
        return Checkpoint(int(size), root, signed_at)

    def signed_by_log(self, keys: Sequence[Ed25519PublicKey]) -> bool:
        """Does a signature line verify under one of the register's `keys`?"""
        for line in self.signatures:
            for key in keys:
                if line.name == ORIGIN and line.blob[:4] == key_hash(ORIGIN, ED25519, key):
                    signature = base64.b64encode(line.blob[4:]).decode()
                    if verify(key, self.body.encode(), signature):
                        return True
        return False

    def cosigned_at(self, key: Ed25519PublicKey) -> int | None:
        """When the witness holding `key` cosigned this body (None: no valid cosignature)."""
        found = [t for s in self.signatures if (t := cosignature_time(s, key, self.body))]
        return max(found, default=None)


def parse_note(text: str) -> Note:
    """A signed note's body and signature lines (NoteError if it is not one)."""
    body, blank, rest = text.partition("\n\n")
    if not blank or not rest.endswith("\n"):
        msg = "not a signed note: a body, an empty line, then signature lines ending in newlines"
        raise NoteError(msg)
    return Note(body + "\n", tuple(SignatureLine.parse(x) for x in rest[:-1].split("\n")))


def note_of(checkpoint: SignedCheckpoint, public_key: Ed25519PublicKey) -> Note:
    """The checkpoint as a note signed by the register's key."""
    signature = base64.b64decode(checkpoint.signature)
    line = SignatureLine(ORIGIN, key_hash(ORIGIN, ED25519, public_key) + signature)
    return Note(checkpoint.note().decode(), (line,))


def cosigned_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def cosign(key: Ed25519PrivateKey, name: str, body: str, timestamp: int) -> SignatureLine:
    signature = key.sign(cosigned_message(body, timestamp))
    prefix = key_hash(name, COSIGNATURE_V1, key.public_key())
    return SignatureLine(name, prefix + timestamp.to_bytes(8, "big") + signature)


def cosignature_time(line: SignatureLine, key: Ed25519PublicKey, body: str) -> int | None:
    """The time a cosignature line by `key` over `body` states, if its signature verifies."""
    if len(line.blob) != 4 + 8 + 64 or line.blob[:4] != key_hash(line.name, COSIGNATURE_V1, key):
        return None
    timestamp = int.from_bytes(line.blob[4:12], "big")
    signature = base64.b64encode(line.blob[12:]).decode()
    return timestamp if verify(key, cosigned_message(body, timestamp), signature) else None
