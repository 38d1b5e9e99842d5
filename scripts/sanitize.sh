#!/usr/bin/env bash
# Runs the unit and transport tests (AWSSigV4Tests, CurlHTTPTests, KMSTests, KMSCLITests,
# AWSEncryptionSDKTests) under
# AddressSanitizer and then ThreadSanitizer, each build in its own scratch path
# (.build-asan, .build-tsan) so neither disturbs the normal .build. Exits non-zero when a
# test fails or a sanitizer reports anything.
#
#   scripts/sanitize.sh              both
#   scripts/sanitize.sh thread       one of: address, thread
#
# See docs/HARDENING.md for the latest timings and findings.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sanitizers=("$@")
((${#sanitizers[@]})) || sanitizers=(address thread)
filter='^(AWSSigV4Tests|CurlHTTPTests|KMSTests|KMSCLITests|AWSEncryptionSDKTests)\.'

# The Swift runtime's crash backtracer and the sanitizers' own reports get in each other's way.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer off: Foundation's Process (used by the tests to start their loopback servers)
# leaks a few small allocations per child on Linux, and swift-corelibs' caches stay reachable
# only through pointers LSan cannot see; neither is ours. Use-after-free, overflows and
# double frees are still reported. Set ASAN_OPTIONS to override.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
# ThreadSanitizer does not see the hand-off inside Swift's continuations on Linux: a
# continuation resumed on CurlHTTP's curl thread (or a Dispatch thread) is reported as racing
# with the task that awaited it, though the concurrency runtime orders the two. Only that
# hand-off is suppressed; every other report fails the run.
mkdir -p .build-tsan
cat > .build-tsan/suppressions.txt <<'SUPPRESSIONS'
race:withUnsafeThrowingContinuation
race:withCheckedThrowingContinuation
race:withUnsafeContinuation
race:withCheckedContinuation
SUPPRESSIONS
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:suppressions=$root/.build-tsan/suppressions.txt}

failed=0
results=()
for sanitizer in "${sanitizers[@]}"; do
    case $sanitizer in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitize: unknown sanitizer $sanitizer (address or thread)"; exit 2 ;;
    esac
    log="$scratch/test.log"
    mkdir -p "$scratch"
    echo "sanitize: $sanitizer: building ($scratch)"
    started=$SECONDS
    if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >"$scratch/build.log" 2>&1; then
        grep -E 'error' "$scratch/build.log" | head -40 || tail -40 "$scratch/build.log"
        echo "sanitize: $sanitizer: build failed (log: $scratch/build.log)"
        exit 1
    fi
    built=$((SECONDS - started))
    echo "sanitize: $sanitizer: built in ${built}s; testing (log: $log)"
    started=$SECONDS
    status=0
    # --no-parallel: the suites' "doesn't hang" bounds (a 300 ms timeout must end well within
    # 10 s) assume normal speed; with every suite at once under a sanitizer's 2-15x slowdown,
    # spawning a child or getting a thread took over 10 s on a loaded 2-core machine. Races
    # inside each test (64 concurrent signers, concurrent transfers) are still exercised.
    swift test --disable-xctest --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" \
        --no-parallel --filter "$filter" >"$log" 2>&1 || status=$?
    tested=$((SECONDS - started))
    summary=$(grep -E '^. Test run with' "$log" | tail -1 || true)
    if ((status != 0)) || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer' "$log"; then
        failed=1
        echo "sanitize: $sanitizer: FAILED (exit $status)"
        grep -E -A30 'ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer' "$log" | head -80 || true
        grep -E '✘' "$log" | head -20 || true
    fi
    results+=("$(printf '%-8s build %4ss  tests %4ss  %s' "$sanitizer" "$built" "$tested" "${summary:-no summary (exit $status)}")")
done

echo "sanitize: results"
printf '  %s\n' "${results[@]}"
exit "$failed"
