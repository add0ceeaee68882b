-- Events a view could not apply: one row per view and position, written in the batch's own
-- transaction. `action` says what the view did: 'skipped' (a value it cannot store; the view
-- went on) or 'stopped' (any other failure; the view holds before the event until a code fix).
-- A 'stopped' row whose position the view has since passed records a failure that was healed.
-- depends: 0010.imports
CREATE TABLE projection_dead_letters (
    view TEXT NOT NULL,
    position BIGINT NOT NULL,
    topic TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('skipped', 'stopped')),
    error TEXT NOT NULL,              -- the error's type and first line, no event data
    failures INTEGER NOT NULL,        -- how many times the view failed on this event
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (view, position)
);
