"""Every checkpoint goes to the witnesses; what they cosign is kept with it.

A checkpoint is sent to every witness right after it is recorded, each with the consistency
proof from the size that witness cosigned last (a 409 names that size; one more try goes from
there). A witness that is down, slow or refusing never fails or blocks the command beyond the
client's timeout: it is reported (log, `/metrics`, `verifyIntegrity`) and the server's cosigner
brings it to the latest checkpoint every SIJILL_WITNESS_RETRY seconds. Cosignatures go into
`audit_cosignatures` (migrations/common/0013), checked before they are kept.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from register.audit.witness.client import WitnessUnreachable, endpoints
from register.audit.witness.note import NoteError, SignatureLine, note_of
from register.audit.witness.witness import SIZE_TYPE, request_text

if TYPE_CHECKING:
    from register.audit.checkpoints import AuditLog, SignedCheckpoint
    from register.audit.witness.client import Endpoint
    from register.bootstrap import Container
    from register.settings import WitnessSetting
    from register.store.storage import Database

log = structlog.get_logger(__name__)


@dataclass
class WitnessStatus:
    """What this process last heard from one witness."""

    label: str
    key_id: str
    cosigned_size: int | None = None
    """The largest checkpoint size it has cosigned, as recorded."""
    cosigned_at: int | None = None
    up: bool | None = None
    """Did the last attempt from this process succeed (None: none made yet)?"""
    error: str | None = None


@dataclass(frozen=True)
class Sent:
    label: str
    cosigned: bool
    error: str | None = None


class Cosignatures:
    """`audit_cosignatures`: the notes witnesses cosigned, by witness and size."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, key: str, tree_size: int, root: str, at: int, note: str) -> None:
        self.db.execute(
            "INSERT INTO audit_cosignatures"
            " (witness_key_id, tree_size, root_hash, cosigned_at, note)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (witness_key_id, tree_size)"
            " DO UPDATE SET cosigned_at = excluded.cosigned_at, note = excluded.note,"
            " root_hash = excluded.root_hash",
            (key, tree_size, root, at, note),
        )

    def latest(self) -> dict[str, tuple[int, int]]:
        """Each witness's largest size cosigned and when (by witness key id)."""
        rows = self.db.fetch_all(
            "SELECT witness_key_id, tree_size, cosigned_at FROM audit_cosignatures c"
            " WHERE tree_size = (SELECT MAX(tree_size) FROM audit_cosignatures d"
            " WHERE d.witness_key_id = c.witness_key_id)"
        )
        return {str(k): (int(n), int(t)) for k, n, t in rows}

    def notes(self) -> list[str]:
        return [str(n) for (n,) in self.db.fetch_all("SELECT note FROM audit_cosignatures")]


