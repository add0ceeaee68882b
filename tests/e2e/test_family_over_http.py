"""A family's life through the real server: marriage, birth, divorce, death, name, home, mission."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.e2e.citizen_inputs import citizen_core, man_input, new_national_id, woman_input

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

ENROLLED_ON = "2010-01-15"
MARRIED_ON = "2012-06-20"
BORN_ON = "2014-02-10"
DIVORCED_ON = "2018-09-01"
DIED_ON = "2021-03-03"
RENAMED_ON = "2021-05-05"
MOVED_ON = "2022-01-10"
TRANSFERRED_ON = "2022-02-01"
CORRECTED_ON = "2023-04-01"


def entry(
    type_: str,
    effective: str,
    recorded: dict[str, Any],
    *,
    actor: str = "amina",
    mission: str = "PAR",
    reason: str | None = None,
) -> dict[str, Any]:
    """A history entry as LookUpCitizen reads it; `recorded` is the server's, for recordedAt."""
    return {
        "type": type_,
        "effectiveDate": effective,
        "recordedAt": recorded["recordedAt"],
        "mission": mission,
        "actor": actor,
        "reason": reason,
    }


def test_a_family_is_recorded_from_marriage_to_transfer(amina: ApiClient, omar: ApiClient) -> None:
    man = man_input(nationalId=new_national_id(), effectiveDate=ENROLLED_ON)
    wife = woman_input(nationalId=new_national_id(), effectiveDate=ENROLLED_ON)
    man_id = amina.data("EnrollCitizen", input=man)["enrollCitizen"]["citizen"]["id"]
    wife_id = amina.data("EnrollCitizen", input=wife)["enrollCitizen"]["citizen"]["id"]
    him = {"id": man_id, "givenName": "Youssef"}
    her = {"id": wife_id, "givenName": "Khadija"}

    # Marriage: both records change, each lists the other as spouse.
    married = amina.data(
        "RecordMarriage",
        input={
            "citizenId": man_id,
            "spouseId": wife_id,
            "expectedVersion": 1,
            "effectiveDate": MARRIED_ON,
            "place": "Rabat",
        },
    )["recordMarriage"]
    marriage_id = married["marriageId"]
    marriage = {
        "id": marriage_id,
        "spouseName": "Khadija Bennani",
        "spouseNationality": "MAR",
        "marriedOn": MARRIED_ON,
        "place": "Rabat",
        "endedOn": None,
        "endReason": None,
    }
    assert married == {
        "citizen": {
            **citizen_core(man, id=man_id, version=2, marital_status="MARRIED"),
            "spouses": [her],
            "marriages": [marriage],
        },
        "position": married["position"],
        "marriageId": marriage_id,
        "errors": [],
    }
    wife_now = omar.data("LookUpCitizen", id=wife_id)["citizen"]
    assert (wife_now["version"], wife_now["maritalStatus"], wife_now["spouses"]) == (
        2,
        "MARRIED",
        [him],
    )
    assert wife_now["marriages"] == [
        {
            "id": marriage_id,
            "spouseName": "Youssef El Amrani",
            "spouseNationality": "MAR",
            "marriedOn": MARRIED_ON,
            "endedOn": None,
            "endReason": None,
        }
    ]

    # Birth: the child lists both parents, each parent lists the child.
    child = {
        "givenName": "Adam",
        "familyName": "El Amrani",
        "givenNameAr": "آدم",
        "familyNameAr": "العمراني",
        "sex": "MALE",
        "birthDate": BORN_ON,
        "birthPlace": "Paris",
        "birthCountry": "FRA",
        "fatherId": man_id,
        "motherId": wife_id,
    }
    born = amina.data("RegisterBirth", input=child)["registerBirth"]
    child_id = born["citizen"]["id"]
    assert born == {
        "citizen": {
            **citizen_core(child, id=child_id, version=1),
            "fatherName": "Youssef El Amrani",
            "motherName": "Khadija Bennani",
            "parents": [him, her],
        },
        "position": born["position"],
        "errors": [],
    }
    adam = {"id": child_id, "givenName": "Adam"}
    for parent_id in (man_id, wife_id):
        parent = omar.data("LookUpCitizen", id=parent_id)["citizen"]
        assert (parent["version"], parent["children"]) == (3, [adam])

    # Divorce: the marriage ends on both records.
    divorced = amina.data(
        "RecordDivorce",
        input={
            "citizenId": man_id,
            "marriageId": marriage_id,
            "effectiveDate": DIVORCED_ON,
        },
    )["recordDivorce"]
    ended = {"endedOn": DIVORCED_ON, "endReason": "divorce"}
    assert divorced == {
        "citizen": {
            **citizen_core(man, id=man_id, version=4, marital_status="DIVORCED"),
            "spouses": [],
            "marriages": [{**marriage, **ended}],
        },
        "position": divorced["position"],
        "errors": [],
    }

    # Death of the (divorced) man: no marriage left to end.
    died = amina.data(
        "RecordDeath",
        input={
            "citizenId": man_id,
            "expectedVersion": 4,
            "effectiveDate": DIED_ON,
            "place": "Paris",
        },
    )["recordDeath"]
    assert died == {
        "citizen": {
            **citizen_core(man, id=man_id, version=5, status="DECEASED", marital_status="DIVORCED"),
            "dateOfDeath": DIED_ON,
            "spouses": [],
            "marriages": [{**marriage, **ended}],
        },
        "position": died["position"],
        "errors": [],
    }

    # The woman changes her name, moves to Montréal and her registration follows her there.
    renamed = amina.data(
        "ChangeName",
        input={
            "citizenId": wife_id,
            "expectedVersion": 4,
            "givenName": "Khadija",
            "familyName": "Alaoui",
            "givenNameAr": "خديجة",
            "familyNameAr": "العلوي",
            "legalBasis": "Decree 2021-17",
            "effectiveDate": RENAMED_ON,
        },
    )["changeName"]
    new_names = {"familyName": "Alaoui", "familyNameAr": "العلوي"}
    assert renamed == {
        "citizen": citizen_core(
            wife, id=wife_id, version=5, marital_status="DIVORCED", **new_names
        ),
        "position": renamed["position"],
        "errors": [],
    }
    moved = omar.data(
        "ChangeResidence",
        input={
            "citizenId": wife_id,
            "address": "1200 rue Sherbrooke",
            "city": "Montréal",
            "country": "CAN",
            "effectiveDate": MOVED_ON,
        },
    )["changeResidence"]
    assert moved == {
        "citizen": {
            **citizen_core(wife, id=wife_id, version=6, marital_status="DIVORCED", **new_names),
            "residence": {"address": "1200 rue Sherbrooke", "city": "Montréal", "country": "CAN"},
        },
        "position": moved["position"],
        "errors": [],
    }
    transferred = omar.data(
        "TransferRegistration",
        input={
            "citizenId": wife_id,
            "toMission": "MTL",
            "effectiveDate": TRANSFERRED_ON,
        },
    )["transferRegistration"]
    assert transferred == {
        "citizen": citizen_core(
            wife, id=wife_id, version=7, mission="MTL", marital_status="DIVORCED", **new_names
        ),
        "position": transferred["position"],
        "errors": [],
    }

    # Her whole record, as any mission now reads it.
    read = amina.data("LookUpCitizen", nationalId=wife["nationalId"])
    history = read["citizen"]["history"]
    assert read == {
        "citizen": {
            **citizen_core(
                wife, id=wife_id, version=7, mission="MTL", marital_status="DIVORCED", **new_names
            ),
            "parents": [],
            "children": [adam],
            "spouses": [],
            "marriages": [
                {
                    "id": marriage_id,
                    "spouseName": "Youssef El Amrani",
                    "spouseNationality": "MAR",
                    "marriedOn": MARRIED_ON,
                    **ended,
                }
            ],
            "history": [
                entry("Enrolled", ENROLLED_ON, history[0]),
                entry("MarriageRecorded", MARRIED_ON, history[1]),
                entry("ChildAdded", BORN_ON, history[2]),
                entry("MarriageEnded", DIVORCED_ON, history[3]),
                entry("NameChanged", RENAMED_ON, history[4], reason="Decree 2021-17"),
                entry("ResidenceChanged", MOVED_ON, history[5], actor="omar", mission="MTL"),
                entry(
                    "RegistrationTransferred",
                    TRANSFERRED_ON,
                    history[6],
                    actor="omar",
                    mission="MTL",
                ),
            ],
        }
    }
    recorded = [h["recordedAt"] for h in history]
    assert recorded == sorted(recorded)
    payloads = (married, born, divorced, died, renamed, moved, transferred)
    positions = [p["position"] for p in payloads]
    assert all(isinstance(p, int) for p in positions)
    assert positions == sorted(set(positions))


