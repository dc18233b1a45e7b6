#!/usr/bin/env bash
# Maven's toolchain discovery needs a JDK 21+ under /usr/lib/jvm (the machine's default java may be 17).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for d in /usr/lib/jvm/*/; do
  [ -x "$d/bin/javac" ] || continue
  v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 21 ] && exit 0
done
# Debian 13 and Ubuntu 24.04 package one; Debian 12 does not (there, install Temurin 21+ from adoptium.net).
[ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 || true
for pkg in openjdk-21-jdk-headless openjdk-25-jdk-headless; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then
    apt_install "the build needs a JDK 21 or newer" "$pkg"
    exit $?
  fi
done
echo "missing: a JDK 21 or newer under /usr/lib/jvm (the build). This system's packages have none: install Temurin 21+" \
     "(https://adoptium.net/installation/linux/) or another JDK 21+ under /usr/lib/jvm" >&2
exit 3
