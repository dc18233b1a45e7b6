#!/usr/bin/env bash
# The browser tests (io.pitcrew.server.browser) drive Debian's headless Chromium through its chromedriver, so
# Selenium never downloads a browser or a driver of its own.
set -euo pipefail
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "deps: installing chromium and chromium-driver for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium chromium-driver || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
fi
