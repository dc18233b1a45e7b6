#!/usr/bin/env bash
# The fault matrix in full, recorded in docs/reliability.md with the machine, the date and the load average:
#   kubernetes  every fault on one region's Kubernetes API, as a whole and for each kind doctor reads, with doctor
#               sweeping all three regions of the lab (KubernetesFaultsTest; about five minutes) — the section between
#               <!-- kubernetes-faults --> and <!-- /kubernetes-faults -->
#   sources     every fault on each other source doctor and serve read — the registries, /healthz, coderd, LiteLLM,
#               DNS, TLS, ECR's pull password — and on Slack, PagerDuty and GitHub, and serve recovering
#               (SourceFaultsTest, EcrFaultsTest, NotificationFaultsTest, ServeRecoveryTest; about five minutes) —
#               <!-- source-faults -->
# With no argument, both. The test run of ./run-tests takes a subset of each (-Dpitcrew.faults=all here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh

what="${1:-all}"
case "$what" in kubernetes|sources|all) ;; *) echo "usage: bench/reliability.sh [kubernetes|sources|all]" >&2; exit 2 ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# machine, date and load: the first line of every section
machine() {
  echo "Written by \`bench/reliability.sh\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); load average $1 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
}

# run TESTS: the tests with every fault
run() {
  ./mvnw -B -q test -Dpitcrew.training.skip -Dpitcrew.faults=all -Dchart.tests.skip -Dtest="$1" -Dsurefire.failIfNoSpecifiedTests=false >&2
}

# rows FILE: the file, which the tests must have written
rows() {
  [ -s "$1" ] || { echo "no rows in $1: did the tests run?" >&2; exit 1; }
  cat "$1"
}

if [ "$what" != sources ]; then
  load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
  run KubernetesFaultsTest
  {
    echo "<!-- kubernetes-faults -->"
    machine "$load_start"
    echo "Region timeout 6 s; the time is the whole sweep of three regions."
    echo
    echo "| us-west-2's API, faulted for | fault | what doctor says of us-west-2 | sweep |"
    echo "|---|---|---|---|"
    rows target/reliability/kubernetes-faults.md
    echo "<!-- /kubernetes-faults -->"
  } > "$tmp/kubernetes.md"
  record_section "<!-- kubernetes-faults -->" "<!-- /kubernetes-faults -->" "$tmp/kubernetes.md" docs/reliability.md
fi

if [ "$what" != kubernetes ]; then
  load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
  run 'SourceFaultsTest,EcrFaultsTest,NotificationFaultsTest,ServeRecoveryTest'
  {
    echo "<!-- source-faults -->"
    machine "$load_start"
    echo "Timeout 6 s; the time is doctor's whole sweep of the lab's three regions and every source (\`…\` stands for a"
    echo "loopback address and port)."
    echo
    echo "| source | fault | what doctor says of it | sweep |"
    echo "|---|---|---|---|"
    rows target/reliability/source-faults.md
    echo
    echo "ECR's GetAuthorizationToken (the mirror's pull password when pitcrew.yaml gives none), timeout 2 s:"
    echo
    echo "| source | fault | what pitcrew says | took |"
    echo "|---|---|---|---|"
    rows target/reliability/ecr-faults.md
    echo
    echo "An incident's notice to a faulted service (\`IncidentNotices\`, as \`pitcrew incident\` and serve send them), with a"
    echo "policy of 3 tries, 2 s each, 4 s in all (the standard one is 5 tries, 10 s each, 60 s in all):"
    echo
    echo "| service | fault | what came of the notice; its timeline | took |"
    echo "|---|---|---|---|"
    rows target/reliability/notification-faults.md
    echo
    echo "serve's detector on the lab (probes every 500 ms, a second's resolve grace):"
    echo
    echo "| fault | seen | recovered |"
    echo "|---|---|---|"
    rows target/reliability/serve-recovery.md
    echo "<!-- /source-faults -->"
  } > "$tmp/sources.md"
  record_section "<!-- source-faults -->" "<!-- /source-faults -->" "$tmp/sources.md" docs/reliability.md
fi
