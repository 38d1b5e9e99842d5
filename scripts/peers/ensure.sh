#!/usr/bin/env bash
# Usage: scripts/peers/ensure.sh NAME|all
#
# Makes sure the interop peer NAME (a line of pins.txt beside this script) has its virtualenv,
# creating it when missing, and prints its bin directory (for `all`: one "NAME DIR" line each).
# Virtualenvs live outside the clone, under $SWIFT_KMS_PEERS_DIR (default
# ~/.cache/swift-kms/peers), in a folder named after the pins, so a clean clone reuses them and
# a changed pin builds a new one. Safe to run concurrently: one creator per virtualenv (flock),
# and a virtualenv counts only once its last step wrote the .complete marker.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${SWIFT_KMS_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-kms/peers}"

spec_of() { awk -v n="$1" '$1 == n { $1 = ""; sub(/^ +/, ""); print; found = 1 } END { exit !found }' "$here/pins.txt"; }

ensure() {
    local name="$1" spec dir tmp
    spec="$(spec_of "$name")" || { echo "peers: no peer named '$name' in $here/pins.txt" >&2; return 2; }
    dir="$root/$name-$(printf '%s' "$spec" | sha256sum | cut -c1-12)"
    if [[ ! -f "$dir/.complete" ]]; then
        mkdir -p "$root"
        exec 9>"$dir.lock"
        flock 9
        if [[ ! -f "$dir/.complete" ]]; then
            echo "peers: creating the '$name' virtualenv ($spec)" >&2
            # Built where it stays (console scripts name their interpreter by absolute path);
            # the marker written last tells a finished virtualenv from an interrupted one.
            rm -rf "$dir"
            python3 -m venv "$dir" >&2
            # shellcheck disable=SC2086
            "$dir/bin/python" -m pip install -q --disable-pip-version-check $spec >&2 || { rm -rf "$dir"; exit 1; }
            printf '%s\n' "$spec" > "$dir/.complete"
        fi
        exec 9>&-
    fi
    printf '%s\n' "$dir/bin"
}

if [[ "${1:-}" == "all" ]]; then
    for name in $(awk '!/^#/ && NF { print $1 }' "$here/pins.txt"); do
        printf '%s %s\n' "$name" "$(ensure "$name")"
    done
else
    [[ $# -eq 1 ]] || { echo "usage: $0 NAME|all" >&2; exit 2; }
    ensure "$1"
fi
