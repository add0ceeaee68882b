-- The central administration in Rabat: the "mission" recorded on guide edits, checkpoints and
-- other acts of the ministry itself rather than of a post abroad.
-- depends: 0002.missions
INSERT INTO missions (code, kind, city, country, timezone, languages)
VALUES ('RBA', 'ministry', 'Rabat', 'MAR', 'Africa/Casablanca', 'ar,fr,en');
