#!/usr/bin/env bash
# The role the services connect as: it may log in, read and write; `dr schema apply --grant-to defectrefine_app`
# gives it its rights on the label store, which it never owns. Run once by the PostgreSQL image on an empty volume.
set -euo pipefail
: "${DR_APP_PG_PASSWORD:?set DR_APP_PG_PASSWORD, the password of the role the services use}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v password="$DR_APP_PG_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE defectrefine_app LOGIN PASSWORD %L', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'defectrefine_app') \gexec
SQL
