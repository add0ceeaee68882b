"""`sijill import`: a legacy export becomes ordinary events, checked, unique, resumable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from domain.civil_status.values import MaritalStatus
from domain.documents.kinds import DocumentStatus
from domain.indexes import NationalIdIndex
from projections import all_views
from register.access import Account, Role
from register.legacy_import.importer import Importer, ImportReport
from register.legacy_import.line_terms import citizen_id_for
from register.services.guide_seed import seed_guide
from register.views.projector import Projector
from register.views.rebuild import differences, fresh_target, rebuild
from tests import legacy_lines as legacy
from tests.factories import PARIS_CLERK, enroll

if TYPE_CHECKING:
    from domain.civil_status.citizen import Citizen
    from register.bootstrap import Container

TODAY = date(2026, 11, 22)
SIJILL = Path(sys.executable).parent / "sijill"
AUDITOR = Account(name="auditor", role=Role.AUDITOR, mission="RBA")


def run(container: Container, file: Path, **options: object) -> ImportReport:
    importer = Importer(
        container,
        batch_lines=int(options.pop("batch", 2)),
        workers=int(options.pop("workers", 1)),
        today=TODAY,
    )
    return importer.run(file, file.with_suffix(".rejects.jsonl"), **options)  # type: ignore[arg-type]


def rejects(file: Path) -> list[dict[str, object]]:
    path = file.with_suffix(".rejects.jsonl")
    return [json.loads(r) for r in path.read_text().splitlines()]


def events_in(container: Container) -> int:
    return container.register.recorder.max_notification_id() or 0


def load(container: Container, legacy_id: str) -> Citizen:
    return container.register.load_citizen(citizen_id_for(legacy_id))


def test_a_family_goes_in_as_the_register_records_it_with_both_sides_of_each_relation(
    container: Container, tmp_path: Path
) -> None:
    seed_guide(container.register)
    report = run(container, legacy.write(tmp_path / "export.jsonl", legacy.family()))

    assert (report.imported, report.rejected, report.already) == (3, 0, 0)
    husband, wife, child = (load(container, k) for k in ("HUSBAND", "WIFE", "CHILD"))
    assert husband.registered_mission == "MTL"
    assert (husband.marital_status, wife.marital_status) == (MaritalStatus.MARRIED,) * 2
    assert husband.marriages[0].marriage_id == wife.marriages[0].marriage_id
    assert (husband.marriages[0].spouse_id, wife.marriages[0].spouse_id) == (wife.id, husband.id)
    assert (child.father_id, child.mother_id) == (husband.id, wife.id)
    assert husband.children == wife.children == [child.id]
    documents = container.register.documents_of(AUDITOR, husband.id)
    assert [(d.number, d.status(TODAY)) for d in documents] == [
        ("PA1234567", DocumentStatus.SUPERSEDED),
        ("PA7654321", DocumentStatus.DELIVERED),
    ]
    assert documents[1].expires_on == date(2031, 5, 9)
    index = container.register.repository.get(NationalIdIndex.id_for("BK284411"))
    assert index.citizen_id == husband.id
    assert {e.actor for e in container.register.history(husband.id)} == {"import"}


def test_the_imported_events_keep_the_chain_and_the_views_valid(
    container: Container, tmp_path: Path
) -> None:
    seed_guide(container.register)
    container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="BK000001"))
    run(container, legacy.write(tmp_path / "export.jsonl", legacy.family() + legacy.many(5)))
    container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="BK000002"))
    container.projector.catch_up()

    verdict = container.audit.verify()
    assert verdict.ok
    assert verdict.events == verdict.leaves == events_in(container)
    target = fresh_target(container.db, all_views())
    rebuild(container.register, target, all_views())
    assert differences(container.db, target, all_views()) == []
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (10,)
    assert container.db.fetch_all(
        "SELECT mission, count(*) FROM mission_roll GROUP BY mission ORDER BY mission"
    ) == [("MTL", 1), ("PAR", 9)]


@pytest.mark.parametrize("workers", [1, 2])
def test_invalid_lines_are_listed_with_their_number_and_reason_and_the_others_go_in(
    container: Container, tmp_path: Path, workers: int
) -> None:
    lines = [
        legacy.citizen("A1", nationalId="BK100001"),
        legacy.citizen("A2", nationalId="BK100001"),
        legacy.citizen("A3", birthDate="2090-01-01"),
        "{not json",
        legacy.citizen("A5", sex="X"),
        "",
        legacy.citizen("A7", birth={"fatherId": "NOBODY"}),
        legacy.citizen("A1"),
        legacy.citizen(
            "A9",
            events=[
                {"type": "death", "date": "2020-01-01", "mission": "PAR", "place": "Paris"},
                {"type": "transfer", "date": "2021-01-01", "mission": "PAR", "toMission": "MTL"},
            ],
        ),
        legacy.citizen("A10", mission="XXX"),
        legacy.citizen("A11"),
    ]
    file = legacy.write(tmp_path / "export.jsonl", lines)
    before = events_in(container)

    report = run(container, file, batch=3, workers=workers)

    assert [(r["line"], r["legacyId"], r["field"]) for r in rejects(file)] == [
        (2, "A2", "nationalId"),
        (3, "A3", "birthDate"),
        (4, None, "line"),
        (5, "A5", "sex"),
        (7, "A7", "birth.fatherId"),
        (8, "A1", "legacyId"),
        (9, "A9", "events"),
        (10, "A10", "mission"),
    ]
    assert rejects(file)[0]["reason"] == "already claimed by line 1"
    assert rejects(file)[5]["reason"] == "duplicate of line 1"
    assert (report.imported, report.rejected, report.lines_done) == (2, 8, 11)
    assert events_in(container) - before == report.events == 3  # A1 and its index; A11
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (2,)


def test_a_national_id_or_document_number_already_in_the_register_rejects_the_line(
    container: Container, tmp_path: Path
) -> None:
    container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="PX000001"))
    file = legacy.write(tmp_path / "export.jsonl", legacy.many(3))

    report = run(container, file)

    assert [(r["line"], r["field"]) for r in rejects(file)] == [(2, "nationalId")]
    assert report.imported == 2


def test_an_interrupted_import_resumes_after_its_last_batch_without_duplicates(
    container: Container, tmp_path: Path
) -> None:
    lines: list[dict[str, object] | str] = [*legacy.many(9)]
    lines[4] = "broken"
    file = legacy.write(tmp_path / "export.jsonl", lines)

    first = run(container, file, batch=3, stop_after=3)
    assert (first.lines_done, first.imported) == (3, 3)
    assert first.views_applied == 0  # views wait for the end (the followers may run meanwhile)
    second = run(container, file, batch=3)
    again = run(container, file, batch=3)

    assert (second.resumed_from, second.lines_done, second.imported, second.rejected) == (
        3,
        9,
        8,
        1,
    )
    assert [r["line"] for r in rejects(file)] == [5]
    assert (again.resumed_from, again.imported, again.events) == (9, 8, second.events)
    assert events_in(container) == second.events == 8 * 10
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (8,)


def test_the_same_citizens_in_another_file_are_counted_as_already_in_the_register(
    container: Container, tmp_path: Path
) -> None:
    run(container, legacy.write(tmp_path / "one.jsonl", legacy.many(4)))
    head = events_in(container)

    report = run(container, legacy.write(tmp_path / "two.jsonl", legacy.many(6)))

    assert (report.already, report.imported) == (4, 2)
    assert events_in(container) - head == report.events == 2 * 10


def test_a_killed_import_process_resumes_on_the_next_run_with_every_citizen_once(
    container: Container, database_url: str, tmp_path: Path
) -> None:
    file = legacy.write(tmp_path / "export.jsonl", legacy.many(1500))
    env = {**os.environ, "SIJILL_DATABASE_URL": database_url, "SIJILL_LOG_LEVEL": "warning"}
    command = [str(SIJILL), "import", str(file), "--batch", "50"]
    interrupted = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while progress(container) < 200 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        interrupted.send_signal(signal.SIGKILL)
        interrupted.wait()
    done = progress(container)
    assert 200 <= done < 1500  # killed mid-file

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)

    assert f"(resumed after line {progress_at_start(resumed.stdout)})" in resumed.stdout
    assert progress_at_start(resumed.stdout) >= done
    assert "imported 1,500 citizens (15,000 events)" in resumed.stdout
    verdict = container.audit.verify()  # ids a killed batch drew from a sequence stay unused
    assert (verdict.ok, verdict.events, verdict.leaves) == (True, 15_000, 15_000)
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (1500,)


def progress(container: Container) -> int:
    row = container.db.fetch_one("SELECT max(lines_done) FROM import_progress")
    return int(row[0]) if row and row[0] is not None else 0


def progress_at_start(output: str) -> int:
    return int(output.split("(resumed after line ")[1].split(")", maxsplit=1)[0])


def test_the_command_names_a_missing_file_and_lists_rejects_in_its_summary(
    container: Container, database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "SIJILL_DATABASE_URL": database_url, "SIJILL_LOG_LEVEL": "warning"}
    missing = subprocess.run(
        [str(SIJILL), "import", str(tmp_path / "nope.jsonl")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    file = legacy.write(tmp_path / "export.jsonl", [*legacy.many(2), "{broken"])
    done = subprocess.run(
        [str(SIJILL), "import", str(file), "--rejects", str(tmp_path / "bad.jsonl")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert missing.returncode == 2
    assert f"FILE: no such file {tmp_path / 'nope.jsonl'}" in " ".join(missing.stderr.split())
    assert done.stdout.splitlines() == [
        (
            "imported 2 citizens (20 events); 0 already in the register; 1 rejected,"
            f" listed in {tmp_path / 'bad.jsonl'}"
        ),
        "views brought up to date (20 events applied)",
    ]
    assert json.loads((tmp_path / "bad.jsonl").read_text())["line"] == 3


def test_clerks_writing_during_an_import_and_a_follower_lose_nothing(
    container: Container, tmp_path: Path
) -> None:
    file = legacy.write(tmp_path / "export.jsonl", legacy.many(300))
    follower = Projector(container.register, container.db)
    stop = threading.Event()
    following = threading.Thread(target=follower.follow, args=(stop,), kwargs={"poll": 0.01})
    following.start()

    def clerk(k: int) -> None:
        for i in range(20):
            container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"BK{k}{i:05d}"))

    try:
        with ThreadPoolExecutor(3) as clerks:
            writing = [clerks.submit(clerk, k) for k in range(3)]
            report = run(container, file, batch=20, views=False)
            for future in writing:
                future.result()
        follower.wait_for(container.register.recorder.max_notification_id() or 0, timeout=30)
    finally:
        stop.set()
        following.join(timeout=30)

    assert report.imported == 300
    assert container.db.fetch_one("SELECT count(*) FROM citizen_directory") == (360,)
    assert container.audit.verify().ok
    target = fresh_target(container.db, all_views())
    rebuild(container.register, target, all_views())
    assert differences(container.db, target, all_views()) == []
