#!/usr/bin/env bash
# Boots a fresh 4-node ring with chordctl on free loopback ports, runs the whole Postman
# collection against it with newman, prints newman's summary, and always stops the ring.
# The failed assertions come first and newman's transcript after them: CI logs keep only the
# head of a long test output, and the failure is what the reader needs.
#   run_newman.sh CHORDCTL CHORD_NODE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CHORDCTL=${1:?usage: run_newman.sh CHORDCTL CHORD_NODE}
export CHORD_NODE_BIN=${2:?usage: run_newman.sh CHORDCTL CHORD_NODE}
require_node_modules newman
unset CHORD_TOKEN CHORDLAB_STATE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/chordlab-newman.XXXXXX")
STATE="$TMP/ring.json"
cleanup() {
  local rc=$?
  if [[ -f "$STATE" ]]; then
    "$CHORDCTL" --state "$STATE" kill || true
  fi
  if [[ $rc -ne 0 ]]; then
    for f in "$TMP"/logs/*.log; do
      [[ -f "$f" ]] && { echo "---- tail of $f"; tail -n 30 "$f"; }
    done
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT INT TERM

"$CHORDCTL" boot --nodes 4 --base-port 0 --state "$STATE" --logs "$TMP/logs"

# baseUrl node2 node3 node4 from the state file (loopback only).
mapfile -t URLS < <(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const n of s.nodes) {
    if (!/^127\.|^localhost$|^::1$/.test(n.host)) { console.error("not loopback: " + n.host); process.exit(1); }
    console.log("http://" + n.host + ":" + n.port);
  }' "$STATE")
[[ ${#URLS[@]} -eq 4 ]] || { echo "FAIL: expected 4 nodes in $STATE"; exit 1; }
echo "ring: ${URLS[*]}"

set +e
"$ROOT/node_modules/.bin/newman" run "$ROOT/resources/postman/ChordLab.postman_collection.json" \
  --env-var "baseUrl=${URLS[0]}" --env-var "node2=${URLS[1]}" \
  --env-var "node3=${URLS[2]}" --env-var "node4=${URLS[3]}" \
  --reporters cli,json --reporter-json-export "$TMP/newman.json" \
  --reporter-cli-no-assertions --reporter-cli-no-success-assertions \
  --timeout-request 20000 --color off --disable-unicode > "$TMP/newman.txt" 2>&1
NEWMAN_RC=$?
set -e

if [[ ! -f "$TMP/newman.json" ]]; then
  echo "FAIL: newman wrote no report (exit $NEWMAN_RC)"
  cat "$TMP/newman.txt"
  exit 1
fi
SUMMARY_RC=0
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).run;
  const s = r.stats;
  console.log(`newman summary: requests ${s.requests.total} (${s.requests.failed} failed), ` +
              `assertions ${s.assertions.total} (${s.assertions.failed} failed), ` +
              `test scripts ${s.testScripts.total} (${s.testScripts.failed} failed), ` +
              `failures ${r.failures.length}`);
  for (const f of r.failures)
    console.log(`  FAILED: ${f.source && f.source.name}: ${f.error.test || ""} ${f.error.message}`);
  process.exit(r.failures.length ? 1 : 0);
' "$TMP/newman.json" || SUMMARY_RC=1
echo "---- newman transcript"
cat "$TMP/newman.txt"
[[ $SUMMARY_RC -eq 0 ]] || exit 1
exit $NEWMAN_RC
