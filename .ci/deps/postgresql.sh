#!/usr/bin/env bash
# The store tests (io.pitcrew.store, io.pitcrew.incident, the incident CLI tests) run against a real PostgreSQL on
# 127.0.0.1:5432, database test, user postgres without a password (PITCREW_TEST_POSTGRES names another server).
# Machines of this kind have one running; when nothing answers, this installs, configures and starts Debian's.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${PITCREW_TEST_POSTGRES:-}" ] && exit 0

usable() { # the server answers, lets postgres in without a password and has the database test
  command -v psql >/dev/null || return 0 # no client to ask with: the tests will say what is wrong
  psql -h 127.0.0.1 -p 5432 -U postgres -d test -w -tAc 'SELECT 1' >/dev/null 2>&1
}

if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && usable; then
  exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "missing: a PostgreSQL on 127.0.0.1:5432 that lets user postgres into database test without a password (the store" \
         "tests). Set one up with: sudo bash .ci/deps/postgresql.sh (installs Debian's, trusts loopback, creates database" \
         "test), or set PITCREW_TEST_POSTGRES to a JDBC URL" >&2
    exit 3
  fi
fi
command -v pg_ctlcluster >/dev/null || apt_install "the store tests" postgresql
ver=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$ver/main/pg_hba.conf
# trust on loopback only, as the tests expect (a throwaway test database)
"${sudo[@]}" grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" || "${sudo[@]}" sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
echo "deps: starting PostgreSQL $ver for the store tests" >&2
"${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null \
  || "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
psql -h 127.0.0.1 -U postgres -w -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres -w test
usable || { echo "PostgreSQL on 127.0.0.1:5432 still does not let postgres into database test: see $hba" >&2; exit 3; }
