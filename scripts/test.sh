#!/usr/bin/env bash
# The README's "test" command: set everything up, build, and run the whole suite (CTest:
# unit, protocol, integration with real chord-node processes, GUI offscreen).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
status=0
ctest --preset default --output-on-failure -j2 "$@" || status=$?
exit $status
