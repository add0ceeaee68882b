-- The service requests index (tracking number → status and citizen), portable SQL.
-- depends: 0004.document-views
CREATE TABLE service_requests_index (
    request_id TEXT PRIMARY KEY,
    tracking_number TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    service_code TEXT NOT NULL,
    status TEXT NOT NULL,
    mission TEXT NOT NULL,
    position BIGINT NOT NULL
);
CREATE UNIQUE INDEX service_requests_index_tracking ON service_requests_index (tracking_number);
CREATE INDEX service_requests_index_citizen ON service_requests_index (citizen_id);
