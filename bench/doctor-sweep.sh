#!/usr/bin/env bash
# Benchmark: one `pitcrew doctor` sweep over the lab, as a user runs it (JVM start included), at
# 3 x 1,000 and 3 x 10,000 workspace pods, next to the runbook's 46 kubectl commands against the same lab.
# Writes docs/benchmarks.md. Usage: bench/doctor-sweep.sh [RUNS]   (default 5 doctor runs per size)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out=docs/benchmarks.md
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

./pitcrew --version >/dev/null   # build once, outside the measurement
now_ms() { date +%s%3N; }

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bench/doctor-sweep.sh\` on $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)."
  echo "$(./pitcrew --version | paste -sd ";" - | sed "s/;/; /"). kubectl: $(kubectl version --client 2>/dev/null | head -1)."
  echo
  echo "## doctor sweep vs. the runbook's kubectl commands"
  echo
  echo "One \`pitcrew doctor -o json\` over the three-region lab (\`pitcrew lab up --workspaces N\`), wall time of the"
  echo "whole process including JVM start, median of $runs runs (first run excluded)."
  echo "CPU is user+system of the doctor JVM; heap is the sum of the heap pools' peaks (an upper bound)."
  echo "Baseline: the runbook's 46 Diagnosis kubectl commands (\`bench/runbook-kubectl.sh\`) one after another."
  echo
  echo "| pods per region | doctor wall (median) | doctor CPU | peak heap | findings | kubectl x 46 wall | speed-up |"
  echo "|---|---|---|---|---|---|---|"
} > "$tmp/report.md"

for n in 1000 10000; do
  dir="$tmp/lab-$n"
  ./pitcrew lab up --dir "$dir" --workspaces "$n" > "$tmp/lab-$n.log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 1 600); do [ -f "$dir/lab.json" ] && break; sleep 0.2; done
  [ -f "$dir/lab.json" ] || { echo "lab did not start; see $tmp/lab-$n.log" >&2; cat "$tmp/lab-$n.log" >&2; exit 1; }
  walls=(); cpu=""; heap=""; findings=""
  PITCREW_STATS=true ./pitcrew doctor --kubeconfig "$dir/kubeconfig" --config "$dir/pitcrew.yaml" -o json >/dev/null 2>&1 || true
  for i in $(seq 1 "$runs"); do
    t0=$(now_ms)
    PITCREW_STATS=true ./pitcrew doctor --kubeconfig "$dir/kubeconfig" --config "$dir/pitcrew.yaml" -o json > "$tmp/out.json" 2> "$tmp/err.txt" || true
    t1=$(now_ms)
    walls+=($((t1 - t0)))
    cpu=$(sed -n 's/.*cpu=\([0-9]*\)ms.*/\1/p' "$tmp/err.txt")
    heap=$(sed -n 's/.*heapPeak=\([0-9]*\)MB.*/\1/p' "$tmp/err.txt")
  done
  findings=$(grep -c '"incidentType"' "$tmp/out.json" || true)
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  t0=$(now_ms); bench/runbook-kubectl.sh "$dir/kubeconfig"; t1=$(now_ms)
  kwall=$((t1 - t0))
  speedup=$(awk -v k="$kwall" -v d="$median" 'BEGIN {printf "%.1fx", k / d}')
  printf '| %s | %.2f s | %.2f s | %s MB | %s | %.2f s | %s |\n' "$n" "$(echo "$median/1000" | bc -l)" \
    "$(echo "${cpu:-0}/1000" | bc -l)" "${heap:-?}" "$findings" "$(echo "$kwall/1000" | bc -l)" "$speedup" >> "$tmp/report.md"
  echo "size $n: doctor runs ${walls[*]} ms; kubectl $kwall ms" >&2
  kill "$lab_pid"; wait "$lab_pid" 2>/dev/null || true
done
cat bench/notes.md >> "$tmp/report.md"
# keep the sections the other benchmarks write (bench/time-to-detect.sh, serve-memory.sh, sse-fanout.sh, startup.sh)
awk '/^<!-- [a-z][a-z:-]* -->$/ {keep = 1; print ""} keep {print} /^<!-- \/[a-z][a-z:-]* -->$/ {keep = 0}' "$out" >> "$tmp/report.md"
cp "$tmp/report.md" "$out"
echo "wrote $out" >&2
