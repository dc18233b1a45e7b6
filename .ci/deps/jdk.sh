#!/usr/bin/env bash
# Maven's toolchain discovery needs a JDK 21+ under /usr/lib/jvm (the machine's default java is 17).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for d in /usr/lib/jvm/*/; do
  [ -x "$d/bin/javac" ] || continue
  v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 21 ] && exit 0
done
# Debian 12 has no openjdk-21; newer releases and backports do, under one of these names.
apt_install "the build needs a JDK 21 or newer" openjdk-21-jdk-headless \
  || { [ "$(id -u)" = 0 ] && apt_install "the build needs a JDK 21 or newer" openjdk-25-jdk-headless; }
