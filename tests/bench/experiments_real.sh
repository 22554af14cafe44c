#!/usr/bin/env bash
# The paper's figure 10 on real chord-node processes (issue 12, docs/EXPERIMENTS.md): for each
# ring size, chordctl boots the ring on loopback (ids placed by the joins, as without --id),
# waits until `chordctl check` passes (pointers, successor lists and every finger), sends
# LOOKUPS lookups of random ids to random nodes (GET /dht/lookup) and prints the mean, 1st and
# 99th percentile of their hop counts next to chord-experiments' widest-arc figures for the
# same N; then the same lookups are routed on the model of that very ring (chord-experiments
# --replay), which must give each one the same hops and owner. Only the processes chordctl
# started are stopped (its state file's pids).
#   SIZES="8 16 32 64 128 256" LOOKUPS=2000 tests/bench/experiments_real.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=${BUILD:-$ROOT/build}
CTL=$BUILD/nodecore/app/chordctl
EXP=$BUILD/nodecore/experiments/chord-experiments
export CHORD_NODE_BIN=$BUILD/nodecore/app/chord-node
LOOKUPS=${LOOKUPS:-2000}
SEED=${SEED:-1}
WORK=$(mktemp -d)
trap '$CTL --state $WORK/ring.json kill >/dev/null 2>&1 || true; rm -rf $WORK' EXIT
printf "%6s %8s %6s %6s %6s %10s   %s\n" N lookups mean p1 p99 "1/2log2N" "model (widest-arc): mean p1 p99"
for N in ${SIZES:-8 16 32 64}; do
  start=$(date +%s)
  $CTL --state "$WORK/ring.json" boot --nodes "$N" --base-port 0 --logs "$WORK/logs" >/dev/null
  ok=0
  for _ in $(seq 1 240); do
    if $CTL --state "$WORK/ring.json" check >/dev/null 2>&1; then ok=1; break; fi
    sleep 1
  done
  if [[ $ok != 1 ]]; then
    echo "N=$N: the ring did not pass chordctl check in 240 s" >&2
    $CTL --state "$WORK/ring.json" check >&2 || true
    $CTL --state "$WORK/ring.json" kill >/dev/null
    continue
  fi
  ports=$(python3 -c "import json;print(' '.join(str(n['port']) for n in json.load(open('$WORK/ring.json'))['nodes']))")
  model=$($EXP --figure 10 --nodes "$N" --lookups "$LOOKUPS" --seed "$SEED" --csv "$WORK/model.csv" >/dev/null 2>&1 &&
    python3 -c "import csv;r=[x for x in csv.reader(l for l in open('$WORK/model.csv') if not l.startswith('#'))];h=r[0];v=r[1];print(' '.join(v[h.index(c)] for c in ('widest_contacted_mean','widest_contacted_p1','widest_contacted_p99')))")
  python3 - "$LOOKUPS" "$SEED" "$model" "$(( $(date +%s) - start ))" "$WORK/replay.txt" $ports <<'PY'
import json, math, random, sys, urllib.request
n_lookups, seed, model, secs, replay = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ports = sys.argv[6:]
rnd = random.Random(seed)
get = lambda p, path: json.load(urllib.request.urlopen(f"http://127.0.0.1:{p}{path}"))
ids = {p: get(p, "/nodeinfo")["id"] for p in ports}
hops = []
with open(replay, "w") as out:
    out.write("bits 64\nsuccessors 4\n")  # chordctl boot's defaults
    for p in ports:
        out.write(f"node {ids[p]}\n")
    for i in range(n_lookups):
        p = rnd.choice(ports)
        key = rnd.getrandbits(64)
        r = get(p, f"/dht/lookup?id={key}")
        hops.append(r["hopCount"])
        out.write(f"lookup {ids[p]} {key} {r['hopCount']} {r['owner']['id']}\n")
hops.sort()
def pct(q):  # nearest rank, as chord-experiments
    return hops[max(1, math.ceil(q / 100 * len(hops))) - 1]
N = len(ports)
print("%6d %8d %6.3f %6d %6d %10.3f   %s   (ring ready in %s s)" % (
    N, len(hops), sum(hops) / len(hops), pct(1), pct(99), 0.5 * math.log2(N), model, secs))
PY
  # The same lookups routed on the model of this very ring: hops and owner must agree.
  echo "       replay on the model: $($EXP --replay "$WORK/replay.txt" | head -4 | tr '\n' ' ')"
  $CTL --state "$WORK/ring.json" kill >/dev/null
done
