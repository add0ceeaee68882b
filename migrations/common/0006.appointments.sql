-- Appointments' own tables (portable SQL): one-time codes, the draws' secret seeds, the outbox.
-- Register facts (bookings, draws, calendars) are events; these hold secrets and delivery state.
-- depends: 0004.document-views
CREATE TABLE appointment_otps (
    otp_id TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL,
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,             -- HMAC-SHA256(salt, code): the code is never stored
    issued_at TEXT NOT NULL,             -- instants as fixed-width UTC text (register/appointments/otp.py)
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    used_at TEXT
);
CREATE INDEX appointment_otps_citizen ON appointment_otps (citizen_id, issued_at);
CREATE TABLE appointment_seeds (
    release_id TEXT PRIMARY KEY,         -- secret until the draw's event reveals it
    seed TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE appointment_outbox (
    message_id TEXT PRIMARY KEY,         -- deterministic: enqueued once; the mail's Message-ID
    kind TEXT NOT NULL,                  -- otp, booked, not-allocated, cancelled, reminder-12h, reminder-4h
    citizen_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT,                           -- a code's text is erased once sent
    due_at TEXT NOT NULL,
    expires_at TEXT,
    status TEXT NOT NULL,                -- pending, sending, sent, cancelled, expired, undeliverable
    attempts INTEGER NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    appointment_id TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX appointment_outbox_due ON appointment_outbox (status, due_at);
CREATE INDEX appointment_outbox_appointment ON appointment_outbox (appointment_id);
