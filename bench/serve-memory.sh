#!/usr/bin/env bash
# Benchmark: memory of `pitcrew serve` watching 3 x N workspace pods (default 3 x 10,000), as a user runs it: the lab in
# one process (`pitcrew lab up`), serve in another started by the ./pitcrew launcher (so the RSS is serve's own, with
# the launcher's JVM options). Waits for /readyz, lets serve settle through polls and a few evaluations (a fault
# injected and reset), then records RSS (VmRSS, VmHWM), heap used after a full GC, threads, time to ready and
# evaluation latency. Prints one `key=value` line; bench/serve-memory.sh --record also writes its section of
# docs/benchmarks.md.
# Usage: bench/serve-memory.sh [--record] [PODS_PER_REGION]   (default 10000)
#        PITCREW_JAVA_OPTS="-Xmx384m" bench/serve-memory.sh     (extra JVM options for serve, as with ./pitcrew)
#        HISTOGRAM=1 bench/serve-memory.sh                       (also prints the top of serve's heap histogram)
#        LAB_DIR=/tmp/lab bench/serve-memory.sh    (use a healthy lab already running there: `pitcrew lab up --dir /tmp/lab
#                                                   --workspaces 10000` takes minutes to start at that size)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
record=false
[ "${1:-}" = "--record" ] && { record=true; shift; }
pods="${1:-10000}"
settle="${SETTLE_SECONDS:-40}"
out=docs/benchmarks.md
begin='<!-- serve:memory -->'
end='<!-- /serve:memory -->'
tmp=$(mktemp -d)
lab_pid=""; serve_pid=""
cleanup() {
  # serve and the lab are this script's own children (the launcher execs java)
  for pid in $serve_pid $lab_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

./pitcrew --version >/dev/null   # build once, outside the measurement
now_ms() { date +%s%3N; }
status() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }   # a field of /proc/PID/status, in kB for sizes
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ -n "${LAB_DIR:-}" ]; then
  dir="$LAB_DIR"
  # the pods per region of that lab are the caller's to state (first argument)
else
  dir="$tmp/lab"
  ./pitcrew lab up --dir "$dir" --workspaces "$pods" > "$tmp/lab.log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 1 900); do [ -f "$dir/lab.json" ] && break; sleep 0.2; done
  [ -f "$dir/lab.json" ] || { echo "lab did not start; see below" >&2; cat "$tmp/lab.log" >&2; exit 1; }
fi
control=$(sed -n 's/.*"controlPort" *: *\([0-9]*\).*/\1/p' "$dir/lab.json")

port=$(free_port)
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/token"
token=$(cat "$tmp/token")
t0=$(now_ms)
# the launcher execs java, so $! is serve's JVM
./pitcrew serve --config "$dir/pitcrew.yaml" --kubeconfig "$dir/kubeconfig" --token-file "$tmp/token" --db "$tmp/pitcrew.db" \
  --port "$port" > "$tmp/serve.log" 2>&1 &
serve_pid=$!
base="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 1200); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true)" = 200 ]; then ready=$(( $(now_ms) - t0 )); break; fi
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "serve did not become ready; its log:" >&2; cat "$tmp/serve.log" >&2; exit 1; }
rss_ready=$(status "$serve_pid" VmRSS)

# settle: polls (every 10 s), a fault written and taken back twice (so evaluations run over the full caches)
for _ in 1 2; do
  curl -s -X POST "http://127.0.0.1:$control/scenario/storage-exhaustion" >/dev/null; sleep 5
  curl -s -X POST "http://127.0.0.1:$control/reset" >/dev/null; sleep 5
done
sleep "$(( settle > 20 ? settle - 20 : 0 ))"

