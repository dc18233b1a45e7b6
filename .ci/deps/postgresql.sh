#!/usr/bin/env bash
# The store tests (io.pitcrew.store, io.pitcrew.incident, the incident CLI tests) run against a real PostgreSQL on
# 127.0.0.1:5432, database test, user postgres without a password. CI machines have one running; this only installs,
# configures and starts Debian's when nothing answers there, so a bare machine runs the same tests.
set -euo pipefail
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  exit 0
fi
echo "deps: no PostgreSQL on 127.0.0.1:5432; installing and starting one for the store tests" >&2
export DEBIAN_FRONTEND=noninteractive
command -v pg_ctlcluster >/dev/null || apt-get install -y -qq postgresql || { apt-get update -qq && apt-get install -y -qq postgresql; }
ver=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$ver/main/pg_hba.conf
# trust on loopback only, as the tests expect (a throwaway CI database)
grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
pg_ctlcluster "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main reload
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
su postgres -c "psql -h 127.0.0.1 -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 \
  || su postgres -c "createdb -h 127.0.0.1 test"
