"""The payload of a named mutation, run with its `input`, as the appointment tests read it."""

from __future__ import annotations

from typing import Any


def mutation(client: Any, operation: str, **given: Any) -> dict[str, Any]:
    field = operation[0].lower() + operation[1:]
    payload: dict[str, Any] = client.data(operation, input=given)[field]
    return payload
