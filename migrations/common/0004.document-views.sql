-- Views over identity documents and the missions' work queues (portable SQL).
-- depends: 0003.views
CREATE TABLE documents_index (
    document_id TEXT PRIMARY KEY,
    number TEXT,
    kind TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    status TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    issued_at TEXT,
    expires_on TEXT,
    position BIGINT NOT NULL
);
CREATE UNIQUE INDEX documents_index_number ON documents_index (number);
CREATE INDEX documents_index_citizen ON documents_index (citizen_id);
CREATE TABLE work_queue (
    item_id TEXT PRIMARY KEY,
    mission TEXT NOT NULL,
    queue TEXT NOT NULL,
    item_kind TEXT NOT NULL,
    status TEXT NOT NULL,
    citizen_id TEXT,
    hand_over_at TEXT,
    opened_at TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX work_queue_mission ON work_queue (mission, queue, status, position);
CREATE TABLE statistics_subjects (
    aggregate_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL
);
