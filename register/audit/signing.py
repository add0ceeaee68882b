"""The register's Ed25519 checkpoint key: loading it, signing notes, publishing its public half.

`SIJILL_SIGNING_KEY` names the key: a path to a PEM (PKCS#8) file, or `base64:` and the 32-byte
seed. Development without one generates a key under `.sijill/` (git-ignored) and says so on
stderr; production refuses to sign without a configured key. Anyone checks a signature with the
public key alone (raw 32 bytes, base64 — as `auditPublicKey` and
`/.well-known/sijill-audit-key` publish it — or PEM).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

if TYPE_CHECKING:
    from register.settings import Settings

log = structlog.get_logger(__name__)
DEV_KEY = Path(".sijill") / "audit-signing-key.pem"
ALGORITHM = "Ed25519"


class SigningKeyError(Exception):
    """SIJILL_SIGNING_KEY is missing (in production) or does not hold an Ed25519 key."""

    code = "SIGNING_KEY"


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 8 bytes of SHA-256 over the raw public key, hex: names the key in checkpoints."""
    return hashlib.sha256(raw_public(public_key)).hexdigest()[:16]


@dataclass(frozen=True)
class PublishedKey:
    """The public half, as the API publishes it."""

    algorithm: str
    key_id: str
    public_key: str
    """The raw 32-byte key, base64."""
    pem: str

    @classmethod
    def of(cls, public_key: Ed25519PublicKey) -> PublishedKey:
        pem = public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        return cls(
            algorithm=ALGORITHM,
            key_id=key_id(public_key),
            public_key=base64.b64encode(raw_public(public_key)).decode(),
            pem=pem,
        )


class Signer:
    """Signs checkpoint notes with the register's private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private_key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self._private_key.sign(message)).decode()

    def published(self) -> PublishedKey:
        return PublishedKey.of(self.public_key)


def verify(public_key: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    """Does `signature` (base64) sign `message` under `public_key`?"""
    try:
        public_key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def public_key_from_text(text: str) -> Ed25519PublicKey:
    """A public key from PEM, or from the raw 32 bytes in base64 (as the API publishes it)."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
            if isinstance(key, Ed25519PublicKey):
                return key
            msg = "the PEM key is not an Ed25519 public key"
            raise SigningKeyError(msg)
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error):
        msg = "not an Ed25519 public key (PEM, or 32 raw bytes in base64)"
        raise SigningKeyError(msg) from None


def _from_setting(value: str, name: str = "SIJILL_SIGNING_KEY") -> Ed25519PrivateKey:
    try:
        if value.startswith("base64:"):
            return Ed25519PrivateKey.from_private_bytes(base64.b64decode(value[7:], validate=True))
        key = serialization.load_pem_private_key(Path(value).read_bytes(), password=None)
    except (OSError, ValueError, binascii.Error) as e:
        msg = f"{name}: cannot read an Ed25519 key ({type(e).__name__})"
        raise SigningKeyError(msg) from None
    if not isinstance(key, Ed25519PrivateKey):
        msg = f"{name}: the PEM key is not an Ed25519 private key"
        raise SigningKeyError(msg)
    return key


def _development_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        return _from_setting(str(path))
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    # Loud on purpose: checkpoints signed with a throwaway key prove nothing to a third party.
    sys.stderr.write(
        f"WARNING: generated a DEVELOPMENT audit signing key at {path.resolve()};"
        " set SIJILL_SIGNING_KEY in production\n"
    )
    log.warning("audit.development_key_generated", path=str(path.resolve()))
    return key


def signer_from(value: str, *, name: str) -> Signer:
    """A key given as SIJILL_SIGNING_KEY is (PEM path or `base64:` seed); `name` labels errors."""
    return Signer(_from_setting(value, name))


def load_signer(settings: Settings, *, dev_key: Path = DEV_KEY) -> Signer:
    """The configured key; in development without one, a generated key kept under .sijill/."""
    if settings.signing_key:
        return Signer(_from_setting(settings.signing_key))
    if settings.production:
        msg = "SIJILL_SIGNING_KEY is required in production to sign audit checkpoints"
        raise SigningKeyError(msg)
    return Signer(_development_key(dev_key))
