#!/usr/bin/env python3
"""Two builds side by side: a 16-node ring (r = 3, 2000 keys) of each, booted at once, and
wrk (-t1 -c32, perf/get_keys.lua and perf/put_keys.lua) on each ring in turn, the order
alternating every round. Prints, per build, routed GET and PUT throughput and the ring's CPU
per request (utime + stime of its 16 processes over the run / requests wrk completed), and
the ratios B/A. CPU per request moves less than throughput on a shared machine.

Usage: tests/bench/ab_rings.py A_BUILD_DIR B_BUILD_DIR [--reps N] [--seconds S]
Each build dir needs nodecore/app/chord-node and chordctl. Stops exactly the rings it
booted (chordctl kill on its own state files); loopback only.
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")


def ctl(build):
    return os.path.join(build, "nodecore/app/chordctl")


def boot(build, work, tag):
    state = os.path.join(work, f"{tag}.json")
    env = dict(os.environ, CHORD_NODE_BIN=os.path.join(build, "nodecore/app/chord-node"))
    subprocess.run([ctl(build), "--state", state, "boot", "--nodes", "16", "--base-port", "0",
                    "--replicas", "3", "--stabilize-ms", "500", "--logs",
                    os.path.join(work, "logs-" + tag)], env=env, capture_output=True, timeout=300)
    for _ in range(300):
        if subprocess.run([ctl(build), "--state", state, "check"],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"ring {tag} never passed chordctl check")
    nodes = json.load(open(state))["nodes"]
    return state, [n["port"] for n in nodes], [n["pid"] for n in nodes]


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def wrk(port, seconds, script, args=()):
    cmd = ["wrk", "-t1", "-c32", f"-d{seconds}s", "-s", os.path.join(HERE, "perf", script),
           f"http://127.0.0.1:{port}/"] + (["--", *args] if args else [])
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    done = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not done or not rate:
        raise RuntimeError("wrk gave no figure:\n" + out)
    return int(done.group(1)), float(rate.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--seconds", type=int, default=4)
    o = ap.parse_args()
    builds = {"A": o.a, "B": o.b}
    work = tempfile.mkdtemp(prefix="chordlab-ab-")
    rings = {}
    try:
        for tag, build in builds.items():
            rings[tag] = boot(build, work, tag)
        keys = [f"bench-{i:05d}" for i in range(2000)]
        keyfile = os.path.join(work, "keys.txt")
        with open(keyfile, "w") as f:
            f.write("\n".join(keys) + "\n")
        for tag in builds:
            for k in keys:
                port = random.choice(rings[tag][1])
                req = urllib.request.Request(f"http://127.0.0.1:{port}/db/{k}",
                                             data=b"v" * 100, method="PUT")
                urllib.request.urlopen(req, timeout=10).read()
        rate = {(t, r): [] for t in builds for r in ("GET", "PUT")}
        cost = {(t, r): [] for t in builds for r in ("GET", "PUT")}
        for rep in range(o.reps):
            for tag in (["A", "B"] if rep % 2 == 0 else ["B", "A"]):
                _, ports, pids = rings[tag]
                for row, script, args in (("GET", "get_keys.lua", [keyfile]),
                                          ("PUT", "put_keys.lua", [])):
                    before = cpu_seconds(pids)
                    done, per_s = wrk(random.choice(ports), o.seconds, script, args)
                    cost[(tag, row)].append((cpu_seconds(pids) - before) / done * 1e6)
                    rate[(tag, row)].append(per_s)
        print(f"A = {o.a}\nB = {o.b}\n{o.reps} rounds of {o.seconds} s per row and build")
        for row in ("GET", "PUT"):
            ra, rb = statistics.median(rate[("A", row)]), statistics.median(rate[("B", row)])
            ca, cb = statistics.median(cost[("A", row)]), statistics.median(cost[("B", row)])
            print(f"{row} routed: A {ra:.0f} req/s, {ca:.0f} us CPU/request; "
                  f"B {rb:.0f} req/s, {cb:.0f} us CPU/request; "
                  f"B/A throughput {rb / ra:.3f}, CPU/request {cb / ca:.3f}")
    finally:
        for tag, ring in rings.items():
            subprocess.run([ctl(builds[tag]), "--state", ring[0], "kill"], capture_output=True)


if __name__ == "__main__":
    main()
