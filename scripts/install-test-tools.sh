#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages: a Java runtime for the W3C HTML
# checker (vnu), and the checker itself from the npm registry (pinned in tests/tools).
# Idempotent: does nothing when everything is already there. Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing $* with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v java >/dev/null 2>&1 || apt_install default-jre-headless
command -v npm >/dev/null 2>&1 || apt_install nodejs npm

jar=tests/tools/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ] || [ tests/tools/package-lock.json -nt "$jar" ]; then
  # --ignore-scripts: the package's own install step would download a Java runtime; we use the
  # system's.
  npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$jar"
fi
