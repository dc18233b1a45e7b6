#!/usr/bin/env bash
# Benchmark: SSE fan-out of `pitcrew serve` to many live viewers on loopback. Starts a lab (`pitcrew lab up`, 24
# workspaces per region) and serve (the ./pitcrew launcher, its own process, --resolve-grace 300ms so each reset
# resolves quickly), opens CLIENTS concurrent streams with bench/SseFanout.java, and triggers ROUNDS x 2 updates
# (a lab fault injected, then reset). Prints the results; --record also writes its section of docs/benchmarks.md.
# Every stream comes from 127.0.0.1, so serve's stream caps (--max-streams, --max-streams-per-client) are raised to fit.
# Usage: bench/sse-fanout.sh [--record] [CLIENTS] [ROUNDS]        (default 1000 clients, 25 rounds = 50 updates)
#        STREAM=/status/stream EVENT=status AUTH=none bench/sse-fanout.sh   (another stream: path, event name, and
#                                                                             AUTH=bearer sends the API token)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
record=false
[ "${1:-}" = "--record" ] && { record=true; shift; }
clients="${1:-1000}"
rounds="${2:-25}"
stream="${STREAM:-/api/stream}"
event="${EVENT:-finding}"
auth="${AUTH:-bearer}"
out=docs/benchmarks.md
begin="<!-- serve:sse-fanout${stream//\//-} -->"
end="<!-- /serve:sse-fanout${stream//\//-} -->"
tmp=$(mktemp -d)
lab_pid=""; serve_pid=""
trap cleanup EXIT   # serve and the lab are this script's own children
lab_and_serve "$clients" --resolve-grace 300ms --max-streams $((clients + 10)) --max-streams-per-client $((clients + 10))
headers=()
if [ "$auth" = bearer ]; then echo "Authorization: Bearer $(cat "$tmp/token")" > "$tmp/headers"; headers=(--header-file "$tmp/headers"); fi
"$java" bench/SseFanout.java --url "http://127.0.0.1:$port$stream" --event "$event" "${headers[@]}" --lab-dir "$dir" \
  --clients "$clients" --rounds "$rounds" --pid "$serve_pid" 2> "$tmp/driver.err" | tee "$tmp/result.txt"
grep -q '^clients=' "$tmp/result.txt" || { cat "$tmp/driver.err" >&2; exit 1; }
$record || exit 0

val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
totals=$(grep '^clients=' "$tmp/result.txt")
{
  echo "$begin"
  echo "## pitcrew serve: SSE fan-out to $clients viewers (\`$stream\`)"
  echo
  echo "Written by \`bench/sse-fanout.sh --record\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); $(./pitcrew --version | paste -sd ";" - | sed "s/;/; /"); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "$clients concurrent streams of \`GET $stream\` (event \`$event\`) on loopback, from one driver JVM (a plain socket"
  echo "and a virtual thread each) next to serve's own process and the lab (24 workspaces per region). Each round injects"
  echo "\`storage-exhaustion\` through the lab's control port, waits until every stream has the event and the streams are"
  echo "quiet for 1 s, then resets the lab (serve runs with \`--resolve-grace 300ms\`): $((rounds * 2)) updates."
  echo "**trigger → receive** is from the control request to a client reading its first \`$event\` event of the update"
  echo "(an inject includes the 200 ms debounce; a reset also the 300 ms grace); **fan-out** is a client's time minus"
  echo "the first client's time for the same update; **spread** is, per update, last client minus first."
  echo
  echo "| updates | events received | missed | trigger → receive p50 / p99 / max | fan-out p50 / p99 / max | spread p50 / p99 / max |"
  echo "|---|---|---|---|---|---|"
  grep '^kind=' "$tmp/result.txt" | while read -r l; do
    printf '| %s: %s | %s | %s | %s / %s / %s ms | %s / %s / %s ms | %s / %s / %s ms |\n' "$(val kind "$l")" "$(val updates "$l")" \
      "$(val received "$l")" "$(val missed "$l")" "$(val trigger_p50 "$l")" "$(val trigger_p99 "$l")" "$(val trigger_max "$l")" \
      "$(val fanout_p50 "$l")" "$(val fanout_p99 "$l")" "$(val fanout_max "$l")" "$(val spread_p50 "$l")" "$(val spread_p99 "$l")" "$(val spread_max "$l")"
  done
  echo
  echo "Server during the run: at most $(val server_rss_max_mb "$totals") MB RSS and $(val server_threads_max "$totals") threads (sampled every 200 ms from \`/proc\`)."
  echo
  [ -f "bench/sse-fanout-notes${stream//\//-}.md" ] && cat "bench/sse-fanout-notes${stream//\//-}.md"
  echo "$end"
} > "$tmp/section.md"
record_section "$begin" "$end" "$tmp/section.md"
