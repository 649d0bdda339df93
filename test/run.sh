#!/usr/bin/env bash
# The whole test suite from a fresh clone (README: `npm test`). Installs what the tests need —
# npm packages, and from Debian: MariaDB, PHP CLI, php-fpm, php-mysql, nginx — checks formatting (prettier) and
# lint (eslint), builds, then runs every test file with vitest (vitest.config.ts: all files in parallel,
# then the secret-leak test) against one MariaDB started by the
# vitest globalSetup. The last line is `N passed, N failed, N skipped`. Arguments filter test files
# by path substring and skip the format and lint steps.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/vitest ] || npm install --no-audit --no-fund

need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v php >/dev/null 2>&1 || need+=(php-cli)
ls /usr/sbin/php-fpm* >/dev/null 2>&1 || need+=(php-fpm)
php -m 2>/dev/null | grep -qx mysqli || need+=(php-mysql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v script >/dev/null 2>&1 || need+=(bsdutils)
[ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-server openssh-client)
if ((${#need[@]})); then
  echo "test/run.sh: installing ${need[*]} from Debian" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin:/sbin"
# Nothing below leaves loopback, so no certificate authority is needed; and Node parses every certificate of
# NODE_EXTRA_CA_CERTS (where a machine sets one for its proxy) at each start, before any code runs: 40-60 ms
# of CPU for each of the ~150 node processes of the suite.
unset NODE_EXTRA_CA_CERTS

if (($# == 0)); then
  npm run format:check --silent || { echo "test/run.sh: formatting differs (npm run format fixes it)"; echo "0 passed, 1 failed"; exit 1; }
  npm run lint --silent || { echo "test/run.sh: lint failed"; echo "0 passed, 1 failed"; exit 1; }
fi
npm run build --silent
exec node --import tsx test/run-tests.ts "$@"
