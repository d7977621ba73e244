#!/usr/bin/env bash
# Install PostgreSQL from the system's packages and start a throwaway server on loopback.
# Prints the DATABASE_URL to use; `.ci/postgres.sh stop DIR` stops it and removes its data.
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
    su postgres -s /bin/sh -c "$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl -D '$2' -m fast stop" >/dev/null || true
    rm -rf "$2"
    exit 0
fi
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql) >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
port=${PGPORT_TEST:-55432}
data=$(mktemp -d /tmp/comisionbot-pg.XXXXXX)
chown postgres "$data"
su postgres -s /bin/sh -c "$bin/initdb -D '$data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
su postgres -s /bin/sh -c "$bin/pg_ctl -D '$data' -l '$data/server.log' -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >&2
echo "$data postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
