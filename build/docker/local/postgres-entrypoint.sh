#!/usr/bin/env bash
# PGPORT (5432) and PG_LISTEN_ADDRESSES (*) place the server; host networking sets them to loopback and a free port.
set -euo pipefail
port="${PGPORT:-5432}"
user="${POSTGRES_USER:-postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
  password_file="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
  initdb -D "$PGDATA" -U "$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p $port -k /tmp" -w start >/dev/null
  export PGHOST=/tmp PGPORT="$port" PGUSER="$user"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sh) echo "postgres: running $script"; bash "$script" ;;
      *.sql) echo "postgres: running $script"; psql -v ON_ERROR_STOP=1 -d "${POSTGRES_DB:-postgres}" -f "$script" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  unset PGHOST
fi
exec postgres -D "$PGDATA" -c listen_addresses="${PG_LISTEN_ADDRESSES:-*}" -p "$port" -k /tmp
