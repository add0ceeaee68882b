"""Every stored event names its class by a fixed topic, so renaming a class never orphans events."""

from __future__ import annotations

import importlib
import pkgutil

from eventsourcing.domain import Aggregate
from eventsourcing.utils import resolve_topic

import domain
from domain.civil_status.citizen import Citizen
from domain.indexes import NationalIdIndex
from domain.receipt import CommandReceipt


def domain_aggregates() -> tuple[type[Aggregate], ...]:
    """Every aggregate class the domain package defines, found by importing each module, so
    a new aggregate is checked without anyone remembering to list it here."""
    found: dict[str, type[Aggregate]] = {}
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, Aggregate)
                and value.__module__ == loaded.__name__
            ):
                found[value.__qualname__] = value
    return tuple(found[name] for name in sorted(found))


AGGREGATES = domain_aggregates()


def event_classes(aggregate: type[Aggregate]) -> dict[str, type[Aggregate.Event]]:
    """The event classes defined in the aggregate's body, except its base `Event`."""
    return {
        name: value
        for name, value in vars(aggregate).items()
        if isinstance(value, type) and issubclass(value, Aggregate.Event) and name != "Event"
    }


def every_event_class() -> list[type[Aggregate.Event]]:
    return [cls for aggregate in AGGREGATES for cls in event_classes(aggregate).values()]


def test_the_walk_finds_every_event_the_aggregates_record() -> None:
    assert {a.__name__ for a in AGGREGATES} >= {
        "Citizen",
        "Document",
        "Dossier",
        "ReadLog",
        "Appointment",
        "KeySuccession",
    }
    assert set(event_classes(Citizen)) >= {
        "Created",
        "Enrolled",
        "BirthRegistered",
        "ChildAdded",
        "MarriageRecorded",
        "MarriageEnded",
        "DeathRecorded",
        "NameChanged",
        "ResidenceChanged",
        "RegistrationTransferred",
        "EntryCorrected",
    }
    assert set(event_classes(NationalIdIndex)) >= {"Created", "Claimed", "Released"}
    assert set(event_classes(CommandReceipt)) >= {"Created"}


def test_every_event_class_declares_its_own_topic() -> None:
    missing = [cls.__qualname__ for cls in every_event_class() if "TOPIC" not in vars(cls)]

    assert missing == []


def test_every_topic_is_a_sijill_topic_and_resolves_to_its_class() -> None:
    for cls in [*AGGREGATES, *every_event_class()]:
        topic = vars(cls)["TOPIC"]
        assert topic.startswith("sijill/"), cls.__qualname__
        assert resolve_topic(topic) is cls, cls.__qualname__


def test_no_two_classes_share_a_topic() -> None:
    topics = [vars(cls)["TOPIC"] for cls in [*AGGREGATES, *every_event_class()]]

    assert len(topics) == len(set(topics))
