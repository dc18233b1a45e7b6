#!/usr/bin/env bash
# Benchmark: `pitcrew serve` under load on loopback. Starts a lab (`pitcrew lab up`, its own process) and serve (the
# ./pitcrew launcher with target/pitcrew.jar, its own process, --resolve-grace 300ms so each reset resolves quickly),
# then bench/ServeLoad.java (a third JVM) holds 2,000 status-page viewers (/status/stream) and 50 logged-in dashboards
# (/api/stream) for the run, injecting a lab fault at the start of every 30 s and resetting it half-way; the second
# half adds 200 clients that open a stream and never read. Then a burst of 10,000 API requests with wrong tokens while
# a good token asks every 100 ms. Records the section between <!-- serve-load --> and <!-- /serve-load --> of
# docs/reliability.md with the machine, the date and the load average (--no-record only prints the figures).
#
# serve caps event streams at 1,000 in all and 100 per client address by default: the run raises the total with
# --max-streams 2500 (2,250 streams are open in the second half) and keeps the per-address cap as shipped, the clients
# spreading over 127.0.1.x-127.0.4.x, 50 streams an address (every 127/8 address is loopback on Linux).
# Usage: bench/serve-load.sh [--minutes N] [--viewers N] [--dashboards N] [--slow N] [--burst N] [--no-record]
#        (default 10 minutes, 2000 viewers, 50 dashboards, 200 slow clients, 10000 bad-token requests)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
minutes=10; viewers=2000; dashboards=50; slow=200; burst=10000; record=true
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --viewers) viewers="$2"; shift 2 ;;
    --dashboards) dashboards="$2"; shift 2 ;;
    --slow) slow="$2"; shift 2 ;;
    --burst) burst="$2"; shift 2 ;;
    --no-record) record=false; shift ;;
    *) echo "unknown option $1: see the usage at the top of $0" >&2; exit 2 ;;
  esac
done
for n in "$minutes" "$viewers" "$dashboards" "$slow" "$burst"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 2; }
done
[ "$minutes" -ge 1 ] || { echo "--minutes must be at least 1" >&2; exit 2; }
streams=$((viewers + dashboards + slow))
tmp=$(mktemp -d)
lab_pid=""; serve_pid=""
trap cleanup EXIT   # serve and the lab are this script's own children
lab_and_serve "$streams" --resolve-grace 300ms --max-streams $((streams + 250))
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
"$java" bench/ServeLoad.java --base "http://127.0.0.1:$port" --lab-dir "$dir" --token-file "$tmp/token" --pid "$serve_pid" \
  --viewers "$viewers" --dashboards "$dashboards" --slow "$slow" --burst "$burst" --seconds $((minutes * 60)) --period 30 \
  2> >(tee "$tmp/driver.err" >&2) | tee "$tmp/result.txt"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p target/reliability && cp "$tmp/result.txt" target/reliability/serve-load.txt   # the raw figures, kept
grep -q '^result=' "$tmp/result.txt" || { echo "the load driver did not finish; serve's log:" >&2; tail -50 "$tmp/serve.log" >&2; exit 1; }
grep -qi 'exception\|error' "$tmp/serve.log" && { echo "serve logged errors:" >&2; grep -i 'exception\|error' "$tmp/serve.log" | head -20 >&2; }
$record || exit 0

