"""A witness: it cosigns a register checkpoint only once it has checked that it extends the last.

Its state is a directory of its own, never the register's database: `witness-key.pem` (its
Ed25519 key, made on first use), `checkpoint` (the latest checkpoint it cosigned, as a note with
the register's signature and its cosignature) and `refused/` (each checkpoint the register signed
that does not extend that one, kept as evidence with the request and the reason). The check and
the update hold a lock on the directory, so two requests can never roll the state back.
The answers are tlog-witness's: 200 with the cosignature line, 400 a malformed request, 403 no
signature by a trusted register key, 404 not a register checkpoint, 409 an old size that is not
the one last cosigned (the body is that size) or a checkpoint that does not extend it, 422 a
consistency proof that does not verify.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit import merkle
from register.audit.signing import key_id, raw_public
from register.audit.witness.note import (
    COSIGNATURE_V1,
    Note,
    NoteError,
    cosign,
    parse_note,
    vkey,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.audit.witness.note import Checkpoint

log = structlog.get_logger(__name__)
SIZE_TYPE = "text/x.tlog.size"
MAX_PROOF_LINES = 63
NAME = "sijill-witness"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Request:
    old_size: int
    proof: list[bytes]
    note: Note


def parse_request(text: str) -> Request:
    """`old N`, up to 63 base64 proof lines, an empty line, then the signed checkpoint."""
    head, blank, note = text.partition("\n\n")
    lines = head.split("\n")
    if not blank or not lines[0].startswith("old "):
        msg = "expected `old <size>`, the proof lines, an empty line, then the checkpoint"
        raise NoteError(msg)
    size = lines[0].removeprefix("old ")
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        msg = "the old size is not a decimal number"
        raise NoteError(msg)
    if len(lines) - 1 > MAX_PROOF_LINES:
        msg = f"more than {MAX_PROOF_LINES} consistency proof lines"
        raise NoteError(msg)
    try:
        proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
    except (binascii.Error, ValueError):
        msg = "a consistency proof line is not base64"
        raise NoteError(msg) from None
    if any(len(h) != 32 for h in proof):
        msg = "a consistency proof line is not a 32-byte hash"
        raise NoteError(msg)
    return Request(int(size), proof, parse_note(note))


def request_text(old_size: int, proof: Sequence[bytes], note: Note) -> str:
    lines = "".join(base64.b64encode(h).decode() + "\n" for h in proof)
    return f"old {old_size}\n{lines}\n{note.text()}"


def load_key(path: Path) -> Ed25519PrivateKey:
    """The witness's key at `path`, made (mode 0600) if there is none yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        draft = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(made)
        try:  # whole, and only once: two processes making a key at once keep the first
            os.link(draft, path)
            log.warning("witness.key_generated", path=str(path.resolve()))
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        msg = f"{path}: not an Ed25519 private key"
        raise ValueError(msg)
    return key


UNREADABLE_STATE = (
    "this witness cannot read the checkpoint it last cosigned, so it cosigns nothing until its"
    " operator restores its state directory\n"
)


class Witness:
    """One register's witness over a state directory (see the module's docstring)."""

    def __init__(
        self, state_dir: Path, log_keys: Sequence[Ed25519PublicKey], name: str = NAME
    ) -> None:
        self.state_dir = state_dir
        self.log_keys = list(log_keys)
        self.name = name
        self._key = load_key(state_dir / "witness-key.pem")
        self.public_key = self._key.public_key()
        self.key_id = key_id(self.public_key)
        self._threads = threading.Lock()

    def published(self) -> tuple[str, str]:
        """The public key in base64 (as SIJILL_WITNESSES takes it) and as a signed-note vkey."""
        raw = base64.b64encode(raw_public(self.public_key)).decode()
        return raw, vkey(self.name, COSIGNATURE_V1, self.public_key)

    def latest(self) -> str | None:
        """The latest checkpoint cosigned, as a note with both signatures (None: none yet)."""
        path = self.state_dir / "checkpoint"
        return path.read_text(encoding="utf-8") if path.exists() else None

    def add_checkpoint(self, text: str) -> Answer:
        try:
            request = parse_request(text)
            checkpoint = request.note.checkpoint()
        except NoteError as e:
            status = 404 if "register checkpoint" in str(e) else 400
            return Answer(status, f"{e}\n")
        if request.old_size > checkpoint.tree_size:
            return Answer(400, "the old size is larger than the checkpoint's\n")
        if not request.note.signed_by_log(self.log_keys):
            return Answer(403, "no signature by a register key this witness trusts\n")
        with self._threads, self._locked():
            try:
                held = self.latest()
                last = parse_note(held).checkpoint() if held is not None else None
            except (NoteError, ValueError) as e:  # ValueError: not UTF-8 either
                log.error("witness.state_unreadable", error=str(e))
                return Answer(503, UNREADABLE_STATE)
            return self._extend(request, text, last)

    def _extend(self, request: Request, text: str, last: Checkpoint | None) -> Answer:
        new = request.note.checkpoint()
        size = last.tree_size if last is not None else 0
        if last is not None and new.tree_size < size:
            reason = f"a checkpoint of {new.tree_size} leaves after one of {size}"
            return self._refuse(text, 409, reason, size)
        if request.old_size != size:
            return Answer(409, f"{size}\n", SIZE_TYPE)
        if last is not None and new.tree_size == size and new.root_hash != last.root_hash:
            return self._refuse(text, 409, f"another root for the {size} leaves cosigned", size)
        if size == 0 and request.proof:
            return Answer(422, "a proof from the empty tree must be empty\n")
        if last is not None and new.tree_size > size:
            old_root, new_root = bytes.fromhex(last.root_hash), bytes.fromhex(new.root_hash)
            if not merkle.verify_consistency(
                size, new.tree_size, old_root, new_root, request.proof
            ):
                reason = f"the tree of {new.tree_size} leaves does not extend the tree of {size}"
                return self._refuse(text, 422, reason)
        line = cosign(self._key, self.name, request.note.body, int(time.time()))
        kept = tuple(s for s in request.note.signatures if s.name != self.name)
        _write_atomically(
            self.state_dir / "checkpoint", Note(request.note.body, (*kept, line)).text()
        )
        log.info("witness.cosigned", tree_size=new.tree_size, old_size=size)
        return Answer(200, line.text())

    def _refuse(self, text: str, status: int, reason: str, size: int | None = None) -> Answer:
        """Keep the signed checkpoint that does not extend the last one as evidence, refuse it."""
        refused = self.state_dir / "refused"
        refused.mkdir(exist_ok=True)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        kept = next(refused.glob(f"*-{digest}.txt"), None)  # a register retrying: kept once
        if kept is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
            kept = refused / f"{stamp}-{digest}.txt"
            _write_atomically(kept, f"refused: {reason}\n\n{text}")
        log.warning("witness.refused", reason=reason, evidence=str(kept))
        if size is not None:  # a 409 names the size last cosigned, as any 409 does
            return Answer(status, f"{size}\n", SIZE_TYPE)
        return Answer(status, f"{reason}\n")

    def refusals(self) -> list[Path]:
        folder = self.state_dir / "refused"
        return sorted(folder.glob("*-*.txt")) if folder.exists() else []

    def _locked(self) -> _DirectoryLock:
        return _DirectoryLock(self.state_dir / ".lock")


class _DirectoryLock:
    """An exclusive lock on the state directory, held across processes (flock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = -1

    def __enter__(self) -> None:
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    temporary.replace(path)
