"""A bundle holds a citizen's whole history: each record's versions run from 1 without a gap."""

from __future__ import annotations

from register.audit.bundle import Check
from register.audit.witness.evidence import check_whole_history

CITIZEN = "6f1c1d3e-0000-4000-8000-000000000001"
DOSSIER = "6f1c1d3e-0000-4000-8000-000000000002"


def events(*held: tuple[str, int]) -> list[dict[str, object]]:
    return [{"originatorId": a, "originatorVersion": v} for a, v in held]


def test_every_version_from_one_is_the_whole_history() -> None:
    check = Check("bundle")

    check_whole_history(check, events((CITIZEN, 1), (DOSSIER, 1), (CITIZEN, 2), (CITIZEN, 3)))

    assert check.problems == []
    assert check.checked == ["whole history: 2 record(s), each from version 1 without a gap"]


def test_an_event_left_out_of_the_bundle_is_named_by_its_record_and_version() -> None:
    check = Check("bundle")

    check_whole_history(check, events((CITIZEN, 1), (CITIZEN, 3), (DOSSIER, 2)))

    assert check.problems == [
        f"record {CITIZEN}: version(s) 2 missing: not the whole history",
        f"record {DOSSIER}: version(s) 1 missing: not the whole history",
    ]
    assert check.checked == []