metrics=$(curl -s "$base/metrics")
evals=$(awk '/^pitcrew_evaluation_seconds_count/ {print $2}' <<<"$metrics")
eval_sum=$(awk '/^pitcrew_evaluation_seconds_sum/ {print $2}' <<<"$metrics")
# the smallest bucket holding every evaluation: the slowest one took at most that long
eval_max=$(awk -v n="$evals" -F'[" ]' '/^pitcrew_evaluation_seconds_bucket/ && $NF == n && !done {print $2; done = 1}' <<<"$metrics")
rss=$(status "$serve_pid" VmRSS); hwm=$(status "$serve_pid" VmHWM); threads=$(status "$serve_pid" Threads)
jcmd="$(dirname "$(readlink -f "/proc/$serve_pid/exe")")/jcmd"
"$jcmd" "$serve_pid" GC.run >/dev/null
heap_info=$("$jcmd" "$serve_pid" GC.heap_info)
# "DefNew total 185536K, used 113720K [..." + "Tenured total ..." (Serial), "garbage-first heap total reserved 655360K,
# committed 258048K, used 180000K [..." (G1): what is committed is "total" for Serial and "committed" for G1
heap_line='^ *[A-Za-z-]+( [a-z]+)* +total (reserved )?[0-9]+K,'
heap_used=$(awk -v l="$heap_line" '$0 ~ l {for (i = 1; i <= NF; i++) if ($i == "used") {gsub(/[K,]/, "", $(i+1)); s += $(i+1)}} END {print int(s / 1024)}' <<<"$heap_info")
heap_committed=$(awk -v l="$heap_line" '$0 ~ l {c = 0; for (i = 1; i <= NF; i++) if ($i == "committed" || ($i == "total" && $(i+1) != "reserved")) {gsub(/[K,]/, "", $(i+1)); c = $(i+1)} s += c} END {print int(s / 1024)}' <<<"$heap_info")
rss_after_gc=$(status "$serve_pid" VmRSS)
flags=$(tr '\0' ' ' < "/proc/$serve_pid/cmdline" | grep -o -- ' -X[^ ]*' | grep -v 'SharedArchive\|Xshare\|Xlog' | tr -d '\n' | sed 's/^ //')
if [ -n "${HISTOGRAM:-}" ]; then "$jcmd" "$serve_pid" GC.class_histogram | head -25 >&2; fi
# with PITCREW_JAVA_OPTS=-XX:NativeMemoryTracking=summary: where the memory outside the heap goes
if grep -q NativeMemoryTracking "/proc/$serve_pid/cmdline"; then "$jcmd" "$serve_pid" VM.native_memory summary | grep -E '^(Total|-) ' >&2; fi

line=$(printf 'pods=%s ready_ms=%s rss_ready_mb=%s rss_mb=%s hwm_mb=%s rss_after_gc_mb=%s heap_used_after_gc_mb=%s heap_committed_mb=%s threads=%s evaluations=%s eval_mean_ms=%s eval_max_le_s=%s' \
  "$pods" "$ready" "$((rss_ready / 1024))" "$((rss / 1024))" "$((hwm / 1024))" "$((rss_after_gc / 1024))" "$heap_used" "$heap_committed" \
  "$threads" "$evals" "$(awk -v s="$eval_sum" -v n="$evals" 'BEGIN {printf "%.0f", n ? s * 1000 / n : 0}')" "$eval_max")
echo "$line flags=\"$flags\""
$record || exit 0

val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
{
  echo "$begin"
  echo "## pitcrew serve: memory with 3 x $pods pods watched"
  echo
  echo "Written by \`bench/serve-memory.sh --record\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); $(./pitcrew --version | paste -sd ";" - | sed "s/;/; /"); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "\`pitcrew lab up --workspaces $pods\` in one process, \`./pitcrew serve\` against it in another (the launcher's JVM"
  echo "options: \`$flags\`). Ready is from starting the launcher to \`/readyz\` answering 200 (every region listed,"
  echo "the probes answered once). Then ${settle} s of settling: polls every 10 s, \`storage-exhaustion\` injected and reset"
  echo "twice. RSS and threads from \`/proc/PID/status\`; heap after \`jcmd GC.run\` (\`GC.heap_info\`); evaluation latency"
  echo "from \`pitcrew_evaluation_seconds\`."
  echo
  echo "| pods per region | ready | RSS at ready | RSS settled | peak RSS (VmHWM) | heap used after GC | heap committed | threads | evaluations | evaluation mean | slowest evaluation |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '| %s | %.1f s | %s MB | %s MB | %s MB | %s MB | %s MB | %s | %s | %s ms | ≤ %s s |\n' "$pods" "$(echo "$(val ready_ms)/1000" | bc -l)" \
    "$(val rss_ready_mb)" "$(val rss_mb)" "$(val hwm_mb)" "$(val heap_used_after_gc_mb)" "$(val heap_committed_mb)" "$(val threads)" \
    "$(val evaluations)" "$(val eval_mean_ms)" "$(val eval_max_le_s)"
  echo
  cat bench/serve-memory-notes.md
  echo "$end"
} > "$tmp/section.md"
record_section "$begin" "$end" "$tmp/section.md"
