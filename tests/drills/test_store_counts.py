"""The drills' verdicts from the store: what counts as lost and as duplicated."""

from __future__ import annotations

from bench.drills.common import StoreCounts


def test_an_acknowledged_command_without_its_receipt_or_its_citizen_is_lost() -> None:
    counts = StoreCounts(receipts={"r1": 1, "r2": 1}, enrolments={"AB000001": ["c1"]})
    acknowledged = {
        "r1": ("AB000001", "c1"),  # recorded
        "r2": ("AB000002", "c2"),  # receipt, but no citizen with that national ID
        "r3": ("AB000003", "c3"),  # nothing at all
    }
    assert counts.lost(acknowledged) == 2


def test_a_request_id_or_a_national_id_recorded_twice_is_duplicated() -> None:
    counts = StoreCounts(
        receipts={"r1": 1, "r2": 2},
        enrolments={"AB000001": ["c1"], "AB000002": ["c2", "c3", "c4"]},
    )
    assert counts.duplicated() == 1 + 2
