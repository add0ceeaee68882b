"""Verification at scale: a checkpoint over N leaves and a full `verify` of N events, timed.

Usage: python -m bench.verify --url sqlite:////tmp/verify.db|postgresql://…/emptydb [--n 1000000]
The database must be new (it is migrated here). N synthetic events (a 300-byte state each) and
their leaves are bulk-written beneath the register — the write path is `bench.append`'s
subject; this one measures the streamed scan — then one checkpoint signs the root over every
leaf and `verify` recomputes every leaf and root. The baseline, in the same run, reads the same
events with plain SQL and hashes each once. Peak memory shows the scan streams.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import time
import uuid
from contextlib import closing
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from rich.progress import Progress

from bench.harness import Figure, Row, Scale, percent, require
from register import log
from register.audit.checkpoints import AuditLog
from register.audit.signing import Signer
from register.bootstrap import bootstrap
from register.settings import Settings
from register.store.chain import event_leaf
from register.store.storage import Storage

if TYPE_CHECKING:
    from collections.abc import Iterable

BATCH = 50_000
TOPIC = "sijill/bench/synthetic/v1"
SCALES: dict[Scale, int] = {"tiny": 2000, "small": 100_000, "large": 1_000_000}
"""Synthetic events written, then verified."""


def _rows(start: int, count: int) -> list[tuple[uuid.UUID, int, str, bytes]]:
    state = json.dumps({"actor": "bench", "mission": "PAR", "note": "x" * 240}).encode()
    return [(uuid.uuid4(), 1, TOPIC, state + str(start + i).encode()) for i in range(count)]


def fill(url: str, n: int) -> None:
    container = bootstrap(Settings(database_url=url), apply_migrations=True)
    db = container.db
    sqlite = db.kind == "sqlite"
    table = "stored_events" if sqlite else "register_events"
    with Progress(console=Console(stderr=True)) as progress:
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


def hashed(rows: Iterable[tuple[Any, ...]]) -> int:
    return sum(
        1
        for p, o, v, t, s in rows
        if hashlib.sha256(f"{p}:{o}:{v}:{t}:".encode() + bytes(s)).digest()
    )


def raw_scan(url: str) -> int:
    """The floor: every stored event read in order with plain SQL and hashed once (SHA-256)."""
    storage = Storage.from_url(url)
    query = "SELECT {0}, originator_id, originator_version, topic, state FROM {1} ORDER BY {0}"
    if storage.kind == "sqlite":
        with closing(sqlite3.connect(storage.sqlite_path)) as conn:
            return hashed(conn.execute(query.format("rowid", "stored_events")))
    with psycopg.connect(url) as pg, pg.cursor(name="scan") as cursor:
        return hashed(cursor.execute(query.format("notification_id", "register_events")))


def measure(url: str, n: int) -> list[Row]:
    """Fill `url` with `n` events, then time a checkpoint, `verify`, and the raw scan."""
    log.configure("warning")
    fill(url, n)
    container = bootstrap(Settings(database_url=url, log_level="warning"))
    signer = Signer(Ed25519PrivateKey.generate())
    audit = AuditLog(container.register.store, container.db, lambda: signer)
    started = time.perf_counter()
    checkpoint = audit.checkpoint()
    signed_s = time.perf_counter() - started
    with Progress(console=Console(stderr=True)) as progress:
        task = progress.add_task("verify", total=n + 1)
        started = time.perf_counter()
        verdict = audit.verify(progress=lambda k: progress.advance(task, k))
        verify_s = time.perf_counter() - started
    container.close()
    require(verdict.ok, f"verify finds nothing wrong (it found {verdict.first})")
    started = time.perf_counter()
    scanned = raw_scan(url)
    raw_s = time.perf_counter() - started
    ours, raw = verdict.events / verify_s, scanned / raw_s
    return [
        Row(
            "verify: every leaf and root recomputed, the checkpoint's signature checked",
            Figure(
                ours,
                f"{ours:,.0f} events/s ({verify_s:.3g} s; the checkpoint over"
                f" {checkpoint.tree_size:,} leaves took {signed_s:.3g} s)",
            ),
            Figure(raw, f"{raw:,.0f} events/s (plain SQL scan + one SHA-256 per event)"),
            percent(ours, raw),
            f"{verdict.events:,} events",
        )
    ]


def run(url: str, scale: Scale) -> list[Row]:
    return measure(url, SCALES[scale])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="a new database (sqlite:/// or postgresql://)")
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic events")
    args = parser.parse_args()
    command = f"python -m bench.verify --url URL --n {args.n}"
    for row in measure(args.url, args.n):
        print(replace(row, command=command).markdown())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the whole run: {peak_mb:,.0f} MB RSS")


if __name__ == "__main__":
    main()
