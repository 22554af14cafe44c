#!/usr/bin/env bash
# ChordLab performance benchmark (issue 6): prints every target row next to nginx measured in
# the same run. Usage: tests/bench/perf.sh [--short] [--build DIR] [--reps N] [--seconds S]
#                                           [--only http,lookup,hops,join,memory,startup,scale]
# Needs wrk and nginx-light (apt-get install wrk nginx-light) and a build of chord-node and
# chordctl (default build/, or BUILD=DIR / --build DIR). Stops exactly what it started.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$HERE/perf.py" "$@"
