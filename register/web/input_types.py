"""GraphQL input types built from the command models, so that each field is declared once.

A command model (`register/*/inputs.py`) declares a field's name, type, rules, default and
description (its attribute docstring); `@input_of(Model)` turns those into the strawberry input
the API shows. The GraphQL types are the API's: a register id is an `ID`, a date the `Date`
scalar, every other value a string or a number as the model reads it, so that a bad value
reaches the model and comes back as a typed error. What the API shows differently from the
model (an enum the model reads by name, a nullable field with no default) is declared in the
decorated class's body, and replaces the derived field in its place.
"""

from __future__ import annotations

import types
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from uuid import UUID

import strawberry
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from register.civil_status.inputs import Command

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from pydantic.fields import FieldInfo

T = TypeVar("T")
IDEMPOTENCY_KEY = "request_id"
_SCALARS: dict[object, object] = {UUID: strawberry.ID, Decimal: str}
"""A register id is an `ID`; an amount a string (a string keeps every digit exact)."""
_DERIVED: dict[type[BaseModel], type] = {}
"""The input type derived from each model, for the models nested in others (a list of parts)."""


def input_of(
    model: type[BaseModel], *, order: Sequence[str] | None = None
) -> Callable[[type[T]], type[T]]:
    """A strawberry input holding `model`'s fields, in its order (see `api_order`), or in
    `order` where the API's historical order differs from the model's."""

    def build(cls: type[T]) -> type[T]:
        own = dict(getattr(cls, "__annotations__", {}))
        names = list(order) if order is not None else api_order(model)
        if sorted(names) != sorted(model.model_fields):
            msg = f"{cls.__name__}: the order names other fields than {model.__name__}'s"
            raise TypeError(msg)
        annotations: dict[str, Any] = {}
        for name in names:
            if name in own:
                annotations[name] = own.pop(name)
                continue
            info = model.model_fields[name]
            annotations[name] = api_type(info.annotation)
            setattr(cls, name, _field(info))
        if own:
            msg = f"{cls.__name__}: {', '.join(own)} not among {model.__name__}'s fields"
            raise TypeError(msg)
        cls.__annotations__ = annotations
        made = strawberry.input(cls)
        _DERIVED[model] = made
        return made

    return build


def api_order(model: type[BaseModel]) -> list[str]:
    """The model's fields with the idempotency key after those of the command's subject (the
    base just below Command: OnCitizen, OnDocument…), or last when the command has none."""
    names = [n for n in model.model_fields if n != IDEMPOTENCY_KEY]
    if IDEMPOTENCY_KEY not in model.model_fields:
        return names
    commands = [b for b in model.__mro__ if issubclass(b, Command)]
    subject = commands[-2] if len(commands) > 1 else model
    at = len(names) if subject is model else len(subject.model_fields) - 1
    return [*names[:at], IDEMPOTENCY_KEY, *names[at:]]


def api_type(annotation: Any) -> Any:
    """The GraphQL type of a model's field type: `ID` for a register id, a nested model's
    derived input, lists and optionals kept, a choice of strings a string."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return api_type(args[0])
    if origin in (Union, types.UnionType):
        (shown,) = [api_type(a) for a in args if a is not type(None)]  # X | None, no other
        return shown | None
    if origin is list:
        return list[api_type(args[0])]  # type: ignore[misc]
    if origin is Literal:
        return str
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # A part with its own rules (a service's name) shows as the input of its kind.
        return next(_DERIVED[m] for m in annotation.__mro__ if m in _DERIVED)
    return _SCALARS.get(annotation, annotation)


def _field(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return strawberry.field(default_factory=info.default_factory, description=info.description)
    if info.default is PydanticUndefined:
        return strawberry.field(description=info.description)
    return strawberry.field(default=info.default, description=info.description)
