#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests and benchmarks of the
# PostgreSQL blob store (BlobStorePostgres):
#
#   tools/postgres.sh start   initialise (once) and start it; prints its URL
#   tools/postgres.sh url     prints its URL (postgres://vault@127.0.0.1:PORT/vault)
#   tools/postgres.sh stop    stop it and delete its directory
#
# It listens on 127.0.0.1 only, on VAULT_PG_PORT (default 55432), keeps its
# data in VAULT_PG_DIR (default /tmp/vault-postgres-PORT) and trusts local
# connections: it is for tests, not for records. `start` is idempotent.
# PostgreSQL refuses to run as root: as root, the server runs as the
# `postgres` user (runuser) in a directory that user owns.
set -euo pipefail

port=${VAULT_PG_PORT:-55432}
dir=${VAULT_PG_DIR:-/tmp/vault-postgres-$port}
url="postgres://vault@127.0.0.1:$port/vault"

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [[ -z $found || ! -x $found/pg_ctl ]]; then
        echo "error: PostgreSQL's server is not installed (Debian: apt-get install postgresql; tools/ensure-deps.sh does it)" >&2
        exit 1
    fi
    echo "$found"
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
    [[ -f $dir/data/PG_VERSION ]] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

case "${1:-}" in
start)
    bin=$(bindir)
    if ! running; then
        if [[ ! -f $dir/data/PG_VERSION ]]; then
            rm -rf "$dir"
            mkdir -p "$dir"
            [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
            chmod 700 "$dir"
            as_owner "$bin/initdb" -D "$dir/data" -U vault --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
                { cat "$dir/initdb.log" >&2; exit 1; }
        fi
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null ||
            { echo "error: PostgreSQL did not start; its log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U vault -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'vault'" | grep -q 1; then
        as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U vault -d postgres -qc "CREATE DATABASE vault" >/dev/null
    fi
    echo "$url"
    ;;
url)
    echo "$url"
    ;;
stop)
    bin=$(bindir)
    if running; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: tools/postgres.sh start|stop|url" >&2
    exit 2
    ;;
esac
