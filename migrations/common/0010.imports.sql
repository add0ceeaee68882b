-- How far each import file has gone in: its lines up to `lines_done` are in (or rejected), so an
-- interrupted `sijill import` resumes after them. Written in the transaction of each batch.
-- depends: 0009.service-views
CREATE TABLE import_progress (
    digest TEXT PRIMARY KEY,          -- SHA-256 of the file's bytes
    file_name TEXT NOT NULL,
    lines_done BIGINT NOT NULL,
    imported BIGINT NOT NULL,         -- lines whose citizens went in
    rejected BIGINT NOT NULL,         -- lines written to the rejects file
    already BIGINT NOT NULL,          -- lines whose citizens were in the register already
    events BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
