#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages:
# - a Java runtime for the W3C HTML checker (vnu);
# - Chromium from the system's packages, driven by Playwright (Playwright's own browser download,
#   `playwright install`, is never used), and Noto CJK fonts so pages and screenshots show Chinese;
# - from the npm registry, pinned in tests/tools/package-lock.json: the HTML checker (vnu-jar) and
#   the accessibility checker (axe-core).
# Idempotent: does nothing when everything is already there. Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need_command() { # need_command COMMAND PACKAGE...
  local name=$1
  shift
  command -v "$name" >/dev/null 2>&1 || missing+=("$@")
}
need_package() { # need_package PACKAGE: a package that installs no command (fonts)
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1")
}

need_command java default-jre-headless
need_command npm nodejs npm
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
need_package fonts-noto-cjk

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

tools=tests/tools/node_modules
stamp=$tools/.installed
if [ ! -f "$stamp" ] || [ tests/tools/package-lock.json -nt "$stamp" ] ||
  [ ! -f "$tools/vnu-jar/build/dist/vnu.jar" ] || [ ! -f "$tools/axe-core/axe.min.js" ]; then
  # --ignore-scripts: vnu-jar's own install step would download a Java runtime; we use the
  # system's.
  npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
