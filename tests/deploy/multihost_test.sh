#!/usr/bin/env bash
# A ring across hosts: one Linux network namespace per virtual host, each joined to a bridge
# (in a namespace of its own) by a veth pair with tc netem delay and loss on the host side.
# Nodes bind to their host's address and join through the first host, with a token, started by
# packaging/chord-node-service the way the systemd unit starts them. The ring forms, keys are
# stored on one host and read on another, one host's link is cut and restored, the ring heals,
# and lookup latency is printed against hops x link RTT.
#
# Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for `ip netns`), iproute2, curl, and node or python3
# for JSON; ping (iputils-ping) is optional (RTT from TCP connect time without it). Exits 77
# (CTest: skipped) with a message when namespaces cannot be created.
#
#   CHORD_NODE_BIN=build/nodecore/app/chord-node CHORD_NODE_SERVICE=packaging/chord-node-service \
#       tests/deploy/multihost_test.sh
# Knobs: HOSTS (4), NODES_PER_HOST (2), DELAY_MS (5), LOSS_PCT (1), LOOKUPS (48), CUT_HOLD_S (3),
# RETRY_503_S (10).
set -uo pipefail

HOSTS=${HOSTS:-4}
NODES_PER_HOST=${NODES_PER_HOST:-2}
DELAY_MS=${DELAY_MS:-5}
LOSS_PCT=${LOSS_PCT:-1}
LOOKUPS=${LOOKUPS:-48}
CUT_HOLD_S=${CUT_HOLD_S:-3}
STABILIZE_MS=${STABILIZE_MS:-300}
BITS=${BITS:-64}
TOKEN="multihost-$$-$RANDOM"
NODE_BIN=${CHORD_NODE_BIN:?set CHORD_NODE_BIN to the chord-node executable}
SERVICE=${CHORD_NODE_SERVICE:-$(cd "$(dirname "$0")/../.." && pwd)/packaging/chord-node-service}
NET=10.77.0          # one /24 shared by the virtual hosts, inside the namespaces only
PORT0=5000

skip() { echo "SKIP: $*"; exit 77; }
die() { echo "FAIL: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*"; }

# ---- can we create namespaces? ----
command -v ip >/dev/null || skip "no 'ip' (package iproute2)"
command -v curl >/dev/null || skip "no curl"
if command -v node >/dev/null; then JSON=node
elif command -v python3 >/dev/null; then JSON=python3
else skip "need node or python3 to read JSON"; fi
[[ -x $NODE_BIN ]] || die "chord-node not executable: $NODE_BIN"
[[ -r $SERVICE ]] || die "chord-node-service not found: $SERVICE"
[[ $(id -u) -eq 0 ]] || skip "multi-host test needs root (CAP_NET_ADMIN) to create network namespaces; running as uid $(id -u)"

P="chl$$"            # every name this run creates starts with chl<pid>
BR_NS="${P}br"
NSES=()
PIDS=()
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/chordlab-multihost.XXXXXX")

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 50); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    if ((rc != 0 && rc != 77)); then
        for f in "$SCRATCH"/h*n[0-9].log; do
            [[ -f $f ]] || continue
            echo "---- tail of $(basename "$f")"; tail -n 8 "$f"
        done
    fi
    # Deleting a namespace deletes the veth ends in it (and their peers).
    for ns in "${NSES[@]}"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$SCRATCH"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! ip netns add "$BR_NS" 2>"$SCRATCH/netns.err"; then
    skip "cannot create network namespaces here ($(tr -d '\n' <"$SCRATCH/netns.err")); needs root with CAP_NET_ADMIN and CAP_SYS_ADMIN"
fi
NSES+=("$BR_NS")

# ---- the virtual network ----
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
hostns() { echo "${P}h$1"; }
addr() { echo "$NET.$1"; }

# Creating a namespace is not enough: `ip netns exec` also has to enter it (it remounts /, which
# fails for instance in a chroot). Probe both before building the network.
if ! ip netns exec "$BR_NS" true 2>"$SCRATCH/netns.err"; then
    skip "cannot enter network namespaces here ($(tr -d '\n' <"$SCRATCH/netns.err")); needs a real root file system (not a chroot) and CAP_SYS_ADMIN"
