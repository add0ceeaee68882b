"""The views on a real store (both backends): what they hold, search, rebuild, verify, swap."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

import pytest

from projections import all_views
from register.civil_status import inputs as c
from register.views.projector import Projector, ViewsBehind
from register.views.rebuild import differences, fresh_target, rebuild, swap, verify
from register.web.context import Context
from register.web.schema import build_schema
from tests.factories import MONTREAL_CLERK, PARIS_CLERK, enroll, enroll_woman, person

if TYPE_CHECKING:
    from projections.base import Recorded
    from register.bootstrap import Container


def enrolled(container: Container, by: object = PARIS_CLERK, **fields: object) -> UUID:
    outcome = container.register.enroll_citizen(by, enroll(**fields))  # type: ignore[arg-type]
    return UUID(outcome.result["citizenId"])


def test_a_citizen_served_at_another_mission_shows_as_cross_mission_activity(
    container: Container,
) -> None:
    citizen = enrolled(container, nationalId="BK123456", registeredMission="PAR")
    container.register.change_residence(
        MONTREAL_CLERK,
        c.parse(
            c.ChangeResidence,
            {
                "citizenId": str(citizen),
                "address": "1 rue Sherbrooke",
                "city": "Montréal",
                "country": "CAN",
            },
        ),
    )

    container.projector.catch_up()

    montreal = container.read_models.activity("MTL", limit=10, before=None, cross_mission_only=True)
    assert [
        (a.event_type, a.citizen_id, a.citizen_mission, a.cross_mission, a.actor) for a in montreal
    ] == [("ResidenceChanged", str(citizen), "PAR", True, "clerk-mtl")]
    paris = container.read_models.activity("PAR", limit=10, before=None, cross_mission_only=False)
    assert [(a.event_type, a.cross_mission) for a in paris] == [("Enrolled", False)]


def test_the_roll_follows_registration_transfers_and_deaths(container: Container) -> None:
    register = container.register
    moving = enrolled(container, givenName="Omar")
    staying = enrolled(container, givenName="Ali", familyName="Alaoui")
    dying = enrolled(container, givenName="Said", familyName="Tazi")
    register.transfer_registration(
        PARIS_CLERK, c.parse(c.TransferRegistration, {"citizenId": str(moving), "toMission": "MTL"})
    )
    register.record_death(
        PARIS_CLERK,
        c.parse(
            c.RecordDeath,
            {"citizenId": str(dying), "effectiveDate": date(2024, 1, 1), "place": "Paris"},
        ),
    )

    container.projector.catch_up()

    paris, paris_total = container.read_models.roll("PAR", limit=10, offset=0)
    montreal, _ = container.read_models.roll("MTL", limit=10, offset=0)
    assert ([s.citizen_id for s in paris], paris_total) == ([str(staying)], 1)
    assert [s.citizen_id for s in montreal] == [str(moving)]


def test_statistics_count_each_marriage_once_and_births_apart_from_enrolments(
    container: Container,
) -> None:
    register = container.register
    husband = enrolled(container)
    wife = UUID(register.enroll_citizen(PARIS_CLERK, enroll_woman()).result["citizenId"])
    register.record_marriage(
        PARIS_CLERK,
        c.parse(
            c.RecordMarriage,
            {
                "citizenId": str(husband),
                "spouseId": str(wife),
                "effectiveDate": date(2012, 1, 1),
                "place": "Paris",
            },
        ),
    )
    register.register_birth(
        PARIS_CLERK,
        c.parse(
            c.RegisterBirth,
            person(
                givenName="Adam",
                birthDate=date(2015, 1, 2),
                fatherId=str(husband),
                motherId=str(wife),
            ),
        ),
    )

    container.projector.catch_up()

    month = register.today().strftime("%Y-%m")
    assert container.read_models.statistics("PAR", month) == [
        (month, "births_registered", 1),
        (month, "enrolments", 2),
        (month, "marriages", 1),
    ]


SPELLINGS = {
    "Mohamed Amrani": "Mohammed",
    "Muhammad al-Amrani": "Mohammed",
    "MOHAMMAD EL AMRANI": "Mohammed",
    "مُحَمَّد العمراني": "Mohammed",
    "محمد عمراني": "Mohammed",
    "Mohamed el-Amrani": "Mohammed",
    "مـحـمـد العمراني": "Mohammed",  # tatweel
    "Yusuf Bennani": "Youssef",
    "Yousef Benani": "Youssef",
    "يوسف بناني": "Youssef",
    "يوسف بنانى": "Youssef",  # alef maqsura for the final yaa
    "Fatema Zohra": "Fatima Zahra",
    "فاطمه الزهراء": "Fatima Zahra",
    "احمد": "Ahmed",
}


@pytest.fixture
def searchable(container: Container) -> Container:
    enrolled(
        container,
        givenName="Mohammed",
        familyName="El Amrani",
        givenNameAr="محمد",
        familyNameAr="العمراني",
        nationalId="BK111111",
    )
    enrolled(
        container,
        givenName="Youssef",
        familyName="Bennani",
        givenNameAr="يوسف",
        familyNameAr="بناني",
    )
    enrolled(
        container,
        givenName="Fatima Zahra",
        familyName="Alaoui",
        givenNameAr="فاطمة الزهراء",
        familyNameAr="العلوي",
        sex="F",
    )
    enrolled(
        container,
        givenName="Ahmed",
        familyName="Tazi",
        givenNameAr="أحمد",
        familyNameAr="التازي",
        birthDate=date(1990, 5, 5),
    )
    enrolled(
        container,
        givenName="Mahmoud",
        familyName="Amrani",
        givenNameAr="محمود",
        familyNameAr="عمراني",
    )
    container.projector.catch_up()
    return container


@pytest.mark.parametrize(("query", "given_name"), SPELLINGS.items())
def test_search_finds_every_spelling_variant_first(
    searchable: Container, query: str, given_name: str
) -> None:
    found = searchable.read_models.search_citizens(query)

    assert found[0].citizen.given_name == given_name


def test_search_ranks_the_exact_name_first_and_scores_it_one(searchable: Container) -> None:
    found = searchable.read_models.search_citizens("Mahmoud Amrani")

    assert [(f.citizen.given_name, f.score) for f in found[:1]] == [("Mahmoud", 1.0)]
    assert found[1].citizen.given_name == "Mohammed"
    assert found[1].score < 1.0


def test_search_by_national_id_and_narrowed_by_birth_year(searchable: Container) -> None:
    models = searchable.read_models

    assert [f.citizen.given_name for f in models.search_citizens("bk 111111")] == ["Mohammed"]
    assert [f.citizen.given_name for f in models.search_citizens("Ahmed", birth_year=1990)] == [
        "Ahmed"
    ]
    assert models.search_citizens("Ahmed", birth_year=1991) == []


def test_search_finds_a_misspelling_that_shares_no_name_key_ranked_after_the_exact_name(
    searchable: Container,
) -> None:
    """Mahmout Amrami keeps no consonant skeleton of Mahmoud Amrani (m-h-m-t, a-m-r-m): only
    trigrams find one from the other, PostgreSQL's pg_trgm index and SQLite's FTS5 one alike."""
    enrolled(
        searchable,
        givenName="Mahmout",
        familyName="Amrami",
        givenNameAr="محمود",
        familyNameAr="عمراني",
    )
    searchable.projector.catch_up()
    models = searchable.read_models

    found = models.search_citizens("Mahmoud Amrani")

    assert [f.citizen.given_name for f in found] == ["Mahmoud", "Mohammed", "Mahmout"]
    assert [f.score == 1.0 for f in found] == [True, False, False]
    assert [f.citizen.given_name for f in models.search_citizens("Mahmout Amrami")] == [
        "Mahmout",
        "Mahmoud",
    ]


def test_a_misspelling_finds_a_changed_name_not_the_former_one_even_after_a_swap(
    container: Container,
) -> None:
    citizen = enrolled(container, givenName="Mahmoud", familyName="Amrani")
    container.register.change_name(
        PARIS_CLERK,
        c.parse(
            c.ChangeName,
            {
                "citizenId": str(citizen),
                "givenName": "Karim",
                "familyName": "Benjelloun",
                "givenNameAr": "كريم",
                "familyNameAr": "بنجلون",
                "legalBasis": "Judgment 12/2020",
            },
        ),
    )
    container.projector.catch_up()
    models = container.read_models

    assert [f.citizen.given_name for f in models.search_citizens("Kabim Benjelloum")] == ["Karim"]
    assert models.search_citizens("Mahmout Amrami") == []

    swap(container.db, fresh_and_rebuilt(container), all_views())

    assert [f.citizen.given_name for f in models.search_citizens("Kabim Benjelloum")] == ["Karim"]
    assert models.search_citizens("Mahmout Amrami") == []
    assert differences(container.db, fresh_and_rebuilt(container), all_views()) == []


def test_a_rebuild_from_event_one_equals_the_live_views_and_names_a_tampered_table(
    searchable: Container,
) -> None:
    views = all_views()
    target = fresh_target(searchable.db, views)
    applied = rebuild(searchable.register, target, views)

    assert applied == searchable.register.recorder.max_notification_id()
    assert differences(searchable.db, target, views) == []
    searchable.db.execute(
        "UPDATE citizen_directory SET given_name = 'X' WHERE national_id = %s", ("BK111111",)
    )
    assert differences(searchable.db, target, views) == ["citizen_directory"]

    swap(searchable.db, target, views)

    assert differences(searchable.db, fresh_and_rebuilt(searchable), views) == []
    assert searchable.read_models.search_citizens("BK111111")[0].citizen.given_name == "Mohammed"


def fresh_and_rebuilt(container: Container):  # type: ignore[no-untyped-def]
    target = fresh_target(container.db, all_views())
    rebuild(container.register, target, all_views())
    return target


def test_verify_finds_no_difference_while_a_follower_moves_the_live_views_on_but_names_tampering(
    container: Container,
) -> None:
    """`sijill rebuild --verify` beside running followers: the live views pass the rebuild's
    last position while it runs, so each side must be read at the same positions."""
    views = all_views()
    for i in range(10):
        enrolled(container, nationalId=f"VA{i:06d}")
    container.projector.catch_up()
    target = fresh_and_rebuilt(container)
    rebuilt_to = container.register.recorder.max_notification_id() or 0
    stop = threading.Event()
    follower = Projector(container.register, container.db)
    following = threading.Thread(target=follower.follow, args=(stop,), kwargs={"poll": 0.01})

    def write() -> None:
        written = 0
        while not stop.is_set():
            enrolled(container, nationalId=f"VB{written:06d}")
            written += 1
            time.sleep(0.005)

    writing = threading.Thread(target=write)
    following.start()
    writing.start()
    try:
        follower.wait_for(rebuilt_to + 4, timeout=30)  # the live views have moved on

        assert verify(container.register, container.db, target, views) == []
        container.db.execute("UPDATE statistics SET count = count + 1")
        assert verify(container.register, container.db, target, views) == ["statistics"]
    finally:
        stop.set()
        writing.join(timeout=30)
        following.join(timeout=30)


def test_waiting_for_a_position_the_views_never_reach_fails_clearly(container: Container) -> None:
    enrolled(container)

    with pytest.raises(ViewsBehind, match="not reached position 1"):
        container.projector.wait_for(1, timeout=0.1)
    container.projector.catch_up()
    container.projector.wait_for(1, timeout=0.1)


def test_a_swap_committed_while_a_follower_holds_a_batch_leaves_no_gap(
    container: Container,
) -> None:
    """The follower reads its batch before taking the views' lock; a swap committed in between
    sets the views back to the rebuild's position, and the batch no longer follows on from it."""
    views = all_views()
    for name in ("Ali", "Badr", "Chama"):
        enrolled(container, givenName=name)
    target = fresh_target(container.db, views)
    rebuild(container.register, target, views)
    for name in ("Driss", "Ezza"):
        enrolled(container, givenName=name)
    container.projector.catch_up()
    for name in ("Farid", "Ghita"):
        enrolled(container, givenName=name)

    class SwappedMeanwhile(Projector):
        def _read(self, low: int, until: int | None) -> list[Recorded]:
            batch = super()._read(low, until)
            if not swapped:
                swap(container.db, target, views)  # `sijill rebuild --swap`, committing now
                swapped.append(True)
            return batch

    swapped: list[bool] = []
    SwappedMeanwhile(container.register, container.db, views).catch_up()

    assert swapped == [True]
    assert sorted(
        n for (n,) in container.db.fetch_all("SELECT given_name FROM citizen_directory")
    ) == ["Ali", "Badr", "Chama", "Driss", "Ezza", "Farid", "Ghita"]
    assert differences(container.db, fresh_and_rebuilt(container), views) == []


SEARCH = "query Search($query: String!) { searchCitizens(query: $query) { nodes { id } } }"


@pytest.mark.parametrize(
    ("query", "code"), [("", "REQUIRED"), ("   ", "REQUIRED"), ("x" * 121, "TOO_LONG")]
)
def test_a_search_text_blank_or_too_long_is_refused_naming_the_field_and_rule(
    container: Container, query: str, code: str
) -> None:
    result = asyncio.run(
        build_schema().execute(
            SEARCH, variable_values={"query": query}, context_value=Context(container, PARIS_CLERK)
        )
    )

    assert result.data is None
    assert [(e.message, e.extensions) for e in result.errors or []] == [
        ("query must be 1 to 120 characters", {"code": code, "field": "query"})
    ]
