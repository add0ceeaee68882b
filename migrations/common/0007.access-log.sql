-- The access log view: every recorded read of a citizen's record or a case (portable SQL).
-- depends: 0004.document-views
CREATE TABLE access_log (
    position BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    read_at TEXT NOT NULL,
    account TEXT NOT NULL,
    mission TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (position, seq)
);
CREATE INDEX access_log_record ON access_log (record_id, read_at);
CREATE INDEX access_log_account ON access_log (account, read_at);
CREATE INDEX access_log_time ON access_log (read_at);