fi
ip -n "$BR_NS" link add br0 type bridge || die "cannot create a bridge"
ip -n "$BR_NS" link set br0 up
ip -n "$BR_NS" link set lo up
NETEM=1
for h in $(seq 1 "$HOSTS"); do
    ns=$(hostns "$h")
    ip netns add "$ns" || die "ip netns add $ns"
    NSES+=("$ns")
    ip link add "${P}a$h" netns "$ns" type veth peer name "${P}b$h" netns "$BR_NS" ||
        die "cannot create veth pair ${P}a$h/${P}b$h"
    ip -n "$BR_NS" link set "${P}b$h" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$(addr "$h")/24" dev "${P}a$h"
    ip -n "$ns" link set "${P}a$h" up
    if ((NETEM)) && ! ip netns exec "$ns" tc qdisc add dev "${P}a$h" root netem \
            delay "${DELAY_MS}ms" loss "${LOSS_PCT}%" 2>"$SCRATCH/tc.err"; then
        echo "WARNING: tc netem unavailable ($(tr -d '\n' <"$SCRATCH/tc.err")): links without delay/loss"
        NETEM=0
    fi
done
((NETEM)) && log "network: $HOSTS hosts $NET.1..$HOSTS on a bridge, netem delay ${DELAY_MS}ms loss ${LOSS_PCT}% on each host's egress"

# Reachability (ARP resolved over the bridge) before any node starts.
for h in $(seq 2 "$HOSTS"); do
    ok=0
    for _ in $(seq 30); do
        if nsx "$(hostns 1)" curl -s -o /dev/null --connect-timeout 1 "http://$(addr "$h"):9/" ; [[ $? -ne 28 ]]; then ok=1; break; fi
        sleep 0.2
    done
    ((ok)) || die "host $(addr "$h") unreachable from host 1"
done

