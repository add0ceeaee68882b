"""Infrastructure: the event store, bulk appends, migrations, reference data, the outbox."""

__all__ = ["bulk", "chain", "event_log", "migrate", "missions", "outage", "outbox", "storage"]
