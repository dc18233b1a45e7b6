#!/usr/bin/env bash
# The store tests (io.pitcrew.store, io.pitcrew.incident, the incident CLI tests) run against a real PostgreSQL on
# 127.0.0.1:5432, database test, user postgres without a password (PITCREW_TEST_POSTGRES names another server).
# Machines of this kind have one running; when nothing answers, this installs, configures and starts Debian's.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${PITCREW_TEST_POSTGRES:-}" ] && exit 0
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing: a PostgreSQL server on 127.0.0.1:5432 (the store tests). Start one with: sudo bash .ci/deps/postgresql.sh" \
       "(installs Debian's, trusts loopback, creates database test), or set PITCREW_TEST_POSTGRES to a JDBC URL" >&2
  exit 3
fi
command -v pg_ctlcluster >/dev/null || apt_install "the store tests" postgresql
ver=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$ver/main/pg_hba.conf
# trust on loopback only, as the tests expect (a throwaway test database)
grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
echo "deps: starting PostgreSQL $ver for the store tests" >&2
pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
su postgres -c "psql -h 127.0.0.1 -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 \
  || su postgres -c "createdb -h 127.0.0.1 test"
