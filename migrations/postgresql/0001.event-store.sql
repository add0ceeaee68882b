-- The register's append-only event store (PostgreSQL): the eventsourcing library's own layout,
-- created here because the application runs with CREATE_TABLE off.
CREATE TABLE IF NOT EXISTS register_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE UNIQUE INDEX IF NOT EXISTS register_events_notification_id_idx
    ON register_events (notification_id ASC);
-- The library passes events to INSERT as this composite type (with or without DB functions).
CREATE TYPE stored_event_uuid AS (
    originator_id uuid,
    originator_version bigint,
    topic text,
    state bytea
);
