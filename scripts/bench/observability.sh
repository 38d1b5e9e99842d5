#!/usr/bin/env bash
# What observability costs when nothing is bootstrapped: the whole KMS client path over a
# canned transport (no server, no network), `KMSLoad --replay`, this tree at its defaults (no
# tracer, no metrics backend) against a baseline, in alternating pairs (A B, B A, …) so that
# drift on a shared machine hits both sides alike. Prints the median of the per-pair ratios of
# CPU time per call, their quartiles, and the fastest run of each side. The bar (issue 12):
# B / A <= 1.02.
#
#   scripts/bench/observability.sh [PAIRS [CALLS]]          default: 100 pairs of 100,000 calls
#
# The baseline A is this tree with spans and metrics switched off (@_spi(Benchmarks)), which
# runs the same per-call code as the defaults once the client is made, so the result only shows
# the method's noise floor; to compare against the code before observability, build KMSLoad of
# that commit with ReplayRun.swift in it and name it: BASELINE=/path/to/KMSLoad (see
# docs/PERFORMANCE.md, "Observability").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pairs="${1:-100}"
calls="${2:-100000}"

swift build -c release --package-path "$root/Benchmarks" --product KMSLoad >&2
kmsload="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/KMSLoad"
if [[ -n "${BASELINE:-}" ]]; then baseline=("$BASELINE" --replay "$calls"); else baseline=("$kmsload" --replay "$calls" --observability off); fi
current=("$kmsload" --replay "$calls" --observability default)

results=$(mktemp "${TMPDIR:-/tmp}/kms-observability.XXXXXX")
trap 'rm -f "$results"' EXIT
for ((pair = 0; pair < pairs; pair++)); do
    if ((pair % 2 == 0)); then order=(A B); else order=(B A); fi
    for side in "${order[@]}"; do
        if [[ $side == A ]]; then line=$(timeout 120 "${baseline[@]}"); else line=$(timeout 120 "${current[@]}"); fi
        echo "$side $line" >>"$results"
    done
done

python3 - "$results" <<'PY'
import re, statistics, sys
runs = {"A": [], "B": []}
for line in open(sys.argv[1]):
    m = re.search(r"cpu_ns_per_call=(\d+) wall_ns_per_call=(\d+)", line)
    if m:
        runs[line[0]].append((int(m.group(1)), int(m.group(2))))
pairs = list(zip(runs["A"], runs["B"]))
for index, label in ((0, "CPU"), (1, "wall")):
    ratios = sorted(b[index] / a[index] for a, b in pairs)
    q = len(ratios) // 4
    print(f"{label:4}  A {statistics.median(a[index] for a, _ in pairs):>7} ns/call (fastest {min(a[index] for a, _ in pairs)})   "
          f"B {statistics.median(b[index] for _, b in pairs):>7} ns/call (fastest {min(b[index] for _, b in pairs)})   "
          f"B/A {statistics.median(ratios):.3f}x (quartiles {ratios[q]:.3f}-{ratios[-q - 1]:.3f}, {len(pairs)} pairs)")
cpu = statistics.median(b[0] / a[0] for a, b in pairs)
print(f"bar: B/A <= 1.02 (CPU, median of pairs): {'PASS' if cpu <= 1.02 else 'FAIL'} ({cpu:.3f}x)")
PY
