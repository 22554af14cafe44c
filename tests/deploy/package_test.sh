#!/usr/bin/env bash
# The Debian packages: `cpack -G DEB` in the build tree, every .deb extracted into a scratch
# root (dpkg-deb -x), the programs run from there, and the files checked: executables, .desktop
# file, icon, systemd unit and its helper, docs. Without dpkg-deb it checks
# `cmake --install` into a DESTDIR instead.
#
#   tests/deploy/package_test.sh BUILD_DIR
set -uo pipefail
BUILD=$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/chordlab-package.XXXXXX")
NODE_PID=""
cleanup() {
    local rc=$?
    [[ -n $NODE_PID ]] && { kill -TERM "$NODE_PID" 2>/dev/null; wait "$NODE_PID" 2>/dev/null; }
    rm -rf "$SCRATCH"
    exit "$rc"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

ROOT="$SCRATCH/root"
mkdir -p "$ROOT"
GUI=0
grep -Eq '^set\(CPACK_COMPONENTS_ALL .*desktop' "$BUILD/CPackConfig.cmake" 2>/dev/null && GUI=1

if command -v dpkg-deb >/dev/null && command -v cpack >/dev/null; then
    echo "== cpack -G DEB"
    (cd "$BUILD" && cpack -G DEB -B "$SCRATCH/out") >"$SCRATCH/cpack.log" 2>&1 ||
        { cat "$SCRATCH/cpack.log"; fail "cpack -G DEB failed"; }
    mapfile -t debs < <(ls "$SCRATCH"/out/*.deb 2>/dev/null)
    ((${#debs[@]})) || { cat "$SCRATCH/cpack.log"; fail "cpack made no .deb"; }
    for deb in "${debs[@]}"; do
        echo "-- $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
        dpkg-deb --field "$deb" Package Version Architecture Maintainer Section Depends Recommends |
            sed 's/^/   /'
        for f in Package Version Maintainer Description; do
            [[ -n $(dpkg-deb --field "$deb" "$f") ]] || fail "$(basename "$deb"): no $f field"
        done
        dpkg-deb -x "$deb" "$ROOT" || fail "dpkg-deb -x $(basename "$deb")"
    done
    node_deb=$(printf '%s\n' "${debs[@]}" | grep '/chordlab-node_') || fail "no chordlab-node package"
    [[ $(dpkg-deb --field "$node_deb" Version) == "$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD/CPackConfig.cmake")"-* ]] ||
        fail "chordlab-node version does not match the project version"
    if command -v dpkg-shlibdeps >/dev/null; then
        dpkg-deb --field "$node_deb" Depends | grep -q 'libqt6core6' ||
            fail "chordlab-node Depends lacks the Qt libraries (dpkg-shlibdeps)"
        ok "Depends computed by dpkg-shlibdeps"
    fi
    if ((GUI)); then
        gui_deb=$(printf '%s\n' "${debs[@]}" | grep '/chordlab_') || fail "no chordlab package"
        dpkg-deb --field "$gui_deb" Depends | grep -q 'chordlab-node' ||
            fail "chordlab does not depend on chordlab-node (it launches chord-node)"
        ok "chordlab depends on chordlab-node"
    fi
    dpkg-deb -c "$node_deb" >"$SCRATCH/contents" || fail "dpkg-deb -c"
    if grep -v ' root/root ' "$SCRATCH/contents" | grep -q .; then fail "files not owned by root"; fi
else
    echo "== no dpkg-deb/cpack: checking cmake --install into a DESTDIR instead"
    DESTDIR="$ROOT" cmake --install "$BUILD" --prefix /usr >"$SCRATCH/install.log" 2>&1 ||
        { cat "$SCRATCH/install.log"; fail "cmake --install failed"; }
fi

echo "== files"
need=(
    usr/bin/chord-node usr/bin/chordctl
    usr/lib/systemd/system/chord-node@.service
    usr/libexec/chordlab/chord-node-service
    usr/share/doc/chordlab/README.md usr/share/doc/chordlab/DEPLOY.md
    usr/share/doc/chordlab/API.md usr/share/doc/chordlab/example.env
    usr/share/doc/chordlab/openapi/chordlab.yaml
    usr/share/doc/chordlab/postman/ChordLab.postman_collection.json
)
((GUI)) && need+=(usr/bin/chordlab usr/share/applications/chordlab.desktop
                  usr/share/icons/hicolor/scalable/apps/chordlab.svg)
for f in "${need[@]}"; do
    [[ -e $ROOT/$f ]] || fail "missing /$f"
done
ok "${#need[@]} files in place"
for x in usr/bin/chord-node usr/bin/chordctl usr/libexec/chordlab/chord-node-service; do
    [[ -x $ROOT/$x ]] || fail "/$x is not executable"
done

echo "== run from the scratch root"
v=$("$ROOT/usr/bin/chord-node" --version) || fail "chord-node --version failed"
[[ $v == "chord-node "* ]] || fail "chord-node --version printed '$v'"
ok "$ROOT/usr/bin/chord-node --version: $v"
"$ROOT/usr/bin/chordctl" --help >/dev/null 2>&1; rc=$?
((rc == 0 || rc == 2)) || fail "chordctl --help exited $rc"
ok "chordctl runs"
if ((GUI)); then
    gv=$(QT_QPA_PLATFORM=offscreen "$ROOT/usr/bin/chordlab" --version 2>/dev/null) ||
        fail "chordlab --version failed"
    ok "chordlab --version: $gv"
fi

# The unit points at the helper in the package, and the helper starts the packaged node.
exec_start=$(sed -n 's/^ExecStart=//p' "$ROOT/usr/lib/systemd/system/chord-node@.service")
[[ $exec_start == /usr/libexec/chordlab/chord-node-service ]] || fail "ExecStart=$exec_start"
grep -q '^KillSignal=SIGTERM' "$ROOT/usr/lib/systemd/system/chord-node@.service" || fail "unit: no KillSignal=SIGTERM"
grep -q '^EnvironmentFile=/etc/chordlab/%i.env' "$ROOT/usr/lib/systemd/system/chord-node@.service" || fail "unit: no EnvironmentFile"
ok "unit: ExecStart=$exec_start"
if command -v systemd-analyze >/dev/null; then
    # Verify a copy whose ExecStart is the helper in the scratch root; fail on what concerns
    # the unit file itself (unknown keys, bad settings), not on the host's missing units.
    unit="$SCRATCH/chord-node@.service"
    sed "s|^ExecStart=.*|ExecStart=$ROOT$exec_start|" \
        "$ROOT/usr/lib/systemd/system/chord-node@.service" >"$unit"
    systemd-analyze verify "$unit" >"$SCRATCH/verify.log" 2>&1
    if grep -E 'chord-node@\.service:[0-9]+:|bad unit file setting|Unknown (key|section)' "$SCRATCH/verify.log"; then
        fail "systemd-analyze verify found problems in the unit"
    fi
    ok "systemd-analyze verify: no problems in the unit file"
fi
if ((GUI)) && command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$ROOT/usr/share/applications/chordlab.desktop" || fail "desktop-file-validate"
    ok "desktop-file-validate"
fi
grep -q '^Exec=chordlab' "$ROOT/usr/share/applications/chordlab.desktop" 2>/dev/null || ((GUI == 0)) ||
    fail ".desktop Exec is not chordlab"

# The helper, as the unit runs it (environment only), with the packaged chord-node.
HOST=127.0.0.1 PORT=0 NAME=pkg TOKEN=package-test DATA_DIR="$SCRATCH/data" \
    "$ROOT/usr/libexec/chordlab/chord-node-service" >"$SCRATCH/node.out" 2>"$SCRATCH/node.err" &
NODE_PID=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$SCRATCH/node.out")
    [[ -n $url ]] && break
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$SCRATCH/node.err"; fail "packaged node exited"; }
    sleep 0.1
done
[[ -n $url ]] || fail "packaged node did not listen"
[[ $(readlink "/proc/$NODE_PID/exe") == "$ROOT/usr/bin/chord-node" ]] ||
    fail "the helper started $(readlink "/proc/$NODE_PID/exe"), not the packaged chord-node"
tr '\0' ' ' <"/proc/$NODE_PID/cmdline" | grep -q 'package-test' && fail "the token is visible on the command line"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT --data v "$url/db/k")
[[ $code == 401 ]] || fail "PUT without the token answered $code (TOKEN not passed as CHORD_TOKEN?)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer package-test' -X PUT --data v "$url/db/k")
[[ $code == 200 ]] || fail "PUT with the token answered $code"
[[ -n $(ls -A "$SCRATCH/data" 2>/dev/null) ]] || fail "DATA_DIR unused"
kill -TERM "$NODE_PID"; wait "$NODE_PID"; rc=$?; NODE_PID=""
((rc == 0)) || fail "packaged node exited $rc on SIGTERM"
ok "chord-node-service started the packaged node ($url): token from TOKEN, keys in DATA_DIR, SIGTERM exit 0"
echo "PASS"
