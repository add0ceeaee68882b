"""A real `sijill witness serve` cosigns the register's checkpoints over HTTP; verify trusts it."""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit import merkle
from domain.audit.checkpoint import signed_note
from register.audit.checkpoints import SignedCheckpoint
from register.audit.signing import Signer
from register.audit.witness.note import note_of
from register.audit.witness.witness import request_text
from tests.e2e.api_client import ApiClient
from tests.e2e.sijill_process import Server, create_token, free_port, sijill
from tests.e2e.test_audit_cli import NOWHERE, a_citizen_id, database, public_key_file
from tests.e2e.witness_process import WitnessServer, witness_key
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from pathlib import Path

VERDICT = (
    "query { verifyIntegrity { ok findingCount witnessedTreeSize"
    " witnesses { witness reachable cosignedTreeSize } } }"
)


def test_a_witness_cosigns_over_http_and_verify_catches_a_cut_log_with_or_without_it(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "3", cwd=tmp_path)
    state = tmp_path / "witness-state"
    key = witness_key(state, tmp_path)
    log_key = public_key_file(url, tmp_path)
    witness = WitnessServer(state, log_key, tmp_path)
    env = {"SIJILL_WITNESSES": f"quorum=1; {witness.base_url} {key}"}
    bundle = tmp_path / "bundle.json"
    try:
        witness.wait_until_ready()
        recorded = sijill(url, "audit", "checkpoint", cwd=tmp_path, extra_env=env)
        clean = sijill(url, "audit", "verify", cwd=tmp_path, extra_env=env)
        export = ("audit", "export", "--citizen", a_citizen_id(url), "--out", str(bundle))
        sijill(url, *export, cwd=tmp_path, extra_env=env)
        kept = tmp_path / "witnessed.txt"
        kept.write_text(httpx.get(f"{witness.base_url}/checkpoint", timeout=5).text, "utf-8")
    finally:
        witness.stop()
    size = int(re.findall(r'"treeSize": (\d+)', recorded.stdout)[0])
    cut = size - 3
    db = database(url)
    Tamper(db).truncate_after(cut, checkpoint_index_too=True)
    db.execute("DELETE FROM audit_cosignatures")
    db.close()

    down = sijill(url, "audit", "verify", cwd=tmp_path, extra_env=env, check=False)
    from_file = sijill(
        url, "audit", "verify", "--witnessed", str(kept), cwd=tmp_path, extra_env=env, check=False
    )
    outsider = sijill(  # an auditor with the witness's key and the saved note, no configuration
        *(url, "audit", "verify", "--witnessed", str(kept), "--witness-key", key),
        cwd=tmp_path,
        extra_env={"SIJILL_WITNESSES": "none"},
        check=False,
    )
    unwitnessed = sijill(url, "audit", "checkpoint", cwd=tmp_path, extra_env=env)
    check = ("audit", "check", "--public-key", str(log_key), "--witness-key", key)
    checked = sijill(NOWHERE, *check, str(bundle), cwd=tmp_path)
    document = json.loads(bundle.read_text(encoding="utf-8"))
    stripped = tmp_path / "stripped.json"
    stripped.write_text(json.dumps({**document, "cosignatures": []}), encoding="utf-8")
    refused = sijill(NOWHERE, *check, str(stripped), cwd=tmp_path, check=False)

    assert " ".join(recorded.stderr.split()) == f"cosigned by witness {witness.base_url}"
    assert clean.stdout.splitlines()[0].startswith(f"verified {size + 1} events")
    assert clean.stdout.splitlines()[1].startswith(
        f"witnessed: the checkpoint of {size} leaves, cosigned by 1 witness(es) (quorum 1)"
    )
    assert down.returncode == 1
    assert down.stdout.splitlines()[0] == (
        f"FOUND 1 problem(s); first: unwitnessed at position 1 (leaf 0): no checkpoint is"
        f" cosigned by 1 witness(es): nothing outside the database vouches for its {cut} leaves"
    )
    assert "NOT REACHED" in down.stdout.splitlines()[-1]
    assert from_file.returncode == 1
    assert from_file.stdout.splitlines()[0] == (
        f"FOUND 1 problem(s); first: truncated at position {cut + 1} (leaf {cut}): the log ends"
        f" at position {cut} with {cut} leaves; 1 witness(es) cosigned a checkpoint of {size}"
        " leaves"
    )
    assert "not cosigned by witness" in " ".join(unwitnessed.stderr.split())
    assert outsider.stdout.splitlines()[0] == from_file.stdout.splitlines()[0]
    assert "ok: checkpoint: cosigned by 1 of 1 witness(es) (quorum 1)" in checked.stdout
    assert "ok: whole history: " in checked.stdout
    assert refused.returncode == 1
    assert "FAILED: checkpoint: cosigned by 0 of 1 witness(es) (quorum 1)" in refused.stdout


