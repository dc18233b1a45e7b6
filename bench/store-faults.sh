#!/usr/bin/env bash
# The store under faults, in full: SqliteStoreFaultsTest and PostgresStoreFaultsTest with more kill rounds and more
# changes a writer than ./run-tests makes (-Dpitcrew.storefaults.rounds, -Dpitcrew.storefaults.ops; ROUNDS and OPS
# here). Needs the PostgreSQL server the tests use (127.0.0.1:5432, trust, database test; PITCREW_TEST_POSTGRES for
# another), sqlite3, and root for the full-disk case (it mounts a 1 MiB tmpfs; skipped otherwise). Writes the section
# between <!-- store-faults --> and <!-- /store-faults --> of docs/reliability.md with the machine, the date and the
# load average. Takes a few minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh

rounds="${ROUNDS:-10}"
ops="${OPS:-40}"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf target/reliability/store-faults target/reliability/store-faults.md
./mvnw -B -q test -Dpitcrew.training.skip -Dchart.tests.skip -Dpitcrew.storefaults.rounds="$rounds" -Dpitcrew.storefaults.ops="$ops" \
  -Dtest='SqliteStoreFaultsTest,PostgresStoreFaultsTest' -Dsurefire.failIfNoSpecifiedTests=false >&2
rows=target/reliability/store-faults.md
[ -s "$rows" ] || { echo "no rows in $rows: did the store-fault tests run?" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "<!-- store-faults -->"
  echo "Written by \`bench/store-faults.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) ($rounds kill rounds, $ops changes a writer). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), SQLite $(sqlite3 --version | cut -d' ' -f1) (sqlite3, the lock holder), $(psql -h 127.0.0.1 -U postgres -d test -tAc 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 | sed 's/^/PostgreSQL /'); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo "FILE is the store (the SQLite file, or the PostgreSQL URL without its parameters), TMP the test's directory."
  echo
  cat "$rows"
  echo "<!-- /store-faults -->"
} > "$tmp/section.md"
record_section "<!-- store-faults -->" "<!-- /store-faults -->" "$tmp/section.md" docs/reliability.md
