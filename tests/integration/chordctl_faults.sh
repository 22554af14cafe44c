#!/usr/bin/env bash
# chordctl's link-fault commands against a real ring of three nodes on loopback: faults,
# partition and heal do what they print, and bad input is refused (exit 2) before any node is
# changed. The ring is stopped by the pids chordctl recorded (chordctl kill), never by name.
set -u
CTL=$1
DIR=$(mktemp -d)
STATE=(--state "$DIR/state.json")
ctl() { "$CTL" "${STATE[@]}" "$@"; }
cleanup() { ctl kill >/dev/null 2>&1; rm -rf "$DIR"; }
trap cleanup EXIT
failures=0
check() { # check NAME EXPECTED-EXIT PATTERN COMMAND...
    local name=$1 want=$2 pattern=$3
    shift 3
    local out rc
    out=$(ctl "$@" 2>&1)
    rc=$?
    if [[ $rc -ne $want ]] || ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAIL $name: exit $rc (expected $want), output:"
        echo "$out"
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
}

ctl boot --nodes 3 --base-port 0 --logs "$DIR/logs" --stabilize-ms 200 >/dev/null ||
    { echo "FAIL boot"; exit 1; }

check "cut one link" 0 "both n2 .*: cut" faults n1 link n2 cut
check "shown again" 0 "both n2 .*: cut" faults n1
check "a node's link to itself" 2 "is this node itself" faults n1 link n1 cut
check "a rule that does nothing" 2 "say what the link does" faults n1 link n2
check "loss out of range" 2 "loss must be 0..1" faults n1 link n2 loss 1.5
check "negative delay" 2 "delayMs and jitterMs must be" faults n1 link n2 delay -5
check "unknown node" 2 "unknown node 'n9'" faults n9 link n2 cut
check "unknown peer" 2 "unknown peer 'n9'" faults n1 link n9 cut
check "bad words" 2 "usage: chordctl faults" faults n1 link n2 sideways
# Unchanged by the refusals above: still the one cut link.
check "nothing changed" 0 "^  both n2 .*: cut$" faults n1
check "partition" 0 "partition: n1 \| n2,n3" partition n1 n2,n3
check "partition shown" 0 "partition: n1 \| n2,n3" faults n3
check "partition of one group" 2 "usage" partition n1,n2,n3
check "every node but the peer" 0 "both n2 .*: delay 50\+0 ms" faults all link n2 delay 50
check "heal" 0 "n3 .*: healed" heal
check "healed everywhere" 0 "n3 .*: no link faults" faults all
check "heal an unknown node" 2 "unknown node 'n9'" heal n1 n9

if [[ $failures -ne 0 ]]; then
    echo "$failures check(s) failed; logs in $DIR/logs"
    trap - EXIT
    ctl kill >/dev/null 2>&1
    exit 1
fi
echo "all checks passed"
