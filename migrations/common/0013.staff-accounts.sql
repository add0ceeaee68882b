-- People's accounts for the staff console (portable SQL): argon2id password hashes, sessions
-- (only the SHA-256 of each session id is kept), and failed sign-ins counted per account name,
-- in the database so a lock-out holds across every server process.
-- depends: 0012.dead-letters
CREATE TABLE staff_accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    mission TEXT NOT NULL REFERENCES missions (code),
    password_hash TEXT NOT NULL,      -- argon2id, in the PHC string format
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE TABLE staff_sessions (
    session_hash TEXT PRIMARY KEY,    -- SHA-256 of the cookie's session id, never the id
    account TEXT NOT NULL REFERENCES staff_accounts (name),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX staff_sessions_account_idx ON staff_sessions (account);
CREATE TABLE staff_sign_in_failures (
    account TEXT PRIMARY KEY,         -- the name as typed, whether or not such an account exists
    failures INTEGER NOT NULL,        -- failed sign-ins in a row since the last success or lock
    last_failed_at TEXT NOT NULL,
    locked_until TEXT
);
