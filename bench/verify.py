"""Verification at scale: a checkpoint over N leaves and a full `verify` of N events, timed.

Usage: python -m bench.verify --url sqlite:////tmp/verify.db|postgresql://…/emptydb [--n 1000000]
The database must be new (it is migrated here). N synthetic events (a 300-byte state each) and
their leaves are bulk-written beneath the register — the write path is `bench.append`'s
subject; this one measures the streamed scan — then one checkpoint signs the root over every
leaf and `verify` recomputes every leaf and root. Peak memory shows the scan streams.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.progress import Progress

from register.audit import AuditLog
from register.bootstrap import bootstrap
from register.chain import event_leaf
from register.settings import Settings
from register.signing import Signer

BATCH = 50_000
TOPIC = "sijill/bench/synthetic/v1"


def _rows(start: int, count: int) -> list[tuple[uuid.UUID, int, str, bytes]]:
    state = json.dumps({"actor": "bench", "mission": "PAR", "note": "x" * 240}).encode()
    return [(uuid.uuid4(), 1, TOPIC, state + str(start + i).encode()) for i in range(count)]


def fill(url: str, n: int) -> None:
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    db = container.db
    sqlite = db.kind == "sqlite"
    table = "stored_events" if sqlite else "register_events"
    with Progress() as progress:
        task = progress.add_task("synthetic events", total=n)
        for start in range(0, n, BATCH):
            rows = _rows(start, min(BATCH, n - start))
            leaves = [
                (start + i, start + i + 1, event_leaf(start + i + 1, oid, v, t, s))
                for i, (oid, v, t, s) in enumerate(rows)
            ]
            with db.transaction() as cursor:
                if sqlite:
                    cursor.executemany(
                        "INSERT INTO stored_events (rowid, originator_id, originator_version,"
                        " topic, state) VALUES (%s, %s, %s, %s, %s)",
                        [(start + i + 1, o.hex, v, t, s) for i, (o, v, t, s) in enumerate(rows)],
                    )
                    cursor.executemany(
                        "INSERT INTO merkle_leaves (leaf_index, position, leaf)"
                        " VALUES (%s, %s, %s)",
                        leaves,
                    )
                else:
                    with cursor.copy(
                        f"COPY {table} (notification_id, originator_id, originator_version,"
                        " topic, state) FROM STDIN"
                    ) as copy:
                        for i, row in enumerate(rows):
                            copy.write_row((start + i + 1, *row))
                    with cursor.copy(
                        "COPY merkle_leaves (leaf_index, position, leaf) FROM STDIN"
                    ) as copy:
                        for leaf in leaves:
                            copy.write_row(leaf)
            progress.advance(task, len(rows))
    if not sqlite:
        db.execute(f"SELECT setval('{table}_notification_id_seq', %s)", (n,))
    container.close()


def measure(url: str, n: int) -> None:
    container = bootstrap(Settings(database_url=url, log_level="warning"))
    signer = Signer(Ed25519PrivateKey.generate())
    audit = AuditLog(container.register, container.db, lambda: signer)
    started = time.perf_counter()
    checkpoint = audit.checkpoint()
    signed_s = time.perf_counter() - started
    with Progress() as progress:
        task = progress.add_task("verify", total=n + 1)
        started = time.perf_counter()
        verdict = audit.verify(progress=lambda k: progress.advance(task, k))
        verify_s = time.perf_counter() - started
    container.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not verdict.ok:
        raise SystemExit(f"verify found {verdict.first}")
    print(
        f"| checkpoint over {checkpoint.tree_size:,} leaves | {signed_s:.1f} s |\n"
        f"| verify {verdict.events:,} events ({verdict.events / verify_s:,.0f}/s) |"
        f" {verify_s:.1f} s | peak RSS {peak_mb:,.0f} MB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="a new database (sqlite:/// or postgresql://)")
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic events")
    args = parser.parse_args()
    fill(args.url, args.n)
    measure(args.url, args.n)


if __name__ == "__main__":
    main()
