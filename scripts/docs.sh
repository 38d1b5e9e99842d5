#!/usr/bin/env bash
# Builds the DocC documentation of every library product (KMS, AWSEncryptionSDK, AWSSigV4,
# CurlHTTP) with swift-docc-plugin, warnings as errors: a symbol link that does not resolve, a
# parameter left undocumented beside documented ones, or an article link that points nowhere
# fails the run. Archives go to .build/docs/<Target>.doccarchive (open one with
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
for target in "${targets[@]}"; do
    echo "== docs: $target"
    # --disable-sandbox: the output folder is outside the plugin's own work area.
    swift package --disable-sandbox generate-documentation \
        --target "$target" --warnings-as-errors \
        --output-path "$out/$target.doccarchive"
done
echo "docs: ${#targets[@]} archive(s) in $out, no warnings ($((SECONDS - started)) s)"
