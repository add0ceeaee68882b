"""Where the register reaches a citizen: the e-mail address one-time codes and reminders go to.

Recorded at a counter (any mission), after the citizen has shown who they are; the public
booking pages never take an address, so a code can only reach the citizen's own mailbox.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id


class ContactDetails(Aggregate):
    TOPIC = "sijill/contact"

    class Event(RegisterEvent):
        citizen_id: UUID

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/contact/created"

    class ContactRecorded(Created):
        TOPIC = "sijill/contact/recorded/v1"
        email: str

    class EmailChanged(Event):
        TOPIC = "sijill/contact/email-changed/v1"
        email: str

        def apply(self, aggregate: ContactDetails) -> None:
            aggregate.email = self.email

    def __init__(self, *, citizen_id: UUID, email: str, **_: Any) -> None:
        self.citizen_id = citizen_id
        self.email = email

    @staticmethod
    def id_for(citizen_id: UUID) -> UUID:
        return name_id("contact", str(citizen_id))

    @classmethod
    def record(
        cls, existing: ContactDetails | None, *, citizen_id: UUID, email: str, by: Recording
    ) -> ContactDetails:
        if existing is None:
            return cls._create(
                cls.ContactRecorded,
                id=cls.id_for(citizen_id),
                citizen_id=citizen_id,
                email=email,
                **by.fields(),
            )
        if existing.email != email:
            existing.trigger_event(
                cls.EmailChanged, citizen_id=citizen_id, email=email, **by.fields()
            )
        return existing
