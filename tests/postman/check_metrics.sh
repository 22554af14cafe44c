#!/usr/bin/env bash
# Metrics check: check_metrics.js starts one chord-node, makes requests, validates GET /metrics.
#   check_metrics.sh CHORD_NODE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_node_modules swagger-cli
[[ -f "$ROOT/node_modules/parse-prometheus-text-format/package.json" ]] || {
  echo "FAIL: node_modules/parse-prometheus-text-format is missing: run scripts/setup.sh (it runs npm install)" >&2
  exit 1
}
exec node "$ROOT/tests/postman/check_metrics.js" "${1:?usage: check_metrics.sh CHORD_NODE}"
