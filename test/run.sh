#!/usr/bin/env bash
# The whole test suite from a fresh clone (README: `npm test`). Installs what the tests need —
# npm packages, and from Debian: MariaDB, PHP CLI, nginx — builds, then runs every test file with
# node's test runner against a MariaDB server started for this run.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/tsc ] || npm install --no-audit --no-fund

need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v php >/dev/null 2>&1 || need+=(php-cli)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v script >/dev/null 2>&1 || need+=(bsdutils)
if ((${#need[@]})); then
  echo "test/run.sh: installing ${need[*]} from Debian" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin:/sbin"

npm run build --silent
exec node --import tsx test/run-tests.ts "$@"
