#!/usr/bin/env bash
# OpenAPI validation of resources/openapi/chordlab.yaml: swagger-cli (npm, offline), then the
# contract rules of check_openapi.js.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_node_modules swagger-cli
"$ROOT/node_modules/.bin/swagger-cli" validate "$ROOT/resources/openapi/chordlab.yaml"
exec node "$ROOT/tests/postman/check_openapi.js" "$ROOT/resources/openapi/chordlab.yaml"
