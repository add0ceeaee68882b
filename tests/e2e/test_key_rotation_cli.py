"""`sijill audit rotate-key` as a subprocess, then the register run with the new key."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from typing import TYPE_CHECKING

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from register.audit.signing import PublishedKey, Signer, public_key_from_text
from tests.e2e.api_client import ApiClient
from tests.e2e.sijill_process import (
    COMMAND_TIMEOUT_S,
    SIJILL,
    Server,
    create_token,
    environment,
    sijill,
)
from tests.e2e.test_audit_cli import NOWHERE, a_citizen_id, public_key_file

if TYPE_CHECKING:
    from pathlib import Path

PUBLIC_KEYS = "query { auditPublicKeys { algorithm keyId publicKey pem fromTreeSize toTreeSize } }"


def a_key() -> tuple[str, Signer]:
    """A new key as SIJILL_SIGNING_KEY takes it (`base64:` and the seed), and its signer."""
    seed = os.urandom(32)
    return f"base64:{base64.b64encode(seed).decode()}", Signer(
        Ed25519PrivateKey.from_private_bytes(seed)
    )


def sijill_keyed(
    url: str, key: str, *args: str, cwd: Path, production: bool = False
) -> subprocess.CompletedProcess[str]:
    """`sijill ARGS` with `key` as SIJILL_SIGNING_KEY ("" for none)."""
    env = {**environment(url), "SIJILL_SIGNING_KEY": key}
    if production:
        env["SIJILL_ENV"] = "production"
    return subprocess.run(
        [str(SIJILL), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )


def tenure(published: PublishedKey, start: int, end: int | None) -> dict[str, object]:
    return {
        "algorithm": "Ed25519",
        "keyId": published.key_id,
        "publicKey": published.public_key,
        "pem": published.pem,
        "fromTreeSize": start,
        "toTreeSize": end,
    }


def test_a_key_rotated_from_the_command_line_verifies_clean_with_the_new_key_and_is_published(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "3", cwd=tmp_path)
    before = json.loads(sijill(url, "audit", "checkpoint", cwd=tmp_path).stdout)
    old_key = public_key_file(url, tmp_path)  # the development key, current until the rotation
    new_key, new = a_key()
    new_key_file = tmp_path / "new-key.txt"
    new_key_file.write_text(new.published().public_key + "\n", encoding="utf-8")

    rotated = sijill(url, "audit", "rotate-key", "--new-key", new_key, cwd=tmp_path)
    same = sijill_keyed(url, new_key, "audit", "rotate-key", "--new-key", new_key, cwd=tmp_path)
    again = sijill(url, "audit", "rotate-key", "--new-key", a_key()[0], cwd=tmp_path, check=False)
    keyless = sijill_keyed(
        url, "", "audit", "rotate-key", "--new-key", new_key, cwd=tmp_path, production=True
    )
    bundle = tmp_path / "bundle.json"
    export = ("audit", "export", "--citizen", a_citizen_id(url), "--out", str(bundle))
    exported = sijill_keyed(url, new_key, *export, cwd=tmp_path)
    checked = sijill(
        NOWHERE, "audit", "check", str(bundle), "--public-key", str(new_key_file), cwd=tmp_path
    )
    token = create_token(url, mission="BRU", role="auditor", name="idris", cwd=tmp_path)
    server = Server(url, tmp_path, extra_env={"SIJILL_SIGNING_KEY": new_key})
    try:
        server.wait_until_ready()
        with ApiClient(server.base_url, token) as idris:
            idris.data("RecordCheckpoint")
            verdict = idris.post("query { verifyIntegrity { ok findingCount checkpoints } }").json()
        with ApiClient(server.base_url, None) as anyone:
            published = anyone.post(PUBLIC_KEYS).json()
        well_known = httpx.get(f"{server.base_url}/.well-known/sijill-audit-keys", timeout=10)
    finally:
        server.stop()
    verified = sijill_keyed(url, new_key, "audit", "verify", cwd=tmp_path)
    pinned_old = sijill_keyed(
        url, new_key, "audit", "verify", "--public-key", str(old_key), cwd=tmp_path
    )

    size = before["treeSize"] + 1  # the rotation's own checkpoint covers the first one too
    old_id = before["keyId"]
    assert rotated.stdout.splitlines() == [
        (
            f"key {old_id} signed the checkpoint of {size} leaves and handed over to key"
            f" {new.key_id} (succession at position {size + 2})."
        ),
        "Now set SIJILL_SIGNING_KEY to the new key and restart the servers.",
    ]
    assert (same.returncode, again.returncode, keyless.returncode) == (2, 2, 2)
    assert f"the new key is the current key ({new.key_id})" in same.stderr
    assert f"key {old_id} was already succeeded by key {new.key_id} at size {size}" in again.stderr
    assert "SIJILL_SIGNING_KEY is required in production" in keyless.stderr
    assert exported.returncode == 0, exported.stderr
    assert json.loads(bundle.read_text(encoding="utf-8"))["checkpoint"]["keyId"] == old_id
    assert checked.stdout.splitlines()[-1] == f"verified {bundle} (sijill-audit-bundle/v1)"
    assert verdict == {
        "data": {"verifyIntegrity": {"ok": True, "findingCount": 0, "checkpoints": 3}}
    }
    old = PublishedKey.of(public_key_from_text(old_key.read_text(encoding="utf-8")))
    keys = published["data"]["auditPublicKeys"]
    assert keys == [tenure(old, 0, size), tenure(new.published(), size, None)]
    assert well_known.json() == {"keys": keys}
    assert verified.stdout.startswith("verified "), verified.stdout + verified.stderr
    assert "against 3 checkpoint(s)" in verified.stdout
    assert pinned_old.stdout.startswith("verified "), pinned_old.stdout + pinned_old.stderr
