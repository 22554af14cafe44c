# Sourced by the tests in this folder: finds the repo root and the npm tools, never the network.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
require_node_modules() {
  local tool
  for tool in "$@"; do
    if [[ ! -x "$ROOT/node_modules/.bin/$tool" ]]; then
      echo "FAIL: $ROOT/node_modules/.bin/$tool is missing: run scripts/setup.sh (it runs npm install)" >&2
      exit 1
    fi
  done
  if ! command -v node >/dev/null 2>&1; then
    echo "FAIL: node is not installed: run scripts/setup.sh" >&2
    exit 1
  fi
}
