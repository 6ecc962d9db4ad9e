#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL, Chromium, Java for vnu, npm for
# axe-core and vnu-jar, gettext for the translations) and the reliability scripts need (wrk, redis-server) if missing.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# msgfmt builds the translations' .mo files (make); xgettext extracts strings (`make messages`).
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# For `make loadtest`, `make faulttest` and `make multinode`.
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
