#!/usr/bin/env bash
# What observability costs when nothing is bootstrapped: the whole KMS client path over a
# canned transport (no server, no network), at its defaults (no tracer, no metrics backend)
# against the same with spans and metrics skipped outright (the @_spi(Benchmarks) baseline).
# Runs `KMSLoad --replay` in alternating pairs (off, default, default, off, …) so drift on a
# shared machine hits both sides alike, and prints the median of the per-pair ratios of CPU
# time per call with their range. The bar (issue 12): default / off <= 1.02.
#
#   scripts/bench/observability.sh [PAIRS [CALLS]]     default: 12 pairs of 300,000 calls
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pairs="${1:-12}"
calls="${2:-300000}"

swift build -c release --package-path "$root/Benchmarks" --product KMSLoad >&2
kmsload="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/KMSLoad"

results=$(mktemp "${TMPDIR:-/tmp}/kms-observability.XXXXXX")
trap 'rm -f "$results"' EXIT
for ((pair = 0; pair < pairs; pair++)); do
    if ((pair % 2 == 0)); then order=(off default); else order=(default off); fi
    for mode in "${order[@]}"; do
        timeout 120 "$kmsload" --replay "$calls" --observability "$mode" | tee -a "$results" >&2
    done
done

python3 - "$results" <<'PY'
import re, statistics, sys
runs = {"off": [], "default": []}
for line in open(sys.argv[1]):
    m = re.search(r"client=swift-replay-(\w+) .*cpu_ns_per_call=(\d+) wall_ns_per_call=(\d+)", line)
    if m:
        runs[m.group(1)].append((int(m.group(2)), int(m.group(3))))
pairs = list(zip(runs["off"], runs["default"]))
for index, label in ((0, "CPU"), (1, "wall")):
    ratios = sorted(d[index] / o[index] for o, d in pairs)
    print(f"{label:4}  off {statistics.median(o[index] for o, _ in pairs):>6} ns/call   "
          f"default {statistics.median(d[index] for _, d in pairs):>6} ns/call   "
          f"default/off {statistics.median(ratios):.3f}x (min {ratios[0]:.3f}, max {ratios[-1]:.3f}, {len(pairs)} pairs)")
cpu = statistics.median(sorted(d[0] / o[0] for o, d in pairs))
print(f"bar: default/off <= 1.02 (CPU, median of pairs): {'PASS' if cpu <= 1.02 else 'FAIL'} ({cpu:.3f}x)")
PY
