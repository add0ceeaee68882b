"""Document and service views (both backends): indexes, work queues, statistics, search."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from register.civil_status import inputs as c
from register.documents import inputs as dc
from register.services.guide_seed import seed_guide
from tests.consular_inputs import citizen, legalise, step, submit
from tests.factories import MONTREAL_CLERK, PARIS_CLERK, enroll
from tests.integration.test_documents import apply_for, approve, issue, on

if TYPE_CHECKING:
    from register.bootstrap import Container


def test_an_application_moves_through_the_queues_and_leaves_them_when_delivered(
    container: Container,
) -> None:
    register = container.register
    citizen = UUID(register.enroll_citizen(PARIS_CLERK, enroll()).result["citizenId"])
    document = apply_for(register, citizen, collectionMission="BRU")
    container.projector.catch_up()
    [waiting] = container.read_models.work_queue(
        "MTL", queue=None, status=None, limit=10, offset=0
    )[0]
    assert (waiting.item_id, waiting.queue, waiting.item_kind, waiting.status) == (
        str(document),
        "document-application",
        "PASSPORT",
        "APPLIED",
    )

    approve(register, document)
    issue(register, document, "AB1234567")
    container.projector.catch_up()
    assert container.read_models.work_queue("MTL", queue=None, status=None, limit=10, offset=0) == (
        [],
        0,
    )
    [to_hand_over] = container.read_models.work_queue(
        "BRU", queue="document-application", status="ISSUED", limit=10, offset=0
    )[0]
    assert to_hand_over.item_id == str(document)

    register.deliver_document(PARIS_CLERK, c.parse(dc.DeliverDocument, on(document)))
    container.projector.catch_up()
    assert container.read_models.work_queue("BRU", queue=None, status=None, limit=10, offset=0) == (
        [],
        0,
    )
    assert container.db.fetch_all(
        "SELECT number, kind, citizen_id, status, applied_at, issued_at FROM documents_index"
    ) == [("AB1234567", "PASSPORT", str(citizen), "DELIVERED", "MTL", "DXB")]


def test_passports_issued_are_counted_at_the_issuing_mission_and_found_by_number(
    container: Container,
) -> None:
    register = container.register
    citizen = UUID(register.enroll_citizen(PARIS_CLERK, enroll()).result["citizenId"])
    for number, kind in (("AB1111111", "PASSPORT"), ("AB2222222", "NATIONAL_ID")):
        document = apply_for(register, citizen, kind)
        approve(register, document)
        issue(register, document, number)

    container.projector.catch_up()

    month = register.today().strftime("%Y-%m")
    assert container.read_models.statistics("DXB", month) == [
        (month, "national_ids_issued", 1),
        (month, "passports_issued", 1),
    ]
    [found] = container.read_models.search_citizens("ab 222 2222")
    assert (found.citizen.citizen_id, found.score) == (str(citizen), 1.0)


def test_a_service_request_waits_in_its_missions_queue_and_is_found_by_tracking_number(
    container: Container,
) -> None:
    register = container.register
    seed_guide(register)
    citizen_id = citizen(register)
    submitted = submit(register, citizen_id, account=MONTREAL_CLERK)
    request_id, number = submitted.result["serviceRequestId"], submitted.result["trackingNumber"]
    legalise(register, citizen_id)
    container.projector.catch_up()

    [waiting] = container.read_models.work_queue(
        "MTL", queue="service-request", status=None, limit=10, offset=0
    )[0]
    [found] = container.read_models.search_citizens(number)
    month = register.today().strftime("%Y-%m")
    measures = {m: n for _, m, n in container.read_models.statistics("MTL", month)}
    paris = {m: n for _, m, n in container.read_models.statistics("PAR", month)}

    assert (waiting.item_id, waiting.status, waiting.citizen_id) == (
        request_id,
        "SUBMITTED",
        str(citizen_id),
    )
    assert (found.citizen.citizen_id, found.score) == (str(citizen_id), 1.0)
    assert measures[f"requests:{waiting.item_kind}"] == 1
    assert paris["legalisations"] == 1

    step(register, "withdraw_service_request", request_id, account=MONTREAL_CLERK)
    container.projector.catch_up()
    assert container.read_models.work_queue(
        "MTL", queue="service-request", status=None, limit=10, offset=0
    ) == ([], 0)
