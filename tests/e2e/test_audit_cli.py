"""`sijill audit` and `sijill replay` as subprocesses, on a new SQLite file and PostgreSQL db."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from register.bootstrap import bootstrap
from register.settings import Settings
from register.store.storage import Database, Storage
from tests.e2e.api_client import ApiClient
from tests.e2e.sijill_process import Server, create_token, sijill
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from pathlib import Path

NOWHERE = "sqlite:////nonexistent/sijill/none.db"
"""`audit check` runs offline: it is given a database that does not exist."""


def database(url: str) -> Database:
    return Database(Storage.from_url(url))


def a_citizen_id(url: str) -> str:
    db = database(url)
    tamper = Tamper(db)
    row = db.fetch_one(
        f"SELECT originator_id FROM {tamper.table} WHERE topic = %s"
        f" ORDER BY {tamper.position} LIMIT 1",
        ("sijill/citizen/enrolled/v1",),
    )
    db.close()
    assert row is not None
    return str(UUID(str(row[0])))


def public_key_file(url: str, tmp_path: Path) -> Path:
    printed = sijill(url, "audit", "public-key", cwd=tmp_path).stdout
    path = tmp_path / "register-key.txt"
    path.write_text(printed.splitlines()[0] + "\n", encoding="utf-8")
    return path


def test_verify_names_a_flipped_byte_and_the_api_gives_auditors_the_same_verdict(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "5", cwd=tmp_path)
    unwitnessed = sijill(url, "audit", "verify", cwd=tmp_path, check=False)
    sijill(url, "audit", "checkpoint", cwd=tmp_path)  # cosigned by the local witness
    clean = sijill(url, "audit", "verify", cwd=tmp_path)
    db = database(url)
    Tamper(db).flip_a_byte_of_state(5)
    db.close()

    tampered = sijill(url, "audit", "verify", cwd=tmp_path, check=False)
    token = create_token(url, mission="BRU", role="auditor", name="idris", cwd=tmp_path)
    server = Server(url, tmp_path)
    try:
        server.wait_until_ready()
        with ApiClient(server.base_url, token) as idris:
            answer = idris.post(
                "query { verifyIntegrity { ok first { kind position leafIndex detail } } }"
            ).json()
    finally:
        server.stop()

    assert unwitnessed.returncode == 1  # events no witness vouches for are a finding
    assert unwitnessed.stdout.splitlines()[0].startswith(
        "FOUND 1 problem(s); first: unwitnessed at position 1 (leaf 0): no checkpoint is"
        " cosigned by 1 witness(es)"
    )
    assert clean.stdout.startswith("verified ")
    assert tampered.returncode == 1
    assert tampered.stdout.splitlines()[0] == (  # the other finding: the checkpoint's root
        "FOUND 2 problem(s); first: modified at position 5 (leaf 4):"
        " the stored event no longer hashes to leaf 4"
    )
    assert answer == {
        "data": {
            "verifyIntegrity": {
                "ok": False,
                "first": {
                    "kind": "modified",
                    "position": 5,
                    "leafIndex": 4,
                    "detail": "the stored event no longer hashes to leaf 4",
                },
            }
        }
    }


def test_a_citizens_bundle_checks_offline_with_the_public_key_and_a_tampered_one_fails(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "5", cwd=tmp_path)
    citizen_id = a_citizen_id(url)
    bundle = tmp_path / "bundle.json"

    exported = sijill(
        url, "audit", "export", "--citizen", citizen_id, "--out", str(bundle), cwd=tmp_path
    )
    key = public_key_file(url, tmp_path)
    checked = sijill(NOWHERE, "audit", "check", str(bundle), "--public-key", str(key), cwd=tmp_path)
    document = json.loads(bundle.read_text(encoding="utf-8"))
    document["events"][0]["state"] = document["events"][1]["state"]
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document), encoding="utf-8")
    refused = sijill(
        NOWHERE, "audit", "check", str(forged), "--public-key", str(key), cwd=tmp_path, check=False
    )

    events = len(document["events"])
    assert events >= 2
    assert exported.stdout.startswith(f"wrote {bundle}: {events} events proven against")
    assert checked.stdout.splitlines()[-1] == f"verified {bundle} (sijill-audit-bundle/v1)"
    assert sum(line.endswith(": included") for line in checked.stdout.splitlines()) == events
    assert refused.returncode == 1
    position = document["events"][0]["position"]
    assert refused.stdout.splitlines()[-2:] == [
        "FAILED: the bundle's signature does not verify with this public key",
        f"FAILED: event at position {position}: its inclusion proof does not verify",
    ]


def test_a_later_checkpoint_is_proven_to_extend_an_earlier_one(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "3", cwd=tmp_path)
    earlier = json.loads(sijill(url, "audit", "checkpoint", cwd=tmp_path).stdout)
    sijill(url, "demo", "--citizens", "3", "--seed", "8", cwd=tmp_path)
    later = json.loads(sijill(url, "audit", "checkpoint", cwd=tmp_path).stdout)
    proof = tmp_path / "consistency.json"

    sijill(
        url,
        "audit",
        "consistency",
        "--old",
        str(earlier["treeSize"]),
        "--out",
        str(proof),
        cwd=tmp_path,
    )
    key = public_key_file(url, tmp_path)
    checked = sijill(NOWHERE, "audit", "check", str(proof), "--public-key", str(key), cwd=tmp_path)
    document = json.loads(proof.read_text(encoding="utf-8"))
    document["old"]["rootHash"] = later["rootHash"]  # claim another history
    rewritten = tmp_path / "rewritten.json"
    rewritten.write_text(json.dumps(document), encoding="utf-8")
    refused = sijill(
        NOWHERE,
        "audit",
        "check",
        str(rewritten),
        "--public-key",
        str(key),
        cwd=tmp_path,
        check=False,
    )

    assert later["treeSize"] > earlier["treeSize"]
    assert checked.stdout.splitlines()[-2:] == [
        f"ok: the tree of {later['treeSize']} leaves extends the tree of {earlier['treeSize']}",
        f"verified {proof} (sijill-consistency-proof/v1)",
    ]
    assert refused.returncode == 1
    assert refused.stdout.splitlines()[-2:] == [
        "FAILED: old checkpoint: the signature does not verify with this public key",
        "FAILED: the consistency proof does not verify: the log was rewritten",
    ]


def test_a_tail_cut_with_its_traces_is_caught_by_the_witness_and_a_checkpoint_kept_outside(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "3", cwd=tmp_path)
    kept = tmp_path / "checkpoint.json"
    signed = json.loads(sijill(url, "audit", "checkpoint", "--out", str(kept), cwd=tmp_path).stdout)
    db = database(url)
    Tamper(db).truncate_after(signed["treeSize"] - 3, checkpoint_index_too=True)
    db.close()

    inside = sijill(url, "audit", "verify", cwd=tmp_path, check=False)
    outside = sijill(url, "audit", "verify", "--checkpoint", str(kept), cwd=tmp_path, check=False)

    cut = signed["treeSize"] - 3
    # The database alone no longer passes it: the local witness (.sijill/witness/) cosigned
    # the checkpoint, and `verify` trusts the witness, not the database.
    assert (tmp_path / ".sijill" / "witness" / "checkpoint").exists()
    assert inside.returncode == 1
    assert inside.stdout.splitlines()[0] == (
        f"FOUND 1 problem(s); first: truncated at position {cut + 1} (leaf {cut}): the log ends"
        f" at position {cut} with {cut} leaves; 1 witness(es) cosigned a checkpoint of"
        f" {signed['treeSize']} leaves"
    )
    assert outside.returncode == 1
    assert outside.stdout.splitlines()[1:3] == [
        (
            f"  truncated at position {cut + 1} (leaf {cut}): the log ends at position {cut} with"
            f" {cut} leaves; a checkpoint signed {signed['treeSize']}"
        ),
        (
            f"  truncated at position {cut + 1} (leaf {cut}): the log ends at position {cut} with"
            f" {cut} leaves; 1 witness(es) cosigned a checkpoint of {signed['treeSize']} leaves"
        ),
    ]


def test_replay_builds_the_views_as_they_stood_at_an_instant_apart_from_the_live_ones(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "4", cwd=tmp_path)
    db = database(url)
    head = Tamper(db).positions()[-1]
    time.sleep(0.05)
    instant = datetime.now(UTC).isoformat()
    time.sleep(0.05)
    sijill(url, "demo", "--citizens", "3", "--seed", "8", cwd=tmp_path)

    replayed = sijill(url, "replay", "--until", instant, cwd=tmp_path)
    if db.kind == "sqlite":
        replay = Database(db.storage, sqlite_path=db.sqlite_path.removesuffix(".db") + ".replay.db")
    else:
        replay = Database(db.storage, schema="sijill_replay")
    then = replay.fetch_one("SELECT count(*) FROM citizen_directory")
    replay.close()
    live = db.fetch_one("SELECT count(*) FROM citizen_directory")
    db.close()

    assert replayed.stdout.startswith(f"replayed {head} events up to position {head} (recorded")
    assert then == (4,)
    assert live == (0,)  # nothing projected the live views: the replay wrote only its own


def test_a_checkpoint_file_that_is_not_a_checkpoint_is_refused_naming_it(tmp_path: Path) -> None:
    kept = tmp_path / "checkpoint.json"
    kept.write_text('{"treeSize": 8}', encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text("[8]", encoding="utf-8")

    refused = [
        sijill(NOWHERE, "audit", "verify", "--checkpoint", str(p), cwd=tmp_path, check=False)
        for p in (kept, listed)
    ]

    assert [r.returncode for r in refused] == [2, 2]
    assert [" ".join(r.stderr.split()) for r in refused] == [
        f"error: --checkpoint {kept}: not a checkpoint (rootHash missing)",
        f"error: --checkpoint {listed}: not a checkpoint (a JSON object expected)",
    ]
    assert all("Traceback" not in r.stderr for r in refused)


def test_the_server_signs_a_checkpoint_periodically_once_the_log_has_grown(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "3", cwd=tmp_path)
    db = database(url)
    head = len(Tamper(db).positions())
    db.close()
    token = create_token(url, mission="BRU", role="auditor", name="idris", cwd=tmp_path)
    server = Server(url, tmp_path, extra_env={"SIJILL_CHECKPOINT_EVERY": "0.5"})
    try:
        server.wait_until_ready()
        with ApiClient(server.base_url, token) as idris:
            deadline = time.monotonic() + 20
            listed: list[dict[str, object]] = []
            while not listed and time.monotonic() < deadline:
                time.sleep(0.2)
                listed = idris.data("Checkpoints")["checkpoints"]
            time.sleep(1.5)  # three more intervals: an idle log gets no new checkpoint
            again = idris.data("Checkpoints")["checkpoints"]
    finally:
        server.stop()
    verified = sijill(url, "audit", "verify", cwd=tmp_path)

    assert [(c["treeSize"], c["position"]) for c in listed] == [(head, head + 1)]
    assert again == listed
    assert verified.stdout.startswith(
        f"verified {head + 1} events and {head + 1} leaves against 1 checkpoint(s)"
    )


def test_an_exported_bundle_is_recorded_as_a_read_of_the_citizens_record(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    sijill(url, "demo", "--citizens", "2", cwd=tmp_path)
    citizen_id = a_citizen_id(url)

    sijill(url, "audit", "export", "--citizen", citizen_id, "--out", "b.json", cwd=tmp_path)
    container = bootstrap(Settings(database_url=url))
    try:
        container.projector.catch_up()
        reads = container.read_models.access_log(
            record_id=citizen_id, account=None, since=None, until=None, limit=10, offset=0
        )
    finally:
        container.close()

    assert [(r.account, r.mission, r.record_kind) for r in reads] == [
        ("audit-export", "RBA", "citizen")
    ]
