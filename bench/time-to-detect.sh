#!/usr/bin/env bash
# Benchmark: `pitcrew serve`'s time to detect — from a lab scenario starting to write its fault into the lab's API
# servers to the `new` finding on serve's SSE stream — over many injections (each followed by `lab reset` and a wait
# until every finding is resolved). Writes its section of docs/benchmarks.md (between the serve markers).
# Usage: bench/time-to-detect.sh [INJECTIONS]   (default 112: four rounds of every lab scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
injections="${1:-112}"
out=docs/benchmarks.md
begin='<!-- serve:time-to-detect -->'
end='<!-- /serve:time-to-detect -->'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

./pitcrew --version >/dev/null   # builds target/pitcrew.jar and pitcrew-lab.jar when the sources are newer
java=$(find_java21) || exit 2

# Every lab scenario: faults written as Kubernetes objects (the watch path), and those seen by polls, probes or the
# liveness request.
"$java" -cp target/pitcrew-lab.jar bench/TimeToDetect.java "$injections" 2>"$tmp/err.txt" | tee "$tmp/result.txt"
grep -q '^injections=' "$tmp/result.txt" || { cat "$tmp/err.txt" >&2; exit 1; }
val() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
total=$(grep '^injections=' "$tmp/result.txt")

{
  echo "$begin"
  echo "## pitcrew serve: time to detect"
  echo
  echo "Written by \`bench/time-to-detect.sh\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); Java $("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version =/ {print $2; exit}')."
  echo
  echo "From \`lab.inject(scenario)\` starting to write the fault into the lab's API servers to the \`new\` finding"
  echo "event read from \`/api/stream\`, all in one JVM on loopback, for every lab scenario in turn (lab with 24 workspaces"
  echo "per region; serve as \`pitcrew serve --config lab/pitcrew.yaml\` runs it — debounce 200 ms, and the lab's \`serve:\`"
  echo "block: probes, polls and the liveness request every 500 ms — with a 300 ms resolve grace so that each \`lab reset\`"
  echo "resolves quickly); the next injection starts once every finding is resolved."
  echo
  echo "| faults | injections | detected | p50 | p99 | max |"
  echo "|---|---|---|---|---|---|"
  printf '| all | %s | %s | %s ms | %s ms | %s ms |\n' "$(val injections "$total")" "$(val detected "$total")" \
    "$(val p50 "$total")" "$(val p99 "$total")" "$(val max "$total")"
  grep '^path=' "$tmp/result.txt" | while read -r line; do
    printf '| %s | %s | %s | %s ms | %s ms | %s ms |\n' "seen by $(val path "$line" | sed 's/-or-/ or /')" "$(val n "$line")" "$(val n "$line")" \
      "$(val p50 "$line")" "$(val p99 "$line")" "$(val max "$line")"
  done
  echo
  echo "| scenario | n | p50 | p99 | max |"
  echo "|---|---|---|---|---|"
  grep '^scenario=' "$tmp/result.txt" | while read -r line; do
    printf '| `%s` | %s | %s ms | %s ms | %s ms |\n' "$(val scenario "$line")" "$(val n "$line")" "$(val p50 "$line")" \
      "$(val p99 "$line")" "$(val max "$line")"
  done
  echo
  cat bench/time-to-detect-notes.md
  echo "$end"
} > "$tmp/section.md"

record_section "$begin" "$end" "$tmp/section.md"