val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
line() { grep "^$1" "$tmp/result.txt" | head -1; }
# rows PATTERN FORMAT KEY...: a table row (printf FORMAT) of the values of KEY... for each result line matching PATTERN;
# the phases' dashes become spaces ("without-slow" -> "without slow")
rows() {
  local pattern="$1" format="$2" l k; shift 2
  grep "$pattern" "$tmp/result.txt" | while read -r l; do
    local values=()
    for k in "$@"; do values+=("$(val "$k" "$l" | tr - ' ')"); done
    # shellcheck disable=SC2059  # the format is this script's own
    printf "$format" "${values[@]}"
  done
}
server=$(line server); slowl=$(line slow); burstl=$(line burst); totals=$(line streams); result=$(line result)
begin='<!-- serve-load -->'
end='<!-- /serve-load -->'
{
  echo "$begin"
  echo "Written by \`bench/serve-load.sh --minutes $minutes\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); $(./pitcrew --version | paste -sd ";" - | sed "s/;/; /");"
  echo "load average $load_start at the start, $load_end at the end. Driver's verdict: \`$result\`."
  echo
  echo "$viewers status-page viewers and $dashboards logged-in dashboards held for $minutes min, a fault (\`storage-exhaustion\`)"
  echo "injected every 30 s and reset 15 s later; the second half with $slow more clients that never read (half on each"
  echo "stream). **trigger → receive**: from the lab's control request to the client reading the event that shows the"
  echo "change (a status picture no longer \`operational\` or \`operational\` again; a finding \`new\` or \`resolved\`), which"
  echo "includes the 200 ms debounce, the evaluation and, for a reset, the 300 ms resolve grace; **fan-out**: that"
  echo "client's time minus the first client's (of either stream) for the same transition."
  echo
  echo "| half | stream | clients | transitions | received | missed | trigger → receive p50 / p99 / max | fan-out p50 / p99 / max |"
  echo "|---|---|---|---|---|---|---|---|"
  rows '^phase=' '| %s | `%s` | %s | %s | %s | %s | %s / %s / %s ms | %s / %s / %s ms |\n' phase stream clients transitions received missed \
    trigger_p50 trigger_p99 trigger_max fanout_p50 fanout_p99 fanout_max
  echo
  echo "| \`/healthz\` (every 250 ms, from 127.0.0.1) | requests | failed | p50 | p99 | max |"
  echo "|---|---|---|---|---|---|"
  rows '^healthz ' '| %s | %s | %s | %s ms | %s ms | %s ms |\n' phase n failed p50 p99 max
  echo
  echo "| serve (\`/proc/PID/status\`) | streams connected | at the start | half-way (before the slow clients) | at the end | after the burst | max |"
  echo "|---|---|---|---|---|---|---|"
  printf '| RSS | %s | %s MB | %s MB | %s MB | %s MB | %s MB |\n' "$(val connected "$totals")" "$(val rss_start_mb "$server")" \
    "$(val rss_half_mb "$server")" "$(val rss_end_mb "$server")" "$(val rss_after_burst_mb "$server")" "$(val rss_max_mb "$server")"
  printf '| threads | | %s | %s | %s | %s | %s |\n' "$(val threads_start "$server")" "$(val threads_half "$server")" \
    "$(val threads_end "$server")" "$(val threads_after_burst "$server")" "$(val threads_max "$server")"
  echo
  echo "Streams: $(val connected "$totals") of $(val clients "$totals") connected, $(val ended "$totals") ended by serve during the run, $(val status_5xx "$totals") answers 5xx."
  echo "Clients that never read: $(val clients "$slowl"), of which serve had closed $(val closed_by_server "$slowl") by the end; $(val bytes_waiting_kb "$slowl") KB were waiting in their sockets (at most $(val bytes_waiting_max_kb "$slowl") KB in one)."
  echo
  echo "Burst: $(val requests "$burstl") \`GET /api/findings\` with wrong bearer tokens, 64 at a time from $(( ($(val requests "$burstl") + 499) / 500 )) addresses"
  echo "(500 each) in $(val seconds "$burstl") s ($(val per_second "$burstl")/s): $(val status_401 "$burstl") answered 401, $(val status_429 "$burstl") answered 429, $(val other "$burstl") anything else."
  echo "Meanwhile the good token from 127.0.0.1 asked every 100 ms: $(val good_ok "$burstl") of $(val good_requests "$burstl") answered 200, latency"
  echo "p50 $(val good_p50 "$burstl") ms, p99 $(val good_p99 "$burstl") ms, max $(val good_max "$burstl") ms. The good token from an address the burst locked out: $(val locked_address_good_token "$burstl")"
  echo "(refused unheard while locked, by design: a right guess is not confirmed)."
  echo
  cat bench/serve-load-notes.md
  echo "$end"
} > "$tmp/section.md"
record_section "$begin" "$end" "$tmp/section.md" docs/reliability.md