def test_a_witness_that_is_down_is_reported_and_cosigns_once_it_is_back(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "2", cwd=tmp_path)
    state = tmp_path / "witness-state"
    key, log_key = witness_key(state, tmp_path), public_key_file(url, tmp_path)
    port = free_port()
    witnessed_at = f"http://127.0.0.1:{port}"
    label = f'{{witness="{witnessed_at}"}}'
    token = create_token(url, mission="BRU", role="auditor", name="idris", cwd=tmp_path)
    server = Server(
        url,
        tmp_path,
        {"SIJILL_WITNESSES": f"{witnessed_at} {key}", "SIJILL_WITNESS_RETRY": "0.3"},
    )
    witness = None
    try:
        server.wait_until_ready()
        with ApiClient(server.base_url, token) as idris:
            started = time.monotonic()
            size = idris.data("RecordCheckpoint")["recordCheckpoint"]["treeSize"]
            took = time.monotonic() - started
            while_down = httpx.get(f"{server.base_url}/metrics", timeout=5).text
            verdict_down = idris.post(VERDICT).json()["data"]["verifyIntegrity"]
            witness = WitnessServer(state, log_key, tmp_path, port=port)
            witness.wait_until_ready()
            deadline, back = time.monotonic() + 20, ""
            while f"sijill_witness_behind{label} 0" not in back and time.monotonic() < deadline:
                time.sleep(0.2)
                back = httpx.get(f"{server.base_url}/metrics", timeout=5).text
            verdict_back = idris.post(VERDICT).json()["data"]["verifyIntegrity"]
    finally:
        server.stop()
        if witness is not None:
            witness.stop()

    assert took < 5  # a witness down never holds the command
    assert f"sijill_witness_behind{label} 1" in while_down
    assert f"sijill_witness_up{label} 0" in while_down
    assert verdict_down == {
        "ok": False,
        "findingCount": 1,
        "witnessedTreeSize": None,
        "witnesses": [{"witness": witnessed_at, "reachable": False, "cosignedTreeSize": None}],
    }
    assert f"sijill_witness_cosigned_tree_size{label} {size}" in back
    assert f"sijill_witness_up{label} 1" in back
    assert verdict_back == {
        "ok": True,
        "findingCount": 0,
        "witnessedTreeSize": size,
        "witnesses": [{"witness": witnessed_at, "reachable": True, "cosignedTreeSize": size}],
    }
    assert "Traceback" not in server.stderr()


def test_the_witness_answers_over_http_as_tlog_witness_says_and_never_with_a_500(
    tmp_path: Path,
) -> None:
    register = Signer(Ed25519PrivateKey.generate())
    log_key = tmp_path / "register-key.txt"
    log_key.write_text(register.published().public_key + "\n", encoding="utf-8")
    leaves = [merkle.leaf_hash(bytes([i])) for i in range(6)]
    root = merkle.root(leaves).hex()
    signed = SignedCheckpoint(
        6, root, "2026-12-03T10:00:00+00:00", register.key_id,
        register.sign(signed_note(6, root, "2026-12-03T10:00:00+00:00")),
    )  # fmt: skip
    request = request_text(0, [], note_of(signed, register.public_key))
    witness = WitnessServer(tmp_path / "w", log_key, tmp_path)
    try:
        witness.wait_until_ready()
        submit = f"{witness.base_url}/add-checkpoint"
        cosigned = httpx.post(submit, content=request, timeout=5)
        stale = httpx.post(submit, content=request, timeout=5)
        held = httpx.get(f"{witness.base_url}/checkpoint", timeout=5).text
        unreadable = [
            httpx.post(submit, content=body, timeout=5).status_code
            for body in (b"\xff\xfe", b"old x\n\n", b"old 0\n\nnot a note", b"x" * 70_000)
        ]
    finally:
        witness.stop()

    assert cosigned.status_code == 200
    assert cosigned.text.startswith("\u2014 sijill-witness ")
    assert held.endswith(cosigned.text)
    assert (stale.status_code, stale.text) == (409, "6\n")
    assert stale.headers["content-type"].startswith("text/x.tlog.size")
    assert unreadable == [400, 400, 400, 413]
