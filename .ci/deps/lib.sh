# Sourced by the scripts beside it. Each script makes one server the tests talk to present (and running): it installs
# Debian packages as root, or with sudo when that needs no password; otherwise it says what is missing and the line that
# installs it, and fails with 3, so ./run-tests can name everything missing at once before any test runs.

# apt_install WHY PACKAGE...: installs PACKAGEs; WHY says which tests need them.
apt_install() {
  local why="$1"; shift
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "missing: $* ($why). Install with: sudo apt-get install -y $*" >&2
      return 3
    fi
  fi
  echo "deps: installing $* ($why)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null \
    || { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null; }
}
