"""Search results list each citizen's documents from the documents index, with the status a
lookup gives: a valid document past its expiry date reads EXPIRED there too."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from tests.factories import AUDITOR, PARIS_CLERK, enroll
from tests.integration.gql.test_connections import data
from tests.integration.test_documents import apply_for, approve, issue

if TYPE_CHECKING:
    from register.bootstrap import Container

SEARCH = """query Find($q: String!) {
  searchCitizens(query: $q) { nodes { documents { number kind status expiresOn } } }
}"""
LOOKUP = "query One($n: String!) { document(number: $n) { status expiresOn } }"


def test_a_passport_past_its_expiry_reads_expired_in_search_results_as_in_a_lookup(
    container: Container,
) -> None:
    register = container.register
    citizen = UUID(register.enroll_citizen(PARIS_CLERK, enroll()).result["citizenId"])
    document = apply_for(register, citizen)
    approve(register, document)
    issue(register, document, "AB7654321")
    expires_on = register.document(AUDITOR, document).expires_on
    assert expires_on is not None
    container.projector.catch_up()
    on_expiry = data(container, SEARCH, q="AB7654321")

    register.today = lambda: expires_on + timedelta(days=1)  # type: ignore[method-assign]
    after_expiry = data(container, SEARCH, q="AB7654321")

    listed = {"number": "AB7654321", "kind": "PASSPORT", "expiresOn": expires_on.isoformat()}
    assert on_expiry == {
        "searchCitizens": {"nodes": [{"documents": [{**listed, "status": "ISSUED"}]}]}
    }
    assert after_expiry == {
        "searchCitizens": {"nodes": [{"documents": [{**listed, "status": "EXPIRED"}]}]}
    }
    assert data(container, LOOKUP, n="AB7654321") == {
        "document": {"status": "EXPIRED", "expiresOn": expires_on.isoformat()}
    }
