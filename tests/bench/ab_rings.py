#!/usr/bin/env python3
"""Two builds side by side: a 16-node ring (r = 3, 2000 keys) of each, booted at once, and
wrk (-t1 -c32, perf/get_keys.lua and perf/put_keys.lua) on each ring in turn, the order
alternating every round. Prints, per build, routed GET and PUT throughput and the ring's CPU
per request (utime + stime of its 16 processes over the run / wrk's requests per second times
the run's length), and the ratios B/A. CPU per request moves less than throughput on a shared machine.

Usage: tests/bench/ab_rings.py A_BUILD_DIR B_BUILD_DIR [--reps N] [--seconds S]
Each build dir needs nodecore/app/chord-node and chordctl. Stops exactly the rings it
booted (chordctl kill on its own state files); loopback only.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # importing perf leaves no __pycache__ in the source tree
import perf  # noqa: E402  (the benchmark's own helpers: wrk, cpu_ticks, ring_ports)


def ctl(build):
    return os.path.join(build, "nodecore/app/chordctl")


def boot(build, state, logs):
    env = dict(os.environ, CHORD_NODE_BIN=os.path.join(build, "nodecore/app/chord-node"))
    subprocess.run([ctl(build), "--state", state, "boot", "--nodes", "16", "--base-port", "0",
                    "--replicas", "3", "--stabilize-ms", "500", "--logs", logs],
                   env=env, capture_output=True, timeout=300)
    for _ in range(300):
        if subprocess.run([ctl(build), "--state", state, "check"],
                          capture_output=True).returncode == 0:
            return perf.ring_ports(state)
        time.sleep(0.2)
    raise RuntimeError(f"{state}: the ring never passed chordctl check")


def cpu_seconds(pids):
    return sum(perf.cpu_ticks(pid) for pid in pids) / perf.CLK_TCK


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--seconds", type=int, default=4)
    o = ap.parse_args()
    builds = {"A": os.path.abspath(o.a), "B": os.path.abspath(o.b)}
    work = tempfile.mkdtemp(prefix="chordlab-ab-")
    states, rings = {}, {}
    try:
        for tag, build in builds.items():
            # Known before it is booted: stopped in the end whatever boot got to.
            states[tag] = os.path.join(work, f"{tag}.json")
            rings[tag] = boot(build, states[tag], os.path.join(work, "logs-" + tag))
        keys = [f"bench-{i:05d}" for i in range(2000)]
        keyfile = os.path.join(work, "keys.txt")
        with open(keyfile, "w") as f:
            f.write("\n".join(keys) + "\n")
        for tag in builds:
            for k in keys:
                port = random.choice(rings[tag][0])
                req = urllib.request.Request(f"http://127.0.0.1:{port}/db/{k}",
                                             data=b"v" * 100, method="PUT")
                urllib.request.urlopen(req, timeout=10).read()
        rate = {(t, r): [] for t in builds for r in ("GET", "PUT")}
        cost = {(t, r): [] for t in builds for r in ("GET", "PUT")}
        for rep in range(o.reps):
            for tag in (["A", "B"] if rep % 2 == 0 else ["B", "A"]):
                ports, pids = rings[tag]
                for row, script, args in (("GET", "get_keys.lua", [keyfile]),
                                          ("PUT", "put_keys.lua", [])):
                    before = cpu_seconds(pids)
                    per_s, _, _ = perf.wrk(random.choice(ports), "/", o.seconds, script=script,
                                           args=args)
                    cost[(tag, row)].append((cpu_seconds(pids) - before) /
                                            (per_s * o.seconds) * 1e6)
                    rate[(tag, row)].append(per_s)
        print(f"A = {o.a}\nB = {o.b}\n{o.reps} rounds of {o.seconds} s per row and build")
        for row in ("GET", "PUT"):
            ra, rb = statistics.median(rate[("A", row)]), statistics.median(rate[("B", row)])
            ca, cb = statistics.median(cost[("A", row)]), statistics.median(cost[("B", row)])
            print(f"{row} routed: A {ra:.0f} req/s, {ca:.0f} us CPU/request; "
                  f"B {rb:.0f} req/s, {cb:.0f} us CPU/request; "
                  f"B/A throughput {rb / ra:.3f}, CPU/request {cb / ca:.3f}")
    finally:
        for tag, state in states.items():
            subprocess.run([ctl(builds[tag]), "--state", state, "kill"], capture_output=True)


if __name__ == "__main__":
    main()
