# Shared by the bench scripts: source it after `cd` to the repository root.

# A Java 21+ to run the single-file drivers (bench/*.java) with target/pitcrew-lab.jar (which names pitcrew.jar) on the class path.
find_java21() {
  local j v
  for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then echo "$j"; return 0; fi
  done
  echo "no Java 21+ found" >&2
  return 2
}

# record_section BEGIN END SECTION_FILE [DOC]: replaces the lines from BEGIN to END in DOC (docs/benchmarks.md unless
# given) with the file (which carries both markers), or appends it; every other section stays as it was.
record_section() {
  local begin="$1" end="$2" section="$3" out="${4:-docs/benchmarks.md}" tmp
  tmp=$(mktemp)
  if grep -qF "$begin" "$out"; then
    awk -v b="$begin" -v e="$end" -v f="$section" '
      $0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
      $0 == e { skip = 0; next }
      !skip { print }' "$out" > "$tmp"
  else
    { cat "$out"; echo; cat "$section"; } > "$tmp"
  fi
  cp "$tmp" "$out"
  rm -f "$tmp"
  echo "wrote $out" >&2
}

# For the scripts that run serve and a lab as their own children: lab_pid, serve_pid and tmp are the script's.
# cleanup: stops them (the launcher execs java, so each pid is the JVM) and removes tmp; `trap cleanup EXIT`.
cleanup() {
  for pid in ${serve_pid:-} ${lab_pid:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "${tmp:?}"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_lab DIR: `pitcrew lab up` in the background (lab_pid), waiting until its lab.json says how to drive it.
start_lab() {
  ./pitcrew lab up --dir "$1" > "$tmp/lab.log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 1 600); do [ -f "$1/lab.json" ] && return 0; sleep 0.2; done
  echo "lab did not start:" >&2; cat "$tmp/lab.log" >&2; exit 1
}

# wait_ready PORT: waits until serve (serve_pid, its log in $tmp/serve.log) answers /readyz with 200.
wait_ready() {
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true)" = 200 ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || { echo "serve stopped:" >&2; cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "serve was not ready in 2 minutes:" >&2; tail -50 "$tmp/serve.log" >&2; exit 1
}

# lab_and_serve STREAMS [SERVE_OPTION]...: ready for a run of STREAMS event streams — the open-file limit raised (a
# socket per stream on both sides, in this shell's children), the jars built outside the measurement, a lab in
# $tmp/lab (dir), and serve against it (serve_pid) on a free port (port) with a new token ($tmp/token), ready; java is
# a Java 21+ for the drivers.
lab_and_serve() {
  local streams="$1"; shift
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((streams + 500)) ] || { echo "open-file limit $(ulimit -n) is too low for $streams streams" >&2; exit 2; }
  ./pitcrew --version >/dev/null
  java=$(find_java21) || exit 2
  dir="$tmp/lab"
  start_lab "$dir"
  port=$(free_port)
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/token"
  ./pitcrew serve --config "$dir/pitcrew.yaml" --kubeconfig "$dir/kubeconfig" --token-file "$tmp/token" --db "$tmp/pitcrew.db" \
    --port "$port" "$@" > "$tmp/serve.log" 2>&1 &
  serve_pid=$!
  wait_ready "$port"
}
