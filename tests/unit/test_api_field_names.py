"""Every field a refusal can name reaches clients under the API name they have always read.

The domain and the application services name a refusal's field in the domain's words
(`married_on`); register.errors.api_field gives the API's (`marriedOn`) where refusals leave the
register. The names are found by reading the sources, so a new one cannot slip by unlisted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from domain.errors import DateRuleViolated
from register.errors import API_NAMES, api_field, client_message

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("domain", "register")
NOT_SCANNED = ("register/legacy_import",)
"""The legacy import names a line's fields in the legacy file's own words (docs/legacy-format.md),
not through api_field: only the domain refusals it meets are mapped, and those are in domain/."""

API_NAME_TODAY = {
    # the domain's names (domain/) and the application services' (register/*/service.py, …)
    "amount": "amount",
    "appointment_id": "appointmentId",
    "authorisation_reference": "authorisationReference",
    "birth_date": "birthDate",
    "case_id": "caseId",
    "channel": "channel",
    "citizen_id": "citizenId",
    "code": "code",
    "collection_mission": "collectionMission",
    "currency": "currency",
    "daily_capacity": "dailyCapacity",
    "date": "date",
    "day": "date",
    "descriptions": "descriptions",
    "document_id": "documentId",
    "effective_date": "effectiveDate",
    "expected_version": "expectedVersion",
    "father_id": "fatherId",
    "fees.0.mission": "fees.0.mission",
    "field": "field",
    "id": "id",
    "kind": "kind",
    "legalisation_id": "legalisationId",
    "marriage_id": "marriageId",
    "married_on": "marriedOn",
    "mission": "mission",
    "mother_id": "motherId",
    "mrz": "mrz",
    "names": "names",
    "national_id": "nationalId",
    "new_value": "newValue",
    "number": "number",
    "registered_mission": "registeredMission",
    "release_shares": "releaseShares",
    "request_id": "requestId",
    "required_documents.0": "requiredDocuments.0",
    "service": "service",
    "service_code": "serviceCode",
    "service_request_id": "serviceRequestId",
    "signer_capacity": "signerCapacity",
    "signer_name": "signerName",
    "spouse_id": "spouseId",
    "spouse_name": "spouseName",
    "spouse_nationality": "spouseNationality",
    "to": "to",
    "to_mission": "toMission",
    # refused at the boundary about the API's own inputs: already the API's names
    "after": "after",
    "asOf": "asOf",
    "birthDate": "birthDate",
    "effectiveOn": "effectiveOn",
    "first": "first",
    "from": "from",
    "query": "query",
    "trackingNumber": "trackingNumber",
    "type": "type",
}
"""Each field name found in the sources, and the API name clients read for it today."""


def _constants(node: ast.expr | None) -> list[str]:
    """The texts an expression can be: a string, an f-string (each value read as 0), either
    branch of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [
            "".join(
                str(v.value) if isinstance(v, ast.Constant) else "0" for v in node.values
            )
        ]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _is_field(name: str) -> bool:
    return name in ("field", "FIELD")


def _field_positions(trees: list[ast.Module]) -> dict[str, int]:
    """Functions taking a positional `field`, by name, and where it stands among their args."""
    positions: dict[str, int] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "field" in args:
                    offset = 1 if args[0] in ("self", "cls") else 0
                    positions[node.name] = args.index("field") - offset
    return positions


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def names_in(tree: ast.Module, positions: dict[str, int]) -> set[str]:
    """Every field name written in a module: `field=` arguments, `field`/`FIELD` assignments
    and defaults, positional `field` arguments, and `for field, … in` literal pairs."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg is not None and _is_field(keyword.arg):
                    found.update(_constants(keyword.value))
            at = positions.get(_called(node) or "")
            if at is not None and at < len(node.args):
                found.update(_constants(node.args[at]))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and _is_field(t.id) for t in targets):
                found.update(_constants(node.value))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            positional = arguments.posonlyargs + arguments.args
            defaulted = positional[len(positional) - len(arguments.defaults) :]
            pairs = list(zip(defaulted, arguments.defaults, strict=True))
            pairs += [
                (a, d)
                for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
                if d is not None
            ]
            found.update(v for a, d in pairs if _is_field(a.arg) for v in _constants(d))
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
            first = node.target.elts[0] if node.target.elts else None
            if isinstance(first, ast.Name) and _is_field(first.id):
                items = node.iter.elts if isinstance(node.iter, ast.Tuple | ast.List) else []
                for item in items:
                    if isinstance(item, ast.Tuple) and item.elts:
                        found.update(_constants(item.elts[0]))
    return found


def field_names_in_sources() -> dict[str, set[str]]:
    """The field names each scanned source writes, by its path from the repository's root."""
    paths = [
        path
        for root in SCANNED
        for path in sorted((ROOT / root).rglob("*.py"))
        if not any(path.is_relative_to(ROOT / skip) for skip in NOT_SCANNED)
    ]
    trees = {
        path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in paths
    }
    positions = _field_positions(list(trees.values()))
    return {path: names_in(tree, positions) for path, tree in trees.items()}


BY_SOURCE = field_names_in_sources()
FOUND = set().union(*BY_SOURCE.values())


def test_every_field_name_in_the_sources_is_listed_with_its_api_name() -> None:
    assert sorted(FOUND) == sorted(API_NAME_TODAY)


@pytest.mark.parametrize("name", sorted(API_NAME_TODAY))
def test_a_field_reaches_clients_under_its_api_name_of_today(name: str) -> None:
    assert api_field(name) == API_NAME_TODAY[name]


def test_the_domain_names_its_fields_in_snake_case() -> None:
    domain_names = {
        name for path, names in BY_SOURCE.items() if path.startswith("domain/") for name in names
    }
    assert domain_names, "the scan finds the domain's field names"
    assert [n for n in sorted(domain_names) if n != n.lower()] == []


def test_every_exception_is_a_name_the_sources_use() -> None:
    assert set(API_NAMES) <= FOUND


def test_a_nested_field_maps_each_step() -> None:
    assert api_field("spouse.given_name_ar") == "spouse.givenNameAr"
    assert api_field("names.0.lang") == "names.0.lang"
    assert api_field(None) is None


def test_a_message_about_its_field_names_it_as_the_api_does() -> None:
    refusal = DateRuleViolated(
        "2999-01-01 is in the future", field="birth_date", code="DATE_IN_FUTURE", about_field=True
    )

    assert refusal.message == "birth_date 2999-01-01 is in the future"
    assert client_message(refusal) == "birthDate 2999-01-01 is in the future"
