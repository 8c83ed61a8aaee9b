#!/usr/bin/env bash
# Start a throw-away PostgreSQL server as an unprivileged user, run the given command with
# TEST_DATABASE_URL pointing at it, then stop the server. PostgreSQL refuses to run as root.
set -euo pipefail
BINDIR=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# A free port unless one is given, so two runs on one machine never collide.
PORT=${PGTEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DATA=$(mktemp -d /tmp/hallmark-pg.XXXXXX)
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DATA"
  RUNAS=(runuser -u postgres --)
fi
cleanup() {
  "${RUNAS[@]}" "$BINDIR/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
"${RUNAS[@]}" "$BINDIR/initdb" -D "$DATA/db" -U hallmark --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" "$BINDIR/pg_ctl" -D "$DATA/db" -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$DATA/log" -w start >/dev/null
"${RUNAS[@]}" "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U hallmark hallmark_test
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on port $PORT: running the suite against it"
export TEST_DATABASE_URL="postgresql://hallmark@127.0.0.1:$PORT/hallmark_test"
"$@"
