#!/usr/bin/env bash
# Real-process rings at scale (issue 12, docs/EXPERIMENTS.md "Scale"): for each ring size,
# chordctl boots the ring on loopback and the script prints how long the boot took, how long
# until `chordctl check` passed (pointers, successor lists and every finger), the CPU the idle
# ring burns (all its processes together, in cores, over IDLE seconds), its memory (the sum of
# the processes' resident sets and of their proportional sets, which count shared libraries
# once), and LOOKUPS lookups and PUT/GET pairs sent to random nodes (hops, and the median and
# 99th percentile of the client's wall time). Only the processes chordctl started are stopped
# (its state file's pids).
#   SIZES="256 512 1024" STABILIZE_MS=500 tests/bench/scale_real.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=${BUILD:-$ROOT/build}
CTL=$BUILD/nodecore/app/chordctl
export CHORD_NODE_BIN=$BUILD/nodecore/app/chord-node
LOOKUPS=${LOOKUPS:-1000}
IDLE=${IDLE:-20}
READY_S=${READY_S:-900}
STABILIZE_MS=${STABILIZE_MS:-500}
WORK=$(mktemp -d)
trap '$CTL --state $WORK/ring.json kill >/dev/null 2>&1 || true; rm -rf $WORK' EXIT
for N in ${SIZES:-256 512 1024}; do
  t0=$(date +%s.%N)
  if ! $CTL --state "$WORK/ring.json" boot --nodes "$N" --base-port 0 --stabilize-ms "$STABILIZE_MS" \
      --logs "$WORK/logs" >"$WORK/boot.txt" 2>&1; then
    echo "N=$N: boot failed:" >&2
    tail -5 "$WORK/boot.txt" >&2
    $CTL --state "$WORK/ring.json" kill >/dev/null 2>&1 || true
    continue
  fi
  t1=$(date +%s.%N)
  ok=0
  for _ in $(seq 1 "$READY_S"); do
    if $CTL --state "$WORK/ring.json" check >"$WORK/check.txt" 2>&1; then ok=1; break; fi
    sleep 1
  done
  t2=$(date +%s.%N)
  if [[ $ok != 1 ]]; then
    echo "N=$N: the ring did not pass chordctl check in $READY_S s; last problems:" >&2
    tail -5 "$WORK/check.txt" >&2
  fi
  python3 - "$N" "$t0" "$t1" "$t2" "$ok" "$IDLE" "$LOOKUPS" "$WORK/ring.json" <<'PY'
import json, os, random, statistics, sys, time, urllib.request
N, t0, t1, t2, ok, idle, lookups, state = sys.argv[1:9]
N, idle, lookups = int(N), int(idle), int(lookups)
nodes = json.load(open(state))["nodes"]
pids = [n["pid"] for n in nodes if n.get("pid")]
ports = [n["port"] for n in nodes]
tick = os.sysconf("SC_CLK_TCK")
def cpu_ticks():
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total
def memory_kib(name):
    total = 0
    for pid in pids:
        path = f"/proc/{pid}/smaps_rollup" if name == "Pss" else f"/proc/{pid}/status"
        try:
            for line in open(path):
                if line.startswith(name + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total
c0, w0 = cpu_ticks(), time.time()
time.sleep(idle)
cores = (cpu_ticks() - c0) / tick / (time.time() - w0)
rss, pss = memory_kib("VmRSS"), memory_kib("Pss")
rnd = random.Random(1)
def call(port, path, method="GET", body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method)
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        data = r.read()
    return time.perf_counter() - start, data
hops, lookup_ms, put_ms, get_ms, wrong = [], [], [], [], 0
for i in range(lookups):
    secs, data = call(rnd.choice(ports), f"/dht/lookup?id={rnd.getrandbits(64)}")
    hops.append(json.loads(data)["hopCount"])
    lookup_ms.append(secs * 1000)
for i in range(lookups):
    key, value = f"scale-{i}", f"v{i}".encode()
    secs, _ = call(rnd.choice(ports), f"/db/{key}", "PUT", value)
    put_ms.append(secs * 1000)
    secs, data = call(rnd.choice(ports), f"/db/{key}")
    get_ms.append(secs * 1000)
    wrong += data != value
def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]
print(f"N={N}: boot {float(t1) - float(t0):.0f} s, check {'passed' if ok == '1' else 'FAILED'} "
      f"{float(t2) - float(t1):.0f} s after it; idle {cores:.2f} cores over {idle} s; "
      f"memory RSS {rss / 1024:.0f} MiB ({rss / 1024 / N:.1f} per node), PSS {pss / 1024:.0f} MiB "
      f"({pss / 1024 / N:.1f} per node)")
print(f"       {lookups} lookups: hops mean {statistics.mean(hops):.2f} p99 {q(hops, 99)}, "
      f"ms median {q(lookup_ms, 50):.1f} p99 {q(lookup_ms, 99):.1f}; PUT ms median "
      f"{q(put_ms, 50):.1f} p99 {q(put_ms, 99):.1f}; GET ms median {q(get_ms, 50):.1f} p99 "
      f"{q(get_ms, 99):.1f}; {wrong} GETs wrong", flush=True)
PY
  $CTL --state "$WORK/ring.json" kill >/dev/null
done
