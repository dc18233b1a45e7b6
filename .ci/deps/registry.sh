#!/usr/bin/env bash
# Installs what the registry client's tests run against: a real OCI registry (Debian's docker-registry,
# CNCF distribution 2.8) and htpasswd (apache2-utils) for the bcrypt password file of its basic-auth mode.
set -euo pipefail
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}"
fi
