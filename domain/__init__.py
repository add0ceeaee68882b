"""The register's aggregates, their events and the personal-status rules; pure Python."""
