#!/bin/sh
# Run once by the postgres image when its data directory is new (docker-compose.yml).
# Two roles, as the README's "The audit ledger" asks: one owns the tables and runs
# migrations; the service connects as the other, which cannot change the ledger.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE datasharing_owner LOGIN PASSWORD '${OWNER_PASSWORD}';
CREATE ROLE datasharing_app LOGIN PASSWORD '${APP_PASSWORD}';
CREATE DATABASE datasharing OWNER datasharing_owner;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname datasharing <<SQL
ALTER SCHEMA public OWNER TO datasharing_owner;
SET ROLE datasharing_owner;
GRANT USAGE ON SCHEMA public TO datasharing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE datasharing_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO datasharing_app;
ALTER DEFAULT PRIVILEGES FOR ROLE datasharing_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO datasharing_app;
SQL
