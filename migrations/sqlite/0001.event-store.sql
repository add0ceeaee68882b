-- The register's append-only event store (SQLite): the eventsourcing library's own layout.
CREATE TABLE IF NOT EXISTS stored_events (
    originator_id TEXT,
    originator_version INTEGER,
    topic TEXT,
    state BLOB,
    PRIMARY KEY (originator_id, originator_version)
);
