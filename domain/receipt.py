"""Idempotent commands: the receipt of a client's request id, saved with the command's events."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id


class CommandReceipt(Aggregate):
    """The first outcome of a request id; a retry finds it and records nothing new."""

    TOPIC = "sijill/command-receipt"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/command-receipt/issued/v1"
        command: str
        fingerprint: str
        """SHA-256 of the command's input: the same id with other input is refused."""
        result: dict[str, str]

    def __init__(self, *, command: str, fingerprint: str, result: dict[str, str], **_: Any) -> None:
        self.command = command
        self.fingerprint = fingerprint
        self.result = result

    @staticmethod
    def id_for(account: str, request_id: str) -> UUID:
        return name_id("request", f"{account}\x1f{request_id}")

    @classmethod
    def issue(  # a receipt has this many facts
        cls,
        *,
        account: str,
        request_id: str,
        command: str,
        fingerprint: str,
        result: dict[str, str],
        by: Recording,
    ) -> CommandReceipt:
        return cls._create(
            cls.Created,
            id=cls.id_for(account, request_id),
            command=command,
            fingerprint=fingerprint,
            result=result,
            **by.fields(),
        )
