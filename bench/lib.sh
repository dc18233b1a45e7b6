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

# record_section BEGIN END SECTION_FILE: replaces the lines from BEGIN to END in docs/benchmarks.md with the file
# (which carries both markers), or appends it; every other section stays as it was.
record_section() {
  local begin="$1" end="$2" section="$3" out=docs/benchmarks.md tmp
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
