"""The bad-input battery's table: one spoilt value of one mutation per entry, with the typed
error (code and field) it must get."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from tests.e2e.citizen_inputs import man_input

if TYPE_CHECKING:
    from collections.abc import Callable

SOME_ID = "00000000-0000-4000-8000-0000000000b1"
"""Any record: a value's rule is checked before the record is looked up."""
NUL, BEL, ESC, DEL, CSI, RLO, LRI = "\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u202e", "\u2066"
LONE_SURROGATE = "\ud800"


CHAR = "INVALID_CHARACTER"


class Bad(NamedTuple):
    operation: str
    actor: str
    """clerk, officer, admin or public."""
    input: dict[str, Any]
    code: str
    field: str


def on(operation: str, actor: str, valid: dict[str, Any]) -> Callable[..., Bad]:
    """Bad inputs of one mutation: a valid input with one field's value spoilt."""

    def bad(field: str, value: Any, code: str = CHAR, at: str | None = None) -> Bad:
        return Bad(operation, actor, {**valid, field: value}, code, at or field)

    return bad


def correct(entry: str, value: str, code: str = CHAR, **more: Any) -> Bad:
    """A correction of `entry` to `value`: refused on newValue by the entry's own rule."""
    given = {"citizenId": "$citizen", "field": entry, "newValue": value, "legalBasis": "J 1"}
    return Bad("CorrectEntry", "officer", {**given, **more}, code, "newValue")


def texts(text: str) -> list[dict[str, str]]:
    return [
        {"lang": "fr", "text": text},
        {"lang": "ar", "text": "خدمة"},
        {"lang": "en", "text": "S"},
    ]


CITIZEN = {"citizenId": SOME_ID}
SERVICE = {"serviceRequestId": SOME_ID}
DOCUMENT = {"documentId": SOME_ID}
CASE = {"caseId": SOME_ID}
IDENTITY = {"nationalId": "BK123456", "birthDate": "1985-03-04"}
NAMES = {"givenName": "Sami", "familyName": "Amrani", "givenNameAr": "سامي"}

enrol = on("EnrollCitizen", "clerk", man_input())
birth = on("RegisterBirth", "clerk", man_input())
marry = on(
    "RecordMarriage",
    "clerk",
    {
        **CITIZEN,
        "effectiveDate": "2020-01-01",
        "place": "Lyon",
        "spouseName": "Marie Dupont",
        "spouseNationality": "FRA",
    },
)
death = on("RecordDeath", "clerk", {**CITIZEN, "effectiveDate": "2020-01-01", "place": "Paris"})
rename = on(
    "ChangeName", "clerk", {**CITIZEN, **NAMES, "familyNameAr": "العمراني", "legalBasis": "D 12"}
)
move = on(
    "ChangeResidence", "clerk", {**CITIZEN, "address": "1 rue", "city": "Paris", "country": "FRA"}
)
transfer = on("TransferRegistration", "clerk", {**CITIZEN, "toMission": "MTL"})
apply = on("ApplyForDocument", "clerk", {**CITIZEN, "kind": "PASSPORT"})
biometrics = on("CaptureBiometrics", "clerk", {**DOCUMENT, "facialImageRef": "face-1"})
reject_document = on("RejectDocument", "officer", {**DOCUMENT, "reason": "blurred"})
issue = on("IssueDocument", "officer", {**DOCUMENT, "number": "AB1234567"})
lost = on("ReportDocumentLost", "clerk", DOCUMENT)
revoke_document = on("RevokeDocument", "officer", {**DOCUMENT, "reason": "fraud"})
submit = on(
    "SubmitServiceRequest", "clerk", {**CITIZEN, "serviceCode": "PASSPORT", "channel": "COUNTER"}
)
pay = on(
    "RecordFeePayment",
    "clerk",
    {**SERVICE, "amount": "10.00", "currency": "EUR", "receiptReference": "R1"},
)
received = on("RecordDocumentsReceived", "clerk", {**SERVICE, "documents": ["photo"]})
dispatch = on(
    "DispatchServiceRequest", "clerk", {**SERVICE, "carrier": "La Poste", "carrierReference": "1A"}
)
reject_request = on("RejectServiceRequest", "officer", {**SERVICE, "reason": "no"})
withdraw = on("WithdrawServiceRequest", "clerk", SERVICE)
legalise = on(
    "LegaliseDocument",
    "officer",
    {
        **CITIZEN,
        "documentKind": "diploma",
        "issuingAuthority": "University",
        "signerName": "Dean",
        "signerCapacity": "dean",
    },
)
unlegalise = on("RevokeLegalisation", "officer", {"legalisationId": SOME_ID, "reason": "forged"})
open_case = on("OpenCase", "officer", {**CITIZEN, "kind": "DETENTION", "summary": "Arrested"})
note = on("AddCaseNote", "officer", {**CASE, "text": "Called"})
visit = on(
    "RecordCaseVisit",
    "officer",
    {**CASE, "effectiveDate": "2025-01-01", "place": "Prison", "text": "Seen"},
)
hand_over = on("HandOverCase", "officer", {**CASE, "toMission": "RUH", "reason": "moved"})
close_case = on("CloseCase", "officer", {**CASE, "outcome": "Released"})
define = on(
    "DefineService",
    "admin",
    {
        "code": "BATTERY",
        "names": texts("N"),
        "descriptions": texts("D"),
        "requiredDocuments": [],
        "processingDays": 1,
        "channels": ["COUNTER"],
    },
)
redescribe = on("RenameService", "admin", {"serviceCode": "PASSPORT"})
retire = on("RetireService", "admin", {"serviceCode": "PASSPORT", "reason": "old"})
fee = on(
    "SetServiceFee",
    "admin",
    {"serviceCode": "PASSPORT", "mission": "PAR", "amount": "1", "currency": "EUR"},
)
contact = on("RecordContactDetails", "clerk", {**CITIZEN, "email": "a@example.org"})
close_day = on("CloseAppointmentDay", "admin", {"date": "2030-01-07", "reason": "holiday"})
schedule = on("ScheduleAppointmentService", "admin", {"service": "PASSPORT", "dailyCapacity": 10})
otp = on("RequestOtp", "public", IDENTITY)
book = on(
    "BookAppointment",
    "public",
    {**IDENTITY, "mission": "PAR", "service": "PASSPORT", "date": "2030-01-07", "code": "123456"},
)
cancel = on("CancelAppointment", "public", {**IDENTITY, "appointmentId": SOME_ID, "code": "123456"})

