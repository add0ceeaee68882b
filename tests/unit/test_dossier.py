"""The dossier that links a citizen's documents, requests and cases to the record."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.base import Recording
from domain.civil_status.dossier import Dossier

BY = Recording(actor="clerk-par", mission="PAR", effective_date=date(2026, 1, 5))


def test_the_first_link_opens_the_dossier_under_the_citizens_fixed_id() -> None:
    citizen, document = uuid4(), uuid4()

    dossier = Dossier.link(None, citizen_id=citizen, kind="document", aggregate_id=document, by=BY)

    assert dossier.id == Dossier.id_for(citizen)
    assert dossier.linked("document") == [document]
    opened, linked = dossier.collect_events()
    assert (type(opened), type(linked)) == (Dossier.Created, Dossier.Linked)
    assert (linked.actor, linked.mission, linked.effective_date) == (
        "clerk-par",
        "PAR",
        BY.effective_date,
    )


def test_links_are_kept_by_kind_in_the_order_made() -> None:
    citizen = uuid4()
    first, request, second = uuid4(), uuid4(), uuid4()
    dossier = Dossier.link(None, citizen_id=citizen, kind="document", aggregate_id=first, by=BY)
    Dossier.link(dossier, citizen_id=citizen, kind="service-request", aggregate_id=request, by=BY)
    Dossier.link(dossier, citizen_id=citizen, kind="document", aggregate_id=second, by=BY)

    assert dossier.linked("document") == [first, second]
    assert dossier.linked("service-request") == [request]
    assert dossier.linked("case") == []
    assert dossier.version == 4
