#!/usr/bin/env bash
# The image test (ImageIT) runs the image the build makes with Debian's podman, on runc (Debian 12's crun cannot run
# where cgroups are in hybrid mode). Its storage is the test's own, so nothing is started here.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "the container image test" "${missing[@]}"
fi
