-- Trigram index on the unaccented Latin name: search catches misspellings the keys miss.
-- depends: 0003.views
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX citizen_directory_search_trgm ON citizen_directory USING gin (search_latin gin_trgm_ops);
