#!/usr/bin/env bash
# The browser tests (io.pitcrew.server.browser) drive Debian's headless Chromium through its chromedriver, so
# Selenium never downloads a browser or a driver of its own.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install "the browser tests" chromium chromium-driver
fi
