#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: installed from the distribution's packages when missing, its own
# data folder in a temporary directory, listening on loopback only, stopped and deleted on exit (also on failure).
# The command gets SHOWBOT_TEST_POSTGRES (a connection string to an empty database) and SHOWBOT_TEST_POSTGRES_REQUIRED=1,
# which makes the PostgreSQL tests mandatory: without a server they fail instead of being skipped.
#   bash .ci/with-postgres.sh dotnet test ShowBot.sln
set -euo pipefail

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]] && command -v initdb >/dev/null; then found=$(dirname "$(command -v initdb)"); fi
  echo "$found"
}

bin=$(find_bin)
if [[ -z "$bin" ]]; then
  echo "with-postgres: installing PostgreSQL from the distribution's packages" >&2
  sudo_if_needed=""
  [[ $(id -u) -ne 0 ]] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq postgresql >/dev/null
  bin=$(find_bin)
fi

work=$(mktemp -d -t showbot-pg.XXXXXX)
# PostgreSQL refuses to run as root: as root, the server runs as the packages' postgres user.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$work"
  as_server=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
echo "$password" >"$work/pwfile"
[[ ${#as_server[@]} -gt 0 ]] && chown postgres "$work/pwfile"

stop() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

"${as_server[@]}" "$bin/initdb" -D "$work/data" -U showbot --pwfile="$work/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }

export SHOWBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=showbot;Password=$password;Database=postgres"
export SHOWBOT_TEST_POSTGRES_REQUIRED=1
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $work)" >&2
status=0
"$@" || status=$?
exit "$status"
