"""Identity documents on a real store, the same tests on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest

from domain.documents import mrz_reading
from domain.documents.kinds import DocumentStatus
from domain.errors import CitizenDeceased, DocumentTransitionRefused
from register.access import Account, Role
from register.civil_status import inputs as c
from register.documents import inputs as dc
from register.documents.service import DocumentCheck, Verification
from tests.factories import AUDITOR, DUBAI_OFFICER, MONTREAL_CLERK, PARIS_CLERK, enroll

if TYPE_CHECKING:
    from register.application import Register
    from register.bootstrap import Container

BRUSSELS_CLERK = Account(name="clerk-bru", role=Role.CLERK, mission="BRU")
PARIS_OFFICER = Account(name="officer-par", role=Role.OFFICER, mission="PAR")
S = DocumentStatus


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def enrolled(register: Register, **overrides: Any) -> UUID:
    return UUID(register.enroll_citizen(PARIS_CLERK, enroll(**overrides)).result["citizenId"])


def apply_for(register: Register, citizen_id: UUID, kind: str = "PASSPORT", **more: Any) -> UUID:
    cmd = c.parse(dc.ApplyForDocument, {"citizenId": str(citizen_id), "kind": kind, **more})
    return UUID(register.apply_for_document(MONTREAL_CLERK, cmd).result["documentId"])


def on(document_id: UUID, **more: Any) -> dict[str, Any]:
    return {"documentId": str(document_id), **more}


def approve(register: Register, document_id: UUID) -> None:
    register.capture_biometrics(
        MONTREAL_CLERK,
        c.parse(dc.CaptureBiometrics, on(document_id, facialImageRef="bio:face:1")),
    )
    register.approve_document(DUBAI_OFFICER, c.parse(dc.ApproveDocument, on(document_id)))


def issue(
    register: Register, document_id: UUID, number: str, officer: Account = DUBAI_OFFICER
) -> None:
    register.issue_document(officer, c.parse(dc.IssueDocument, on(document_id, number=number)))


def passport(register: Register, citizen_id: UUID, number: str, kind: str = "PASSPORT") -> UUID:
    document_id = apply_for(register, citizen_id, kind)
    approve(register, document_id)
    issue(register, document_id, number)
    return document_id


def passport_application(register: Register, given_name: str) -> UUID:
    document_id = apply_for(register, enrolled(register, givenName=given_name))
    approve(register, document_id)
    return document_id


def status(register: Register, document_id: UUID) -> DocumentStatus:
    return register.document(AUDITOR, document_id).status(register.today())


def verify(register: Register, number: str, born: date = date(1985, 3, 4)) -> Verification:
    return register.verify_document(
        c.parse(dc.VerifyDocument, {"number": number, "birthDate": born})
    )


def test_a_citizen_of_paris_applies_in_montreal_is_issued_in_dubai_and_collects_in_brussels(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register, nationalId="BK123456")
    today = register.today()

    document_id = apply_for(register, citizen_id, collectionMission="BRU")
    approve(register, document_id)
    issue(register, document_id, "ab 1234567")
    register.deliver_document(BRUSSELS_CLERK, c.parse(dc.DeliverDocument, on(document_id)))

    document = register.document_by_number(AUDITOR, "AB1234567")
    assert document is not None
    assert document.id == document_id
    assert (document.status(today), document.kind.value, document.number) == (
        S.DELIVERED,
        "PASSPORT",
        "AB1234567",
    )
    assert (document.applied_at, document.collection_mission) == ("MTL", "BRU")
    assert (document.issued_at, document.delivered_at) == ("DXB", "BRU")
    assert (document.issued_on, document.expires_on) == (
        today,
        today.replace(year=today.year + 10) - timedelta(days=1),
    )
    read = mrz_reading.decode(document.mrz, reference=today)
    assert (read.surname, read.given_names, read.optional_data) == (
        "EL AMRANI",
        "YOUSSEF",
        "BK123456",
    )
    assert [d.id for d in register.documents_of(AUDITOR, citizen_id)] == [document_id]
    assert register.dossier(citizen_id, "document") == [document_id]
    steps = [(type(e).__name__, e.mission, e.actor) for e in register.history(citizen_id)]
    assert steps == [
        ("Enrolled", "PAR", "clerk-par"),
        ("DocumentApplied", "MTL", "clerk-mtl"),
        ("BiometricsCaptured", "MTL", "clerk-mtl"),
        ("DocumentApproved", "DXB", "officer-dxb"),
        ("DocumentIssued", "DXB", "officer-dxb"),
        ("DocumentDelivered", "BRU", "clerk-bru"),
    ]
    assert verify(register, "AB1234567") == Verification(DocumentCheck.VALID, document.expires_on)


def test_a_rejected_application_is_never_issued(container: Container) -> None:
    register = container.register
    document_id = apply_for(register, enrolled(register))

    register.reject_document(
        DUBAI_OFFICER, c.parse(dc.RejectDocument, on(document_id, reason="forged certificate"))
    )

    with pytest.raises(DocumentTransitionRefused):
        issue(register, document_id, "AB1234567")
    rejected = register.document(AUDITOR, document_id)
    assert (rejected.status(register.today()), rejected.reason) == (
        S.REJECTED,
        "forged certificate",
    )


def test_steps_out_of_order_are_refused_and_write_nothing(container: Container) -> None:
    register = container.register
    document_id = apply_for(register, enrolled(register))
    before = events_in(register)

    with pytest.raises(DocumentTransitionRefused) as too_early:
        issue(register, document_id, "AB1234567")
    with pytest.raises(DocumentTransitionRefused):
        register.deliver_document(MONTREAL_CLERK, c.parse(dc.DeliverDocument, on(document_id)))

    assert too_early.value.field == "document_id"
    assert events_in(register) == before
    assert register.document_by_number(AUDITOR, "AB1234567") is None
    approve(register, document_id)
    issue(register, document_id, "AB1234567")
    register.deliver_document(MONTREAL_CLERK, c.parse(dc.DeliverDocument, on(document_id)))
    delivered = events_in(register)
    with pytest.raises(DocumentTransitionRefused):
        register.deliver_document(MONTREAL_CLERK, c.parse(dc.DeliverDocument, on(document_id)))
    assert events_in(register) == delivered


@pytest.mark.parametrize(
    ("operation", "command", "extra", "recorded", "check"),
    [
        ("report_document_lost", dc.ReportDocumentLost, {}, S.LOST, DocumentCheck.LOST_OR_STOLEN),
        (
            "report_document_stolen",
            dc.ReportDocumentStolen,
            {"circumstances": "bag snatched"},
            S.STOLEN,
            DocumentCheck.LOST_OR_STOLEN,
        ),
        (
            "revoke_document",
            dc.RevokeDocument,
            {"reason": "fraud"},
            S.REVOKED,
            DocumentCheck.REVOKED,
        ),
    ],
)
def test_a_lost_stolen_or_revoked_document_is_no_longer_valid(
    container: Container,
    operation: str,
    command: type[dc.OnDocument],
    extra: dict[str, Any],
    recorded: DocumentStatus,
    check: DocumentCheck,
) -> None:
    register = container.register
    document_id = passport(register, enrolled(register), "AB1234567")

    getattr(register, operation)(PARIS_OFFICER, c.parse(command, on(document_id, **extra)))

    assert status(register, document_id) is recorded
    assert verify(register, "AB1234567") == Verification(check, None)


def test_a_new_passport_supersedes_the_valid_one_and_the_old_number_reads_revoked(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register)
    old = passport(register, citizen_id, "AA0000001")
    card = passport(register, citizen_id, "AA0000002", kind="NATIONAL_ID")

    new = passport(register, citizen_id, "AA0000003")

    assert [status(register, d) for d in (old, card, new)] == [S.SUPERSEDED, S.ISSUED, S.ISSUED]
    assert verify(register, "AA0000001") == Verification(DocumentCheck.REVOKED, None)
    assert verify(register, "AA0000003").status is DocumentCheck.VALID


def test_a_document_past_its_expiry_date_reads_expired(container: Container) -> None:
    register = container.register
    document_id = passport(register, enrolled(register), "AB1234567")
    expires_on = register.document(AUDITOR, document_id).expires_on
    assert expires_on is not None

    register.today = lambda: expires_on + timedelta(days=1)

    assert status(register, document_id) is S.EXPIRED
    assert verify(register, "AB1234567") == Verification(DocumentCheck.EXPIRED, None)
    with pytest.raises(DocumentTransitionRefused):
        register.deliver_document(MONTREAL_CLERK, c.parse(dc.DeliverDocument, on(document_id)))


def test_a_death_invalidates_the_holders_documents_in_the_same_transaction(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register)
    valid = passport(register, citizen_id, "AB1234567")
    pending = apply_for(register, citizen_id, "NATIONAL_ID")
    before = events_in(register)

    outcome = register.record_death(
        PARIS_CLERK,
        c.parse(
            c.RecordDeath,
            {"citizenId": str(citizen_id), "effectiveDate": register.today(), "place": "Lyon"},
        ),
    )

    assert outcome.position == before + 3
    assert [status(register, d) for d in (valid, pending)] == [S.INVALIDATED_BY_DEATH] * 2
    assert verify(register, "AB1234567") == Verification(DocumentCheck.REVOKED, None)
    with pytest.raises(CitizenDeceased):
        apply_for(register, citizen_id)


def test_a_retried_application_records_one_document(container: Container) -> None:
    register = container.register
    citizen_id = enrolled(register)
    cmd = c.parse(
        dc.ApplyForDocument,
        {"citizenId": str(citizen_id), "kind": "NATIONAL_ID", "requestId": "apply-1"},
    )

    first = register.apply_for_document(MONTREAL_CLERK, cmd)
    retry = register.apply_for_document(MONTREAL_CLERK, cmd)

    assert retry.result == first.result
    assert retry.replayed
    assert len(register.dossier(citizen_id, "document")) == 1


@pytest.mark.parametrize(
    ("number", "born"),
    [("ZZ9999999", date(1985, 3, 4)), ("AB1234567", date(1985, 3, 5))],
    ids=["unknown number", "wrong birth date"],
)
def test_the_public_check_tells_an_unknown_number_from_nothing_else(
    container: Container, number: str, born: date
) -> None:
    register = container.register
    passport(register, enrolled(register), "AB1234567")

    assert verify(register, number, born) == Verification(DocumentCheck.UNKNOWN, None)


def test_looking_a_document_up_records_a_read_of_its_holders_record(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register)
    document_id = passport(register, citizen_id, "AB1234567")
    register.reads.flush(register)

    assert register.document_by_number(BRUSSELS_CLERK, "ZZ9999999") is None
    register.document_by_number(BRUSSELS_CLERK, "AB1234567")
    register.document(AUDITOR, document_id)
    recorded = register.reads.flush(register)
    container.projector.catch_up()

    assert recorded == 2
    reads = container.read_models.access_log(
        record_id=str(citizen_id), account=None, since=None, until=None, limit=10, offset=0
    )
    assert [(r.account, r.mission, r.record_kind) for r in reads] == [
        ("clerk-bru", "BRU", "citizen"),
        ("auditor", "BRU", "citizen"),
    ]
