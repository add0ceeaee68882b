-- The register's Merkle tree: one leaf per event, written by the event store's recorder in the
-- event's own transaction (register/store/chain.py), and the positions of checkpoint events.
-- depends: 0004.document-views
CREATE TABLE merkle_leaves (
    leaf_index INTEGER PRIMARY KEY,      -- 0, 1, 2, … without gaps: the tree's order
    position INTEGER NOT NULL UNIQUE,    -- the event's notification id (stored_events.rowid)
    leaf BLOB NOT NULL                   -- SHA-256(0x00 ‖ canonical bytes of the event)
);
CREATE TABLE audit_checkpoints (
    position INTEGER PRIMARY KEY         -- a checkpoint event's notification id
);
