#!/usr/bin/env bash
# The registry client's and the mirror's tests run against a real OCI registry (Debian's docker-registry, CNCF
# distribution 2.8) and htpasswd (apache2-utils) for the bcrypt password file of its basic-auth mode. Each test
# starts its own registry on a free port, so nothing is started here.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "the registry and mirror tests" "${missing[@]}"
fi