# ---- link RTT ----
RTT_MS=""
if command -v ping >/dev/null; then
    RTT_MS=$(nsx "$(hostns 1)" ping -q -c 20 -i 0.05 "$(addr 2)" 2>/dev/null |
        sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
    RTT_HOW="ping -c 20, avg"
fi
if [[ -z $RTT_MS ]]; then
    RTT_HOW="curl TCP connect time (no ping: package iputils-ping)"
fi

# ---- JSON helper: json FILE JS_EXPR PY_EXPR (j is the parsed document) ----
json() {
    if [[ $JSON == node ]]; then
        node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
                 console.log(eval(process.argv[2]))' "$1" "$2"
    else
        python3 -c 'import json,sys
j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$3"
    fi
}

# ---- nodes ----
NODES=()
start_node() {   # start_node HOST INDEX JOIN
    local h=$1 i=$2 join=$3 name="h$1n$2" port=$((PORT0 + $2 - 1))
    local ns; ns=$(hostns "$h")
    # Not through nsx: a shell function run with & gets a subshell of its own, and $! would
    # be that subshell rather than the node (the node then outlived the cleanup).
    ip netns exec "$ns" env HOST="$(addr "$h")" PORT="$port" NAME="$name" JOIN="$join" BITS="$BITS" \
        TOKEN="$TOKEN" DATA_DIR="$SCRATCH/data-$name" LOG_FILE="$SCRATCH/$name.file.log" \
        EXTRA_ARGS="--stabilize-ms $STABILIZE_MS" CHORD_NODE="$NODE_BIN" \
        sh "$SERVICE" >"$SCRATCH/$name.log" 2>&1 &
    local pid=$!   # ip netns exec, env, sh and chord-node exec one another: one pid
    PIDS+=("$pid")
    NODES+=("$(addr "$h"):$port")
    for _ in $(seq 100); do
        grep -q "^listening on http://$(addr "$h"):$port" "$SCRATCH/$name.log" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || die "$name exited: $(tail -n 5 "$SCRATCH/$name.log")"
        sleep 0.1
    done
    grep -q "^listening on" "$SCRATCH/$name.log" || die "$name did not start listening"
    # Ready (startup join done) once GET / answers 200.
    for _ in $(seq 100); do
        [[ $(nsx "$ns" curl -s -o /dev/null -w '%{http_code}' "http://$(addr "$h"):$port/") == 200 ]] && return 0
        sleep 0.1
    done
    die "$name not ready"
}

# curl from inside host H's namespace.
hcurl() { local h=$1; shift; nsx "$(hostns "$h")" curl -s --max-time 20 "$@"; }
auth=(-H "Authorization: Bearer $TOKEN")

ring_names() {   # the members of the last ring.json, for messages
    json "$SCRATCH/ring.json" '"complete=" + j.complete + " " + j.nodes.map(n=>n.name).join(",")' \
        '"complete=" + str(j["complete"]) + " " + ",".join(n["name"] for n in j["nodes"])' 2>/dev/null ||
        cat "$SCRATCH/ring.json"
}
wait_ring() {    # wait_ring HOST EXPECTED TIMEOUT_S -> 0 when complete with EXPECTED members
    local h=$1 want=$2 deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        if hcurl "$h" -o "$SCRATCH/ring.json" "http://$(addr "$h"):$PORT0/dht/ring" &&
           [[ $(json "$SCRATCH/ring.json" 'j.complete && j.nodes.length' \
                'j["complete"] and len(j["nodes"])') == "$want" ]]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

log "starting $((HOSTS * NODES_PER_HOST)) nodes ($NODES_PER_HOST per host)"
start_node 1 1 ""
for i in $(seq 2 "$NODES_PER_HOST"); do start_node 1 "$i" "$(addr 1):$PORT0"; done
for h in $(seq 2 "$HOSTS"); do
    for i in $(seq 1 "$NODES_PER_HOST"); do start_node "$h" "$i" "$(addr 1):$PORT0"; done
done
TOTAL=${#NODES[@]}
for n in "${NODES[@]}"; do
    grep -q "^listening on http://$n" "$SCRATCH"/*.log || die "no node listens on $n"
done
wait_ring "$HOSTS" "$TOTAL" 60 || die "ring did not form: $(ring_names)"
log "ring formed: $TOTAL members, complete, seen from host $HOSTS"
hosts_in_ring=$(json "$SCRATCH/ring.json" '[...new Set(j.nodes.map(n=>n.host))].sort().join(",")' \
    '",".join(sorted(set(n["host"] for n in j["nodes"])))')
echo "  members on hosts: $hosts_in_ring"

# ---- the token guards changes across hosts ----
code=$(hcurl 2 -o /dev/null -w '%{http_code}' -X PUT --data x "http://$(addr 1):$PORT0/db/no-token")
[[ $code == 401 || $code == 403 ]] || die "PUT without the token answered $code, expected 401"
echo "  PUT without the token: $code"

# ---- store on one host, read on another ----
KEYS=24
for k in $(seq 1 "$KEYS"); do
    h=$(( (k - 1) % HOSTS + 1 ))
    code=$(hcurl "$h" -o /dev/null -w '%{http_code}' "${auth[@]}" -X PUT --data "value-$k@h$h" \
        "http://$(addr "$h"):$PORT0/db/key-$k")
    [[ $code == 200 ]] || die "PUT key-$k on host $h answered $code"
done
# A read may answer 503 while an arc is being taken over (docs/CONSISTENCY.md: the new owner
# waits out the old one's lease first); the contract says retry. Anything else that is not the
# value -- "absent", an old value, another error -- fails at once; a 503 that lasts longer
# than RETRY_503_S fails too. The retries are counted and printed.
RETRY_503_S=${RETRY_503_S:-10}
check_keys() {   # check_keys FROM_HOST_OFFSET [HOSTS_TO_ASK...]
    local off=$1; shift
    local ask=("$@") bad=0 retried=0 k h v code t0
    for k in $(seq 1 "$KEYS"); do
        h=${ask[$(( (k + off) % ${#ask[@]} ))]}
        t0=$SECONDS
        while :; do
            v=$(hcurl "$h" -w '\n%{http_code}' "http://$(addr "$h"):$PORT0/db/key-$k")
            code=${v##*$'\n'}; v=${v%$'\n'*}
            [[ $code == 503 && $((SECONDS - t0)) -lt $RETRY_503_S ]] || break
            retried=$((retried + 1)); sleep 0.2
        done
        [[ $code == 200 && $v == value-$k@h$(( (k - 1) % HOSTS + 1 )) ]] ||
            { echo "  key-$k read on host $h: $code '$v'"; bad=$((bad + 1)); }
    done
    ((retried == 0)) || echo "  ($retried reads answered 503 first: an arc was being taken over)"
    return "$bad"
}
mapfile -t all_hosts < <(seq 1 "$HOSTS")
check_keys 1 "${all_hosts[@]}" || die "keys not found across hosts"
log "$KEYS keys stored round-robin on the $HOSTS hosts and read back from other hosts"

# ---- lookup latency against hops x RTT ----
lookups() {      # lookups LABEL -> file of rows: hops, cross-host hops, ms, curl ms
    local rows="$SCRATCH/lookups-$1.tsv"
    : >"$rows"
    for q in $(seq 1 "$LOOKUPS"); do
        local h=$(( (q - 1) % HOSTS + 1 ))
        local t0 t1
        t0=$(date +%s%N)
        hcurl "$h" -o "$SCRATCH/lookup.json" "http://$(addr "$h"):$PORT0/dht/lookup?key=probe-$q" || continue
        t1=$(date +%s%N)
        # hops, hops that crossed a link (node on another host), the node's own ms, curl wall ms
        local line
        line=$(json "$SCRATCH/lookup.json" \
            "[j.hopCount, j.hops.filter(x=>x.node.host!=='$(addr "$h")').length, j.ms].join('\t')" \
            "'\t'.join(str(x) for x in [j['hopCount'], len([x for x in j['hops'] if x['node']['host']!='$(addr "$h")']), j['ms']])")
        printf '%s\t%s\n' "$line" "$(( (t1 - t0) / 1000000 ))" >>"$rows"
    done
    echo "$rows"
}
if [[ -z $RTT_MS ]]; then
    t=$(hcurl 1 -o /dev/null -w '%{time_connect}' "http://$(addr 2):$PORT0/")
    RTT_MS=$(awk -v t="$t" 'BEGIN { printf "%.2f", t * 1000 }')
fi
rows=$(lookups formed)
echo
echo "Lookup latency, $TOTAL nodes on $HOSTS hosts, link RTT ${RTT_MS} ms ($RTT_HOW)"
echo "(a hop crosses a link when the node asked is on another host; expected = cross-host hops x RTT)"
awk -F'\t' -v rtt="$RTT_MS" '
    { n[$1]++; x[$1]+=$2; ms[$1]+=$3; all++; allms+=$3; v[$1, n[$1]]=$3 }
    END {
        printf "%6s %8s %14s %12s %12s %10s\n", "hops", "lookups", "cross-host", "expected ms", "mean ms", "max ms"
        for (h = 0; h <= 64; h++) if (n[h]) {
            mx = 0; for (i = 1; i <= n[h]; i++) if (v[h, i] > mx) mx = v[h, i]
            printf "%6d %8d %14.2f %12.1f %12.1f %10.1f\n", h, n[h], x[h]/n[h], x[h]/n[h]*rtt, ms[h]/n[h], mx
        }
        if (all) printf "%6s %8d %14s %12s %12.1f\n", "all", all, "", "", allms/all
    }' "$rows"
echo

# ---- cut one host's link, the ring repairs around it, restore it, the ring heals ----
CUT=$HOSTS
ip -n "$(hostns "$CUT")" link set "${P}a$CUT" down
log "cut host $(addr "$CUT")'s link"
left=$((TOTAL - NODES_PER_HOST))
if wait_ring 1 "$left" 60; then
    log "ring repaired around the cut host: $left members, complete"
else
    die "ring did not repair around the cut host: $(ring_names)"
fi
mapfile -t others < <(seq 1 $((HOSTS - 1)))
check_keys 2 "${others[@]}" || die "keys lost while host $CUT was cut off (replicas should serve them)"
log "all $KEYS keys still found from the remaining hosts"

sleep "$CUT_HOLD_S"   # long enough for the cut nodes to give up on the others too
ip -n "$(hostns "$CUT")" link set "${P}a$CUT" up
log "restored host $(addr "$CUT")'s link"
if wait_ring 1 "$TOTAL" 20; then
    log "ring healed by itself: $TOTAL members, complete"
else
    # The cut nodes formed a ring of their own while isolated; Chord does not merge two rings
    # by itself. Both halves still carry the old ring identity, so a plain join is taken as
    # "already a member": the operator makes each cut node leave (standalone, keeping a copy
    # of its keys) and join through host 1, where it brings its keys.
    echo "  no automatic merge after the partition (the cut host's nodes ring on their own);"
    echo "  rejoining them through host 1: GET /dht/leave, then POST /dht/join"
    for i in $(seq 1 "$NODES_PER_HOST"); do
        port=$((PORT0 + i - 1))
        code=$(hcurl "$CUT" -o "$SCRATCH/join.out" -w '%{http_code}' "${auth[@]}" \
            "http://$(addr "$CUT"):$port/dht/leave")
        [[ $code == 200 ]] || die "leave of $(addr "$CUT"):$port answered $code: $(cat "$SCRATCH/join.out")"
        code=$(hcurl "$CUT" -o "$SCRATCH/join.out" -w '%{http_code}' "${auth[@]}" -X POST \
            -H 'Content-Type: application/json' \
            --data "{\"bootstrap\":{\"host\":\"$(addr 1)\",\"port\":$PORT0}}" \
            "http://$(addr "$CUT"):$port/dht/join")
        [[ $code == 200 ]] || die "rejoin of $(addr "$CUT"):$port answered $code: $(cat "$SCRATCH/join.out")"
    done
    wait_ring 1 "$TOTAL" 60 || die "ring did not heal: $(ring_names)"
    log "ring healed after the rejoin: $TOTAL members, complete"
fi
for h in $(seq 1 "$HOSTS"); do
    wait_ring "$h" "$TOTAL" 30 || die "host $h does not see the whole ring: $(ring_names)"
done
check_keys 3 "${all_hosts[@]}" || die "keys not found after the ring healed"
log "every host sees all $TOTAL members; all $KEYS keys found from every host"

rows=$(lookups healed)
awk -F'\t' -v rtt="$RTT_MS" '{ h+=$1; x+=$2; ms+=$3; n++ }
    END { if (n) printf "after healing: %d lookups, mean %.2f hops (%.2f cross-host), expected %.1f ms, mean %.1f ms\n",
                         n, h/n, x/n, x/n*rtt, ms/n }' "$rows"
echo "PASS"