def test_only_an_officer_corrects_an_entry(amina: ApiClient, salma: ApiClient) -> None:
    given = man_input(nationalId=new_national_id(), effectiveDate=ENROLLED_ON)
    citizen_id = amina.data("EnrollCitizen", input=given)["enrollCitizen"]["citizen"]["id"]
    correction = {
        "citizenId": citizen_id,
        "expectedVersion": 1,
        "field": "birthPlace",
        "newValue": "Meknes",
        "legalBasis": "Judgment 88/2023",
        "effectiveDate": CORRECTED_ON,
    }

    refused = amina.data("CorrectEntry", input=correction)["correctEntry"]

    assert refused == {
        "citizen": None,
        "position": None,
        "errors": [
            {
                "code": "FORBIDDEN",
                "field": None,
                "message": "role clerk may not perform correctEntry",
            }
        ],
    }
    assert amina.data("LookUpCitizen", id=citizen_id)["citizen"]["version"] == 1

    corrected = salma.data("CorrectEntry", input=correction)["correctEntry"]

    assert corrected == {
        "citizen": {
            **citizen_core(given, id=citizen_id, version=2, birthPlace="Meknes"),
            "history": [
                {
                    "type": "Enrolled",
                    "effectiveDate": ENROLLED_ON,
                    "mission": "PAR",
                    "actor": "amina",
                    "reason": None,
                },
                {
                    "type": "EntryCorrected",
                    "effectiveDate": CORRECTED_ON,
                    "mission": "DXB",
                    "actor": "salma",
                    "reason": "Judgment 88/2023",
                },
            ],
        },
        "position": corrected["position"],
        "errors": [],
    }
