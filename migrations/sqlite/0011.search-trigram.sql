-- SQLite's equivalent of PostgreSQL's trigram index (postgresql/0003.search-trigram): an FTS5
-- trigram index over each citizen's unaccented Latin name, each word padded as pg_trgm pads it
-- ("  word "), so a search finds the candidates PostgreSQL's `%` would. Triggers keep it in the
-- transaction that writes the directory row. Its rowid is the row's position: each event
-- changes at most one citizen's row, so positions are unique among rows (a duplicate would be
-- refused, never indexed wrongly), and unlike an implicit rowid a VACUUM leaves them alone.
-- depends: 0003.views
CREATE VIRTUAL TABLE citizen_search USING fts5 (
    citizen_id UNINDEXED,
    trigrams,
    tokenize = 'trigram'
);
CREATE TRIGGER citizen_search_insert AFTER INSERT ON citizen_directory BEGIN
    INSERT INTO citizen_search (rowid, citizen_id, trigrams)
    VALUES (new.position, new.citizen_id, '  ' || replace(new.search_latin, ' ', '   ') || ' ');
END;
CREATE TRIGGER citizen_search_update AFTER UPDATE OF search_latin, position ON citizen_directory
BEGIN
    DELETE FROM citizen_search WHERE rowid = old.position;
    INSERT INTO citizen_search (rowid, citizen_id, trigrams)
    VALUES (new.position, new.citizen_id, '  ' || replace(new.search_latin, ' ', '   ') || ' ');
END;
CREATE TRIGGER citizen_search_delete AFTER DELETE ON citizen_directory BEGIN
    DELETE FROM citizen_search WHERE rowid = old.position;
END;
INSERT INTO citizen_search (rowid, citizen_id, trigrams)
SELECT position, citizen_id, '  ' || replace(search_latin, ' ', '   ') || ' '
FROM citizen_directory;
