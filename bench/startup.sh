#!/usr/bin/env bash
# Benchmark: how long a command takes through the launcher, JVM start included, for the short commands and doctor
# (docs/benchmarks.md#start-up). Each command runs RUNS times through each launcher, the launchers taking turns, so a
# machine that other work slows down slows both alike; medians of wall time and of CPU time (user + system of the
# whole process tree: the JVM, and the launcher's own tools).
# Usage: bench/startup.sh [RUNS] [BEFORE]   (RUNS default 7; BEFORE: another checkout with its own ./pitcrew and
# target/, to compare with, e.g. a worktree of the commit before; its first run of each jar is done before timing)
# Writes the section between <!-- startup --> and <!-- /startup --> in docs/benchmarks.md, with bench/startup-notes.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs="${1:-7}"
before="${2:-}"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
java="$(find_java21)"

./pitcrew --version >/dev/null   # build once (with the archives), outside the measurement
launchers=("$PWD/pitcrew")
[ -n "$before" ] && launchers=("$before/pitcrew" "$PWD/pitcrew")

for n in 100 24; do
  "$java" -jar target/pitcrew-lab.jar lab up --dir "$tmp/lab-$n" --workspaces "$n" > "$tmp/lab-$n.log" 2>&1 &
done
for n in 100 24; do
  for _ in $(seq 1 900); do [ -f "$tmp/lab-$n/lab.json" ] && break; sleep 0.2; done
  [ -f "$tmp/lab-$n/lab.json" ] || { echo "lab did not start; see $tmp/lab-$n.log" >&2; cat "$tmp/lab-$n.log" >&2; exit 1; }
done

commands=("--version" "--help" "config check --config $tmp/lab-100/pitcrew.yaml"
  "doctor -o json --config $tmp/lab-100/pitcrew.yaml" "doctor -o json --config $tmp/lab-24/pitcrew.yaml")
labels=("--version" "--help" "config check" "doctor -o json, 3 x 100 workspaces" "doctor -o json, lab default (3 x 24)")

# one untimed run per launcher and command: an earlier launcher made its class-data archive on its first run
for l in "${launchers[@]}"; do for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  "$l" $c >/dev/null 2>&1 || true
done; done

TIMEFORMAT='%R %U %S'
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for i in "${!commands[@]}"; do
  for r in $(seq 1 "$runs"); do
    for l in "${!launchers[@]}"; do
      # shellcheck disable=SC2086
      t=$( { time "${launchers[$l]}" ${commands[$i]} >/dev/null 2>&1; } 2>&1 ) || true
      awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t" >> "$tmp/times-$i-$l"
    done
  done
done

{
  echo "<!-- startup -->"
  echo "## Start-up"
  echo
  echo "Written by \`bench/startup.sh $runs${before:+ BEFORE}\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(./pitcrew --version | tail -1)."
  echo
  echo "Each command through \`./pitcrew\`, JVM start included, median of $runs runs${before:+, the two launchers taking turns}; CPU is user + system."
  echo
  if [ -n "$before" ]; then
    echo "| command | before: wall | before: CPU | after: wall | after: CPU |"
    echo "|---|---|---|---|---|"
  else
    echo "| command | wall | CPU |"
    echo "|---|---|---|"
  fi
  for i in "${!commands[@]}"; do
    row="| ${labels[$i]} |"
    for l in "${!launchers[@]}"; do
      row="$row $(cut -d' ' -f1 "$tmp/times-$i-$l" | median) ms | $(cut -d' ' -f2 "$tmp/times-$i-$l" | median) ms |"
    done
    echo "$row"
  done
  echo
  cat bench/startup-notes.md
  echo "<!-- /startup -->"
} > "$tmp/section.md"
cat "$tmp/section.md"
record_section "<!-- startup -->" "<!-- /startup -->" "$tmp/section.md"
