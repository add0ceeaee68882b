"""Which keys a verifier trusts, and for which tree sizes: the key succession walked from its own.

Starting from the keys the verifier trusts, each succession whose two signatures verify and
that names a trusted key is followed: forwards (the trusted old key endorsed its successor) and
backwards (the trusted new key claimed its predecessor). A key reached so is trusted for its
tenure only: from the size it took over at to the size it handed over at. A succession with a
bad signature, a second successor of one key, or no trusted key is rejected, and its keys are
not trusted through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.audit.key_succession import succession_note
from register.audit.signing import SigningKeyError, key_id, public_key_from_text, verify

if TYPE_CHECKING:
    from collections.abc import Sequence

_FIELDS = {
    "old_key_id": "oldKeyId",
    "old_public_key": "oldPublicKey",
    "new_key_id": "newKeyId",
    "new_public_key": "newPublicKey",
    "tree_size": "treeSize",
    "rotated_at": "rotatedAt",
    "old_signature": "oldSignature",
    "new_signature": "newSignature",
    "position": "position",
}


UNKNOWN_KEY = "an unknown key"
BAD_SIGNATURE = "a signature that does not verify"


@dataclass(frozen=True)
class SignedSuccession:
    """A key succession as auditors exchange it (JSON with `_FIELDS`' names)."""

    old_key_id: str
    old_public_key: str
    new_key_id: str
    new_public_key: str
    tree_size: int
    rotated_at: str
    old_signature: str
    new_signature: str
    position: int | None = None
    """Where its event is in the store (None: held outside the register)."""

    def note(self) -> bytes:
        return succession_note(
            self.old_key_id, self.new_public_key, self.tree_size, self.rotated_at
        )

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, attr) for attr, name in _FIELDS.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignedSuccession:
        fields = {attr: data[name] for attr, name in _FIELDS.items() if name != "position"}
        position = data.get("position")
        return cls(
            **{k: str(v) for k, v in fields.items() if k != "tree_size"},
            tree_size=int(fields["tree_size"]),
            position=None if position is None else int(position),
        )

    @classmethod
    def of(cls, event: Any, position: int | None) -> SignedSuccession:
        """From a recorded `KeySuccession.KeyRotated` event."""
        fields = {attr: getattr(event, attr) for attr in _FIELDS if attr != "position"}
        return cls(**fields, position=position)

    def label(self) -> str:
        return (
            f"key succession from {self.old_key_id} to {self.new_key_id} at size {self.tree_size}"
        )


@dataclass(frozen=True)
class Tenure:
    """A trusted key and the checkpoint sizes it may sign (`to_size` None: still serving)."""

    key: Ed25519PublicKey
    key_id: str
    from_size: int
    to_size: int | None

    def covers(self, tree_size: int) -> bool:
        return self.from_size <= tree_size and (self.to_size is None or tree_size <= self.to_size)

    def span(self) -> str:
        return f"{self.from_size}…{'' if self.to_size is None else self.to_size}"


@dataclass(frozen=True)
class Rejection:
    succession: SignedSuccession
    reason: str


@dataclass
class KeyRing:
    tenures: dict[str, Tenure] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    def refusal(self, key: str, tree_size: int, message: bytes, signature: str) -> str | None:
        """Why a signature by key id `key` over a tree of `tree_size` is not accepted, or None."""
        tenure = self.tenures.get(key)
        if tenure is None:
            return UNKNOWN_KEY
        if not verify(tenure.key, message, signature):
            return BAD_SIGNATURE
        if not tenure.covers(tree_size):
            return f"key {key}, trusted only for sizes {tenure.span()}"
        return None

    def in_order(self) -> list[Tenure]:
        return sorted(self.tenures.values(), key=lambda t: (t.from_size, t.to_size is None))


def _public_key(text: str, expected_id: str) -> Ed25519PublicKey | None:
    try:
        key = public_key_from_text(text)
    except SigningKeyError:
        return None
    return key if key_id(key) == expected_id else None


def _flaw(s: SignedSuccession) -> str | None:
    old = _public_key(s.old_public_key, s.old_key_id)
    new = _public_key(s.new_public_key, s.new_key_id)
    if old is None or new is None:
        return "a public key that does not match its key id"
    if s.old_key_id == s.new_key_id:
        return "a key succeeding itself"
    if not verify(old, s.note(), s.old_signature):
        return "an old key's signature that does not verify"
    if not verify(new, s.note(), s.new_signature):
        return "a new key's signature that does not verify"
    return None


def _second(s: SignedSuccession, by_old: dict[str, Any], by_new: dict[str, Any]) -> str | None:
    if s.old_key_id in by_old:
        return f"a second successor of a key succeeded at size {by_old[s.old_key_id].tree_size}"
    if s.new_key_id in by_new:
        return (
            f"a second hand-over to a key that took over at size {by_new[s.new_key_id].tree_size}"
        )
    return None


def key_ring(
    trusted: Sequence[Ed25519PublicKey], successions: Sequence[SignedSuccession]
) -> KeyRing:
    """The keys `trusted` vouch for through `successions`, each with its tenure."""
    ring = KeyRing()
    by_old: dict[str, SignedSuccession] = {}
    by_new: dict[str, SignedSuccession] = {}
    for s in sorted(successions, key=lambda s: (s.position is None, s.position or 0, s.tree_size)):
        reason = _flaw(s) or _second(s, by_old, by_new)
        if reason is not None:
            ring.rejected.append(Rejection(s, reason))
        else:
            by_old[s.old_key_id], by_new[s.new_key_id] = s, s
    keys = {key_id(k): k for k in trusted}
    pending, reached = list(keys), set[int]()
    while pending:
        current = pending.pop()
        links = [by_old.get(current), by_new.get(current)]
        for s in (link for link in links if link is not None and id(link) not in reached):
            reached.add(id(s))
            for kid, text in ((s.old_key_id, s.old_public_key), (s.new_key_id, s.new_public_key)):
                if kid not in keys:
                    keys[kid] = public_key_from_text(text)
                    pending.append(kid)
    ring.rejected += [
        Rejection(s, "no key the verifier trusts") for s in by_old.values() if id(s) not in reached
    ]
    for kid, key in keys.items():
        before, after = by_new.get(kid), by_old.get(kid)
        ring.tenures[kid] = Tenure(
            key, kid, before.tree_size if before else 0, after.tree_size if after else None
        )
    return ring
