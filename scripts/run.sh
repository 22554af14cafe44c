#!/usr/bin/env bash
# The README's "run" command: set everything up, then open the desktop app with a freshly
# booted local ring of 8 nodes. Without a display it uses Xvfb; without the app it boots the
# ring with chordctl and explains how to talk to it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
BUILD="$ROOT/build"
export CHORD_NODE_BIN="$BUILD/nodecore/app/chord-node"

if [[ -x "$BUILD/gui/chordlab" ]]; then
  if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "No display: starting chordlab under Xvfb (xvfb-run)."
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$BUILD/gui/chordlab" "$@"
  fi
  exec "$BUILD/gui/chordlab" "$@"
fi

CTL="$BUILD/nodecore/app/chordctl"
STATE="$ROOT/.chordlab/ring.json"
"$CTL" --state "$STATE" kill >/dev/null 2>&1 || true
"$CTL" --state "$STATE" boot --nodes 8 --base-port 5000 --logs "$ROOT/.chordlab/logs"
"$CTL" --state "$STATE" ring
cat <<TXT

A ring of 8 nodes runs on 127.0.0.1:5000-5007 (logs in .chordlab/logs). Try:
  curl -X PUT --data hello http://127.0.0.1:5003/db/greeting
  curl http://127.0.0.1:5006/db/greeting
  curl 'http://127.0.0.1:5001/dht/lookup?key=greeting'
  $CTL --state $STATE lookup greeting
Stop it with: $CTL --state $STATE kill
TXT