BATTERY: dict[str, Bad] = {
    # -- enrolment and birth: every kind of field
    "enrol-given-name-nul": enrol("givenName", f"A{NUL}B"),
    "enrol-given-name-bel": enrol("givenName", f"Yo{BEL}ussef"),
    "enrol-given-name-tab": enrol("givenName", "You\tssef"),
    "enrol-given-name-arabic": enrol("givenName", "يوسف", "SCRIPT"),
    "enrol-given-name-surrogate": enrol("givenName", f"A{LONE_SURROGATE}"),
    "enrol-family-name-rlo": enrol("familyName", f"El{RLO}Amrani"),
    "enrol-family-name-too-long": enrol("familyName", "A" * 61, "TOO_LONG"),
    "enrol-given-name-ar-latin": enrol("givenNameAr", "Youssef", "SCRIPT"),
    "enrol-family-name-ar-nul": enrol("familyNameAr", f"العمراني{NUL}"),
    "enrol-birth-place-nul": enrol("birthPlace", f"Fes{NUL}"),
    "enrol-birth-place-newline": enrol("birthPlace", "Fes\nMeknes"),
    "enrol-birth-place-line-separator": enrol("birthPlace", "Fes\u2028Meknes"),
    "enrol-father-name-nul": enrol("fatherName", f"Ahmed{NUL}"),
    "enrol-mother-name-c1": enrol("motherName", f"Fatima{CSI}31m"),
    "enrol-mother-name-isolate": enrol("motherName", f"Fatima {LRI}B"),
    "enrol-national-id-nul": enrol("nationalId", f"BK{NUL}123456"),
    "enrol-national-id-format": enrol("nationalId", "12AB", "INVALID_FORMAT"),
    "enrol-birth-country-nul": enrol("birthCountry", f"MA{NUL}"),
    "enrol-birth-country-unknown": enrol("birthCountry", "XYZ", "UNKNOWN_COUNTRY"),
    "enrol-birth-date-with-time": enrol("birthDate", "1985-03-04T00:00:00", "INVALID_DATE"),
    "enrol-birth-date-nul": enrol("birthDate", f"1985-03-04{NUL}"),
    "enrol-mission-nul": enrol("registeredMission", f"PA{NUL}"),
    "birth-given-name-del": birth("givenName", f"Sami{DEL}"),
    "birth-place-esc": birth("birthPlace", f"Lyon{ESC}[2J"),
    # -- request ids, on any mutation
    "request-id-nul": enrol("requestId", f"retry{NUL}1"),
    "request-id-escape": death("requestId", f"{ESC}[31mred"),
    "request-id-newline": note("requestId", "a\nb"),
    "request-id-rlo": apply("requestId", f"id{RLO}"),
    "request-id-too-long": submit("requestId", "r" * 101, "TOO_LONG"),
    "request-id-blank": retire("requestId", "", "REQUIRED"),
    # -- civil events
    "marriage-place-nul": marry("place", f"Lyon{NUL}"),
    "marriage-spouse-name-nul": marry("spouseName", f"Marie{NUL}"),
    "marriage-authorisation-rlo": marry("authorisationReference", f"TPI {RLO}2020"),
    "death-place-nul": death("place", NUL),
    "name-change-arabic-in-latin": rename("givenName", "يوسف", "SCRIPT"),
    "name-change-legal-basis-newline": rename("legalBasis", "Decree\n12"),
    "residence-address-nul": move("address", f"1 rue de la Paix{NUL}"),
    "residence-address-bel-between-lines": move("address", f"1 rue de la Paix\n{BEL}75002"),
    "residence-city-rlo": move("city", f"Pa{RLO}ris"),
    "transfer-mission-nul": transfer("toMission", f"MT{NUL}"),
    # -- corrections: the entry's own rule, on newValue
    "correct-given-name-nul": correct("givenName", f"A{NUL}B"),
    "correct-given-name-arabic": correct("givenName", "يوسف", "SCRIPT"),
    "correct-family-name-ar-latin": correct("familyNameAr", "Amrani", "SCRIPT"),
    "correct-family-name-digits": correct("familyName", "Amrani2"),
    "correct-given-name-too-long": correct("givenName", "A" * 61, "TOO_LONG"),
    "correct-given-name-blank": correct("givenName", "   ", "INVALID_VALUE"),
    "correct-birth-place-too-long": correct("birthPlace", "F" * 81, "TOO_LONG"),
    "correct-birth-place-rlo": correct("birthPlace", f"Fes{RLO}"),
    "correct-father-name-surrogate": correct("fatherName", f"Ahmed{LONE_SURROGATE}"),
    "correct-sex-x": correct("sex", "X", "INVALID_VALUE"),
    "correct-birth-date-31-february": correct("birthDate", "1985-02-31", "INVALID_VALUE"),
    "correct-birth-country-unknown": correct("birthCountry", "XYZ", "INVALID_VALUE"),
    "correct-nationality-nul": correct("nationality", f"FR{NUL}"),
    "correct-national-id-format": correct("nationalId", "12AB", "INVALID_FORMAT"),
    "correct-married-on-malformed": correct(
        "marriedOn", "2010-13-01", "INVALID_VALUE", marriageId="$marriage"
    ),
    "correct-married-on-nul": correct("marriedOn", f"2010-05-06{NUL}", marriageId="$marriage"),
    "correct-legal-basis-nul": Bad(
        "CorrectEntry",
        "officer",
        {**correct("birthPlace", "Rabat").input, "legalBasis": f"J{NUL}"},
        CHAR,
        "legalBasis",
    ),
    # -- documents
    "document-kind-nul": apply("kind", f"PASS{NUL}PORT"),
    "biometrics-ref-nul": biometrics("facialImageRef", f"face{NUL}1"),
    "document-reject-reason-nul": reject_document("reason", f"blurred{NUL}"),
    "document-number-nul": issue("number", f"AB{NUL}1234567"),
    "document-lost-circumstances-newline": lost("circumstances", "lost\nin the metro"),
    "document-revoke-reason-rlo": revoke_document("reason", f"fraud {RLO}"),
    # -- service requests
    "request-service-code-nul": submit("serviceCode", f"PASS{NUL}"),
    "fee-receipt-nul": pay("receiptReference", f"R{NUL}1"),
    "fee-currency-esc": pay("currency", f"EU{ESC}"),
    "documents-received-item-nul": received("documents", ["photo", f"form{NUL}"]),
    "dispatch-carrier-nul": dispatch("carrier", f"La Poste{NUL}"),
    "dispatch-reference-rlo": dispatch("carrierReference", f"1A{RLO}"),
    "request-reject-reason-nul": reject_request("reason", f"no{NUL}"),
    "request-withdraw-reason-bel": withdraw("reason", f"moved{BEL}"),
    # -- legalisation
    "legalise-kind-nul": legalise("documentKind", f"diploma{NUL}"),
    "legalise-signer-rlo": legalise("signerName", f"Dean{RLO}"),
    "legalise-authority-tab": legalise("issuingAuthority", "Uni\tversity"),
    "legalisation-revoke-reason-nul": unlegalise("reason", f"forged{NUL}"),
    # -- casework: several lines allowed, control characters not
    "case-summary-nul-on-second-line": open_case("summary", f"Arrested\n{NUL}"),
    "case-summary-rlo": open_case("summary", f"Admitted {RLO}"),
    "case-note-nul": note("text", f"Called{NUL}"),
    "case-note-terminal-title": note("text", f"{ESC}]0;title{BEL}"),
    "case-visit-place-nul": visit("place", f"Prison{NUL}"),
    "case-hand-over-reason-rlo": hand_over("reason", f"moved{RLO}"),
    "case-close-outcome-nul": close_case("outcome", f"Released{NUL}"),
    # -- the guide (admins)
    "service-name-nul": define("names", texts(f"Nom{NUL}"), at="names.0.text"),
    "service-description-rlo": redescribe(
        "descriptions", texts(f"D{RLO}"), at="descriptions.0.text"
    ),
    "service-retire-reason-nul": retire("reason", f"old{NUL}"),
    "service-fee-currency-nul": fee("currency", f"EU{NUL}"),
    # -- appointments
    "contact-email-nul": contact("email", f"a{NUL}@example.org"),
    "calendar-close-reason-nul": close_day("reason", f"holiday{NUL}"),
    "calendar-service-nul": schedule("service", f"PASS{NUL}"),
    "otp-national-id-nul": otp("nationalId", f"BK12{NUL}3456"),
    "book-code-nul": book("code", f"12345{NUL}"),
    "book-mission-rlo": book("mission", f"P{RLO}R"),
    "cancel-code-escape": cancel("code", f"{ESC}23456"),
}
