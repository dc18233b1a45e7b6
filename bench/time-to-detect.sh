#!/usr/bin/env bash
# Benchmark: `pitcrew serve`'s time to detect — from a lab scenario starting to write its fault into the lab's API
# servers to the `new` finding on serve's SSE stream — over many injections (each followed by `lab reset` and a wait
# until every finding is resolved). Writes its section of docs/benchmarks.md (between the serve markers).
# Usage: bench/time-to-detect.sh [INJECTIONS]   (default 130: ten rounds of the 13 scenarios below)
set -euo pipefail
cd "$(dirname "$0")/.."
injections="${1:-130}"
out=docs/benchmarks.md
begin='<!-- serve:time-to-detect -->'
end='<!-- /serve:time-to-detect -->'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

./pitcrew --version >/dev/null   # builds target/pitcrew.jar when the sources are newer
java=""
for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
  if [ "${v:-0}" -ge 21 ] 2>/dev/null; then java="$j"; break; fi
done
[ -n "$java" ] || { echo "no Java 21+ found" >&2; exit 2; }

# Scenarios whose fault is written as Kubernetes objects (the watch path), plus region-down (the liveness path).
scenarios=(storage-exhaustion node-pressure node-capacity too-many-workspaces karpenter-stuck image-mismatch lb-pending
  pull-auth-expired image-missing registry-rate-limited provisioner-oom iam-role-missing region-down)
"$java" -cp target/pitcrew.jar bench/TimeToDetect.java "$injections" "${scenarios[@]}" 2>"$tmp/err.txt" | tee "$tmp/result.txt"
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
  echo "event read from \`/api/stream\`, all in one JVM on loopback (lab with 24 workspaces per region, serve with its"
  echo "defaults — debounce 200 ms, liveness 2 s, poll 10 s, probes 15 s — and a 300 ms resolve grace so that each"
  echo "\`lab reset\` resolves quickly); the next injection starts once every finding is resolved."
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

# replace the previous section, or append one
if grep -qF "$begin" "$out"; then
  awk -v b="$begin" -v e="$end" -v f="$tmp/section.md" '
    $0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
    $0 == e { skip = 0; next }
    !skip { print }' "$out" > "$tmp/out.md"
else
  { cat "$out"; echo; cat "$tmp/section.md"; } > "$tmp/out.md"
fi
cp "$tmp/out.md" "$out"
echo "wrote $out" >&2
