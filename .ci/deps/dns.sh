#!/usr/bin/env bash
# The DNS tests (io.pitcrew.observe.dns) run against a real dnsmasq; dnsmasq-base ships the binary without the
# system service, so nothing starts listening on port 53 by installing it.
set -euo pipefail
if [ ! -x /usr/sbin/dnsmasq ]; then
  echo "deps: installing dnsmasq-base for the DNS tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq dnsmasq-base || { apt-get update -qq && apt-get install -y -qq dnsmasq-base; }
fi
