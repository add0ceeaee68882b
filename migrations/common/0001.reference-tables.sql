-- Reference and access tables, portable between SQLite and PostgreSQL.
-- depends: 0001.event-store
CREATE TABLE missions (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    city TEXT NOT NULL,
    country CHAR(3) NOT NULL,
    timezone TEXT NOT NULL,
    languages TEXT NOT NULL
);
CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    role TEXT NOT NULL,
    mission TEXT NOT NULL REFERENCES missions (code),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX access_tokens_account_idx ON access_tokens (account);