class Cosigners:
    """The configured witnesses, the quorum, and sending checkpoints to them."""

    def __init__(self, audit: AuditLog, setting: WitnessSetting) -> None:
        self.audit = audit
        self.setting = setting
        self.quorum = setting.quorum
        self.table = Cosignatures(audit.log.db)
        self._witnesses: list[Endpoint] | None = None
        self.status: dict[str, WitnessStatus] = {}
        self._lock = threading.Lock()

    @property
    def witnesses(self) -> list[Endpoint]:
        """The witnesses, reached on first use (a local one trusts the register's key)."""
        with self._lock:
            if self._witnesses is None:
                self._witnesses = endpoints(self.setting, lambda: self.audit.signer().public_key)
                self.status = {w.key_id: WitnessStatus(w.label, w.key_id) for w in self._witnesses}
            return self._witnesses

    def submit(self, checkpoint: SignedCheckpoint) -> list[Sent]:
        """Send `checkpoint` to every witness at once; never raises, reports each outcome."""
        if not self.witnesses:
            return []
        with ThreadPoolExecutor(max_workers=len(self.witnesses)) as pool:
            return list(pool.map(lambda w: self._send(w, checkpoint), self.witnesses))

    def catch_up(self) -> list[Sent]:
        """Send the latest checkpoint to each witness that has not cosigned it yet."""
        latest = self.audit.latest()
        if latest is None:
            return []
        held = self.table.latest()
        behind = [w for w in self.witnesses if held.get(w.key_id, (-1, 0))[0] < latest.tree_size]
        return [self._send(w, latest) for w in behind]

    def reports(self) -> list[WitnessStatus]:
        """Every witness with its latest cosignature as recorded (any process's)."""
        held, _ = self.table.latest(), self.witnesses
        with self._lock:
            for status in self.status.values():
                status.cosigned_size, status.cosigned_at = held.get(status.key_id, (None, None))
            return [WitnessStatus(**vars(s)) for s in self.status.values()]

    def _send(self, witness: Endpoint, checkpoint: SignedCheckpoint) -> Sent:
        try:
            error = self._exchange(witness, checkpoint)
        except WitnessUnreachable as e:
            error = f"unreachable: {e}"
        except Exception as e:  # a witness must never fail the checkpoint
            log.exception("audit.witness_failed", witness=witness.label)
            error = f"{type(e).__name__}: {e}"
        with self._lock:
            status = self.status[witness.key_id]
            status.up, status.error = error is None, error
        if error is not None:
            log.warning("audit.witness_not_cosigned", witness=witness.label, error=error)
        return Sent(witness.label, error is None, error)

    def _exchange(self, witness: Endpoint, checkpoint: SignedCheckpoint) -> str | None:
        """One request, and one more from the size a 409 names; None once cosigned."""
        note = note_of(checkpoint, self.audit.signer().public_key)
        size = checkpoint.tree_size
        old = self.table.latest().get(witness.key_id, (0, 0))[0]
        for _ in range(2):
            if old > size:
                return f"it has cosigned {old} leaves, more than this checkpoint's {size}"
            proof = self.audit.consistency(old, size) if 0 < old < size else []
            answer = witness.add_checkpoint(request_text(old, proof, note))
            if answer.status == 200:
                return self._keep(witness, checkpoint, answer.body)
            if answer.status != 409 or answer.content_type != SIZE_TYPE:
                break
            named = answer.body.strip()
            if not named.isdigit() or int(named) == old:
                break
            old = int(named)
        first_line = answer.body.strip().splitlines()[0] if answer.body.strip() else ""
        return f"refused ({answer.status}): {first_line}"

    def _keep(self, witness: Endpoint, checkpoint: SignedCheckpoint, body: str) -> str | None:
        note = note_of(checkpoint, self.audit.signer().public_key)
        try:
            lines = [SignatureLine.parse(x) for x in body.splitlines() if x.strip()]
        except NoteError as e:
            return f"an answer that is not a cosignature ({e})"
        cosigned = note.with_lines(lines)
        at = cosigned.cosigned_at(witness.public_key)
        if at is None:
            return "a cosignature that does not verify with its key"
        self.table.record(
            witness.key_id, checkpoint.tree_size, checkpoint.root_hash, at, cosigned.text()
        )
        log.info("audit.cosigned", witness=witness.label, tree_size=checkpoint.tree_size)
        return None


def metric_lines(cosigners: Cosigners) -> list[str]:
    """Prometheus lines: each witness's largest cosigned size, whether it lags the latest
    checkpoint (down, refusing, or not retried yet), and this process's last attempt."""
    if not cosigners.setting.entries:
        return []
    reports = cosigners.reports()
    latest = cosigners.audit.latest()
    size = latest.tree_size if latest is not None else 0
    labels = [(f'{{witness="{w.label}"}}', w) for w in reports]
    return [
        "# HELP sijill_witness_cosigned_tree_size The largest checkpoint a witness cosigned.",
        "# TYPE sijill_witness_cosigned_tree_size gauge",
        *(f"sijill_witness_cosigned_tree_size{k} {w.cosigned_size or 0}" for k, w in labels),
        "# HELP sijill_witness_behind 1 when a witness has not cosigned the latest checkpoint.",
        "# TYPE sijill_witness_behind gauge",
        *(f"sijill_witness_behind{k} {int((w.cosigned_size or 0) < size)}" for k, w in labels),
        "# HELP sijill_witness_up 1 when this process last reached the witness, 0 when not.",
        "# TYPE sijill_witness_up gauge",
        *(f"sijill_witness_up{k} {int(w.up)}" for k, w in labels if w.up is not None),
    ]


def start_cosigner(
    container: Container, every_s: float
) -> tuple[threading.Thread, threading.Event] | None:
    """Bring every witness to the latest checkpoint every `every_s` seconds, until stopped."""
    cosigners = container.audit.witnesses
    if cosigners is None or not cosigners.setting.entries or every_s <= 0:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every_s):
            try:
                cosigners.catch_up()
            except Exception:  # the next round tries again; nothing else depends on it
                log.exception("audit.cosigner_failed")

    thread = threading.Thread(target=run, name="sijill-cosigner", daemon=True)
    thread.start()
    return thread, stop
