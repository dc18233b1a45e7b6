#!/usr/bin/env bash
# Benchmark, side by side in one run (issue 14): `pitcrew doctor` as a user runs it (the launcher, JVM start included)
# against the runbook's 46 Diagnosis kubectl commands on the same lab, at the lab's default size and at 100, 1,000 and
# 10,000 workspace pods per region; peak RSS of each; `pitcrew serve`'s time to ready on the same lab and
# `doctor --server` asking it; `--version` and `--help`.
# Writes the section between <!-- doctor-sweep --> and <!-- /doctor-sweep --> of docs/benchmarks.md, with
# bench/notes.md; every other section stays.
# Usage: bench/doctor-sweep.sh [RUNS] [SIZES]   (RUNS default 5 per command and size; SIZES default "24 100 1000 10000")
#        KUBECTL_RUNS=3 (runs of the 46 kubectl commands per size; one at 10,000 pods)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs="${1:-5}"
sizes="${2:-24 100 1000 10000}"
kruns="${KUBECTL_RUNS:-3}"
tmp=$(mktemp -d)
lab_pid=""; serve_pid=""
stop() { for pid in "$@"; do [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; done; }
trap 'stop $serve_pid $lab_pid; rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "needs GNU time for the peak RSS: apt-get install time" >&2; exit 2; }
command -v kubectl >/dev/null || { echo "needs kubectl for the baseline: apt-get install kubernetes-client" >&2; exit 2; }
java="$(find_java21)"

./pitcrew --version >/dev/null   # build once (with the start-up archives), outside the measurement
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
max() { sort -n | tail -1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ms() { awk -v v="$1" 'BEGIN {printf (v < 1000 ? "%d ms" : "%.2f s"), (v < 1000 ? v : v / 1000)}'; }
mb() { awk -v v="$1" 'BEGIN {printf "%d MB", v / 1024}'; }

# timed NAME CMD...: runs CMD under GNU time, appending "wall_ms cpu_ms maxrss_kb" to $tmp/NAME
timed() {
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || true
  # GNU time writes "Command exited with non-zero status N" first when the command fails (doctor exits 1 on findings)
  awk 'NF == 4 && $1 ~ /^[0-9.]+$/ {printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}' "$tmp/time" >> "$tmp/$name"
}
col() { cut -d' ' -f"$1" "$tmp/$2"; }

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$runs"); do timed version ./pitcrew --version; timed help ./pitcrew --help; done

rows=(); phase_rows=()
for n in $sizes; do
  dir="$tmp/lab-$n"
  "$java" -jar target/pitcrew-lab.jar lab up --dir "$dir" --workspaces "$n" > "$tmp/lab-$n.log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 1 3000); do [ -f "$dir/lab.json" ] && break; sleep 0.2; done
  [ -f "$dir/lab.json" ] || { echo "lab did not start; its log:" >&2; cat "$tmp/lab-$n.log" >&2; exit 1; }
  # a store of its own, as on a responder's machine (doctor reads it for its reminders of open incidents), so the
  # figures do not depend on whether this machine's ~/.pitcrew/pitcrew.db exists
  [ -f "$tmp/pitcrew.db" ] || ./pitcrew incident list --db "$tmp/pitcrew.db" > /dev/null
  doctor=(./pitcrew doctor -o json --config "$dir/pitcrew.yaml" --kubeconfig "$dir/kubeconfig" --db "$tmp/pitcrew.db")
  "${doctor[@]}" > /dev/null 2>&1 || true   # one untimed run: the lab's first answers
  for _ in $(seq 1 "$runs"); do
    PITCREW_STATS=true timed "doctor-$n" "${doctor[@]}"
    # phase ends since the launcher started: main config sweep print exit
    sed -n 's/^phases: main=\([0-9]*\) config=\([0-9]*\) sweep=\([0-9]*\) print=\([0-9]*\) exit=\([0-9]*\).*/\1 \2 \3 \4 \5/p' "$tmp/err" >> "$tmp/phases-$n"
  done
  findings=$(grep -c '"incidentType"' "$tmp/out" || true)
  sweep=$(grep -o '"tookMillis" *: *[0-9]*' "$tmp/out" | grep -o '[0-9]*$' | max || true)
  k=$kruns; [ "$n" -ge 10000 ] && k=1
  for _ in $(seq 1 "$k"); do timed "kubectl-$n" bench/runbook-kubectl.sh "$dir/kubeconfig"; done

  # serve on the same lab: time to ready, then doctor's warm path
  port=$(free_port)
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/token"
  t0=$(now_ms)
  ./pitcrew serve --config "$dir/pitcrew.yaml" --kubeconfig "$dir/kubeconfig" --token-file "$tmp/token" \
    --db "$tmp/serve-$n.db" --port "$port" > "$tmp/serve-$n.log" 2>&1 &
  serve_pid=$!
  ready=""
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)" = 200 ]; then ready=$(( $(now_ms) - t0 )); break; fi
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "serve did not become ready; its log:" >&2; cat "$tmp/serve-$n.log" >&2; exit 1; }
  serve_rss=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$serve_pid/status")
  warm=(./pitcrew doctor -o json --server "http://127.0.0.1:$port" --server-only --token-file "$tmp/token" --config "$dir/pitcrew.yaml")
  for _ in $(seq 1 30); do "${warm[@]}" >/dev/null 2>&1 && break; sleep 0.5; done   # until the first evaluation
  for _ in $(seq 1 "$runs"); do timed "warm-$n" "${warm[@]}"; done
  stop "$serve_pid"; serve_pid=""
  stop "$lab_pid"; lab_pid=""

  dwall=$(col 1 "doctor-$n" | median); kwall=$(col 1 "kubectl-$n" | median)
  rows+=("| $n | $(ms "$dwall") | $(ms "$(col 2 "doctor-$n" | median)") | $(mb "$(col 3 "doctor-$n" | max)") | $(ms "${sweep:-0}") | $findings | $(ms "$kwall") ($k) | $(mb "$(col 3 "kubectl-$n" | max)") | $(awk -v k="$kwall" -v d="$dwall" 'BEGIN {printf "%.1fx", k / d}') | $(ms "$(col 1 "warm-$n" | median)") | $(ms "$ready") | $(mb "$serve_rss") |")
  p() { col "$1" "phases-$n" | median; }
  if [ -s "$tmp/phases-$n" ]; then
    phase_rows+=("| $n | $(p 1) ms | $(( $(p 2) - $(p 1) )) ms | $(( $(p 3) - $(p 2) )) ms | $(( $(p 4) - $(p 3) )) ms | $(( $(p 5) - $(p 4) )) ms | $(p 5) ms |")
  fi
  echo "size $n: doctor $(col 1 "doctor-$n" | paste -sd' ') ms; kubectl $(col 1 "kubectl-$n" | paste -sd' ') ms; warm $(col 1 "warm-$n" | paste -sd' ') ms; serve ready $ready ms" >&2
