#!/usr/bin/env bash
# Boots rings of several sizes with chordctl and prints lookup hop counts vs 1/2 log2 N.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=${BUILD:-$ROOT/build}
CTL=$BUILD/nodecore/app/chordctl
export CHORD_NODE_BIN=$BUILD/nodecore/app/chord-node
LOOKUPS=${LOOKUPS:-400}
WORK=$(mktemp -d)
trap '$CTL --state $WORK/ring.json kill >/dev/null 2>&1 || true; rm -rf $WORK' EXIT
printf "%6s %8s %10s %10s %6s %10s\n" N lookups mean "1/2log2N" max log2N
for N in ${SIZES:-8 16 64}; do
  $CTL --state $WORK/ring.json boot --nodes $N --base-port 0 --logs $WORK/logs >/dev/null
  # Let fix-fingers converge, then check the ring before measuring.
  for i in $(seq 1 60); do $CTL --state $WORK/ring.json check >/dev/null 2>&1 && break; sleep 1; done
  ports=$(python3 -c "import json;print(' '.join(str(n['port']) for n in json.load(open('$WORK/ring.json'))['nodes']))")
  python3 - "$LOOKUPS" $ports <<'PY'
import json, math, random, sys, urllib.request
n_lookups = int(sys.argv[1]); ports = sys.argv[2:]
hops = []
for i in range(n_lookups):
    p = random.choice(ports)
    r = json.load(urllib.request.urlopen(f"http://127.0.0.1:{p}/dht/lookup?id={random.getrandbits(64)}"))
    hops.append(r["hopCount"])
N = len(ports)
print("%6d %8d %10.2f %10.2f %6d %10.2f" % (N, len(hops), sum(hops)/len(hops), 0.5*math.log2(N), max(hops), math.log2(N)))
PY
  $CTL --state $WORK/ring.json kill >/dev/null
done
