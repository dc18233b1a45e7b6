#!/usr/bin/env bash
# The DNS tests (io.pitcrew.observe.dns) run against a real dnsmasq; dnsmasq-base ships the binary without the
# system service, so nothing starts listening on port 53 by installing it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ ! -x /usr/sbin/dnsmasq ]; then
  apt_install "the DNS tests" dnsmasq-base
fi