done

{
  echo "<!-- doctor-sweep -->"
  echo "## doctor vs. the runbook's kubectl commands, side by side"
  echo
  echo "Written by \`bench/doctor-sweep.sh $runs\` on $(date -u +%Y-%m-%dT%H:%MZ). Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end;"
  echo "$(./pitcrew --version | tail -1); $(kubectl version --client 2>/dev/null | head -1)."
  echo
  echo "Each size is one lab (\`pitcrew lab up --workspaces N\`: N workspace pods in each of the three regions, plus the"
  echo "platform's own pods), measured in turn by: \`./pitcrew doctor -o json\` ($runs runs, median wall and CPU, the"
  echo "launcher's defaults and start-up archive, JVM start included; peak RSS the largest of the runs; with a store of"
  echo "its own, as a responder has, which it reads for its reminders); the runbook's 46"
  echo "Diagnosis kubectl commands one after another (\`bench/runbook-kubectl.sh\`, runs in brackets; its peak RSS is the"
  echo "largest single kubectl's); then \`./pitcrew serve\` on the same lab (ready: from starting the launcher to \`/readyz\`"
  echo "answering 200; its peak RSS at ready) and \`doctor --server\` asking it ($runs runs, median). Wall, CPU"
  echo "(user + system) and peak RSS from GNU time. \"sweep\" is the report's own \`tookMillis\` (clients made, every region"
  echo "read, checks and diagnosis): the rest of doctor's wall is JVM start, reading the configuration, printing and exit."
  echo
  echo "| pods per region | doctor wall | doctor CPU | doctor peak RSS | sweep | findings | kubectl x 46 wall | kubectl peak RSS | speed-up | doctor --server | serve ready | serve RSS at ready |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Where doctor's time goes (\`PITCREW_STATS=true\`: each phase's end, counted from the launcher's start since it"
  echo "execs java in its own process; medians of the same runs): **start** is the launcher and JVM start to \`main\`;"
  echo "**config** picocli, pitcrew.yaml, the runbook YAML and the kubeconfig; **sweep** the clients made, every region"
  echo "read, checks and diagnosis; **print** the report; **exit** closing the clients and the JVM's exit."
  echo
  echo "| pods per region | start | config | sweep | print | exit | total |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${phase_rows[@]}"
  echo
  echo "| command | wall (median of $runs) | CPU | peak RSS |"
  echo "|---|---|---|---|"
  echo "| \`pitcrew --version\` | $(ms "$(col 1 version | median)") | $(ms "$(col 2 version | median)") | $(mb "$(col 3 version | max)") |"
  echo "| \`pitcrew --help\` | $(ms "$(col 1 help | median)") | $(ms "$(col 2 help | median)") | $(mb "$(col 3 help | max)") |"
  echo
  cat bench/notes.md
  echo "<!-- /doctor-sweep -->"
} > "$tmp/section.md"
cat "$tmp/section.md"
record_section "<!-- doctor-sweep -->" "<!-- /doctor-sweep -->" "$tmp/section.md"
