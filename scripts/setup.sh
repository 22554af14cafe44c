#!/usr/bin/env bash
# Installs what ChordLab needs on Debian 12 and builds it. Safe to run again: packages already
# present are skipped, and the build is incremental.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# clang's sanitizer and libFuzzer runtimes (libclang-rt-14-dev) are only a Recommends of clang:
# name them, since recommends are not installed. `file` is what CPack's Debian generator needs
# to compute package dependencies (a minimal Debian lacks it).
PACKAGES=(
  build-essential cmake ninja-build clang libclang-rt-14-dev clang-format pkg-config git curl
  ca-certificates python3 fonts-dejavu-core desktop-file-utils file
  qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-svg-dev qt6-charts-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qcoro-qt6-dev libgl-dev
  xvfb xauth imagemagick nginx-light wrk iproute2 iputils-ping nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs from another source (e.g. NodeSource) already brings npm.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "== installing: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -f package.json ]]; then
  if [[ ! -d node_modules ]] || [[ package.json -nt node_modules ]]; then
    echo "== npm install"
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
fi

echo "== building"
cmake --preset default >/dev/null
cmake --build --preset default
