#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (with AddressSanitizer) and runs each for a bounded
# time, starting from its committed seed corpus. Exits non-zero if any target finds a crash,
# a sanitizer report or a broken invariant; the input is kept under Fuzz/.build/crashes/.
#
#   scripts/fuzz.sh                      every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh FuzzSigV4
#   Fuzz/.build/debug/FuzzSigV4 Fuzz/.build/crashes/FuzzSigV4-crash-…   replay one input
#
# See docs/HARDENING.md for what each target covers.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/Fuzz"
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
((${#targets[@]})) || targets=(FuzzKMSResponses FuzzSharedConfig FuzzSigV4 FuzzEncryptionSDK)

# SwiftPM gives each executable its own `main`, so the targets start libFuzzer's driver
# themselves (Fuzz/Sources/FuzzSupport/FuzzerDriver.swift). lld, from the Swift toolchain:
# gold trips over the fuzzer runtime's symbols.
echo "fuzz: building ${targets[*]} (-sanitize=fuzzer,address)"
flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
mkdir -p "$fuzz/.build"
started=$SECONDS
if ! swift build --package-path "$fuzz" "${flags[@]}" >"$fuzz/.build/build.log" 2>&1; then
    grep -E 'error|warning' "$fuzz/.build/build.log" || tail -40 "$fuzz/.build/build.log"
    echo "fuzz: build failed (log: Fuzz/.build/build.log)"
    exit 1
fi
grep -E 'warning:' "$fuzz/.build/build.log" || true
echo "fuzz: built in $((SECONDS - started))s"
bin=$(swift build --package-path "$fuzz" "${flags[@]}" --show-bin-path)

# The Swift runtime's crash backtracer reads memory ASan forbids and can hang: libFuzzer and
# ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=1}

summary=()
failed=0
for target in "${targets[@]}"; do
    work="$fuzz/.build/corpus/$target"        # what this run (and earlier ones) found; not committed
    crashes="$fuzz/.build/crashes"
    mkdir -p "$work" "$crashes"
    seeds=("$fuzz/Corpus/$target")
    suite="$root/../shared/sigv4-test-suite/v4"
    if [[ $target == FuzzSigV4 && -d $suite ]]; then
        # The official suite's requests, with the default signer flags byte in front.
        extra="$fuzz/.build/corpus/sigv4-suite"
        mkdir -p "$extra"
        for request in "$suite"/*/request.txt; do
            { printf '\x03'; cat "$request"; } > "$extra/$(basename "$(dirname "$request")")"
        done
        seeds+=("$extra")
    fi
    log="$fuzz/.build/$target.log"
    echo "fuzz: $target for ${seconds}s (log: ${log#"$root"/})"
    status=0
    "$bin/$target" "$work" "${seeds[@]}" \
        -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=4096 \
        -artifact_prefix="$crashes/$target-" -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(find "$work" -type f | wc -l)
    if ((status != 0)); then
        failed=1
        echo "fuzz: $target FAILED (exit $status); the input is in ${crashes#"$root"/}:"
        grep -E 'ERROR|Fatal error|invariant|SUMMARY|Test unit written' "$log" | head -20 || tail -30 "$log"
    fi
    summary+=("$(printf '%-18s %s  %10s runs  %6s exec/s  cov %6s  corpus %5s' \
        "$target" "$( ((status == 0)) && echo ok || echo FAIL)" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$corpus")")
done

echo "fuzz: results (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
