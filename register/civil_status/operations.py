"""Civil status: the operations this capability owns, as register/access.py checks them."""

from __future__ import annotations

from register.access import Operation


class CivilStatusOperation(Operation):
    ENROLL_CITIZEN = "enrollCitizen"
    REGISTER_BIRTH = "registerBirth"
    RECORD_MARRIAGE = "recordMarriage"
    RECORD_DIVORCE = "recordDivorce"
    RECORD_DEATH = "recordDeath"
    CHANGE_NAME = "changeName"
    CHANGE_RESIDENCE = "changeResidence"
    TRANSFER_REGISTRATION = "transferRegistration"
    CORRECT_ENTRY = "correctEntry"
    CITIZEN = "citizen"
    SEARCH_CITIZENS = "searchCitizens"
    CITIZEN_AS_OF = "citizenAsOf"
    CITIZEN_EFFECTIVE_ON = "citizenEffectiveOn"
