#!/usr/bin/env bash
# Runs chord-sim over many seeds of every fault mix (the CI suite runs the mixes that hold).
# Usage: tests/sim/soak.sh [SEEDS_PER_MIX] [BUILD_DIR]   e.g. tests/sim/soak.sh 5000
# Prints runs/s and, for every failing seed, the one command that replays it.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-1000}"
SIM="${2:-$ROOT/build}/nodecore/sim/chord-sim"
status=0
for mix in quiet pause owner-pause crash restart churn net lossy all; do
  "$SIM" --seeds "1-$N" --mix "$mix" --max-traces 1 || status=1
done
exit $status
