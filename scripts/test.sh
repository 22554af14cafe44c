#!/usr/bin/env bash
# The README's "test" command: set everything up, build, and run the whole suite (CTest:
# unit, protocol, integration with real chord-node processes, GUI offscreen, Postman/newman,
# OpenAPI and metrics checks, fault injection, churn soak, fuzzing, packaging, multi-host),
# then the unit, protocol and integration suites again in an address/undefined-behaviour
# sanitizer build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
status=0
echo "== test suite"
ctest --preset default --output-on-failure -j2 "$@" || status=$?

echo "== sanitizer build (address + undefined behaviour): unit, protocol, integration"
cmake --preset asan >/dev/null
cmake --build --preset asan
# tst_ring (two minutes of rings of 8 to 16 nodes) runs in the main suite only, to keep the
# whole command well under 20 minutes; the other integration suites launch the ASan node.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan --output-on-failure -j2 -E '^tst_ring$' || status=$?
exit $status
