#!/usr/bin/env bash
# The runbook's kubectl commands run against the lab (io.pitcrew.lab.RunbookKubectlTest): a real kubectl at
# /usr/bin/kubectl (the machine's own, else Debian's kubernetes-client) and jq for the runbook's pipes.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
missing=()
[ -x /usr/bin/kubectl ] || missing+=(kubernetes-client)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "the runbook's kubectl commands against the lab" "${missing[@]}"
fi
