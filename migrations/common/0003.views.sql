-- Read models built by the projections from the event stream, and their tracking positions
-- (portable SQL; PostgreSQL adds a trigram index in postgresql/0003.search-trigram).
-- depends: 0002.missions
CREATE TABLE projection_tracking (
    view TEXT PRIMARY KEY,
    position BIGINT NOT NULL
);
CREATE TABLE citizen_directory (
    citizen_id TEXT PRIMARY KEY,
    national_id TEXT,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    given_name_ar TEXT NOT NULL,
    family_name_ar TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    birth_year INTEGER NOT NULL,
    registered_mission TEXT NOT NULL,
    status TEXT NOT NULL,
    search_latin TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX citizen_directory_national_id ON citizen_directory (national_id);
CREATE TABLE citizen_name_keys (
    name_key TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    PRIMARY KEY (name_key, citizen_id)
);
CREATE INDEX citizen_name_keys_citizen ON citizen_name_keys (citizen_id);
CREATE TABLE mission_roll (
    citizen_id TEXT PRIMARY KEY,
    mission TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE INDEX mission_roll_mission ON mission_roll (mission, citizen_id);
CREATE TABLE mission_activity (
    position BIGINT PRIMARY KEY,
    mission TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    event_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    citizen_id TEXT,
    citizen_mission TEXT,
    cross_mission INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX mission_activity_mission ON mission_activity (mission, position);
CREATE TABLE activity_subjects (
    aggregate_id TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL
);
CREATE TABLE activity_registrations (
    citizen_id TEXT PRIMARY KEY,
    mission TEXT NOT NULL
);
CREATE TABLE statistics (
    mission TEXT NOT NULL,
    month TEXT NOT NULL,
    measure TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (mission, month, measure)
);
