-- Witnesses' cosignatures of the register's checkpoints (register/audit/witness/cosigning.py):
-- one row per witness and checkpoint size, the whole note as the witness answered it (the
-- checkpoint, the register's signature, the witness's cosignature). Not events: a cosignature is
-- another party's statement about the log, arriving after the checkpoint's own event (or much
-- later, from a witness that was down), and checkable on its own with the witness's key.
-- depends: 0013.staff-accounts
CREATE TABLE audit_cosignatures (
    witness_key_id TEXT NOT NULL,     -- first 8 bytes of SHA-256 of the witness's key, hex
    tree_size BIGINT NOT NULL,        -- the checkpoint's size
    root_hash TEXT NOT NULL,          -- the checkpoint's root, hex
    cosigned_at BIGINT NOT NULL,      -- the cosignature's time, POSIX seconds (the witness's)
    note TEXT NOT NULL,               -- the cosigned note, signature lines and all
    PRIMARY KEY (witness_key_id, tree_size)
);
