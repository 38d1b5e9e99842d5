#!/usr/bin/env bash
# Builds the DocC documentation of every library product (KMS, AWSEncryptionSDK, AWSSigV4,
# CurlHTTP) with swift-docc-plugin, warnings as errors: a symbol link that does not resolve, a
# parameter left undocumented beside documented ones, or an article link that points nowhere
# fails the run; so does a name in KMS or AWSEncryptionSDK that a server framework also declares
# (scripts/check_exported_names.py). Archives go to .build/docs/<Target>.doccarchive (open one with
# `docc preview` or host it statically).
#
#   scripts/docs.sh              every product
#   scripts/docs.sh KMS          some of them
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=("$@")
((${#targets[@]})) || targets=(KMS AWSEncryptionSDK AWSSigV4 CurlHTTP)
out=.build/docs
mkdir -p "$out"

started=$SECONDS
flags=()
for target in "${targets[@]}"; do flags+=(--target "$target"); done
# One invocation for every target: the package graph is loaded and the plugin's tools built
# once. --disable-sandbox: the output folder is outside the plugin's own work area.
# With one target the output path is the archive itself, with several the folder of archives.
path=$out
((${#targets[@]} > 1)) || path="$out/${targets[0]}.doccarchive"
swift package --disable-sandbox generate-documentation "${flags[@]}" \
    --warnings-as-errors --output-path "$path"
echo "docs: ${targets[*]} in $out, no warnings ($((SECONDS - started)) s)"

# The symbol graphs just extracted also say which names the modules a KMS user imports by
# default declare: none may be one a server framework declares too (issue 12).
default_imports=()
for target in "${targets[@]}"; do
    case $target in KMS | AWSEncryptionSDK) default_imports+=("$target") ;; esac
done
((${#default_imports[@]} == 0)) || python3 scripts/check_exported_names.py "${default_imports[@]}"
