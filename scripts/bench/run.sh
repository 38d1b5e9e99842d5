#!/usr/bin/env bash
# The loopback performance harness of swift-kms, in one command (see docs/PERFORMANCE.md).
#
# Installs what is missing, builds everything in release mode, starts nginx on 127.0.0.1 with
# canned KMS responses (scripts/bench/nginx.conf), then runs the clients against it,
# alternating, for several rounds:
#   c-raw       C, a plain TCP socket, no HTTP library, sequential   (the machine's floor)
#   c-easy      C, one libcurl easy handle kept alive, sequential    (the transport's limit)
#   c-multi-1   C, curl multi handle on its own thread, 1 caller     (our architecture's limit)
#   c-multi-plain-1  the same with the textbook hand-off (curl_multi_wakeup every time)
#   swift-seq   our KMSClient.generateDataKey, sequential
#   swift-seq-curlexec   the same, the calling task preferring the client's curl thread as its
#               executor (CurlHTTPClient.taskExecutor): no thread hop
#   boto3       boto3's generate_data_key, sequential                 (what users know)
#   c-multi-64  C, the same multi-handle loop, 64 caller threads
#   swift-64    our KMSClient.generateDataKey from 64 tasks
#   swift-http-seq, swift-http-64   our CurlHTTPClient alone, one pre-signed request (no KMS
#               layer, no signing per call): tells the transport's share from the KMS layer's
# then the same over TLS (a throwaway CA made at start, trusted by every client): c-easy,
# c-multi-1, swift-seq, boto3, c-multi-64, swift-64 over HTTP/1.1 (suffix -tls), swift-64 and
# c-multi-64 against a listener that offers h2 with their defaults (suffix -h2: both stay on
# HTTP/1.1) and told to take h2 (suffix -http2: BENCH_HTTP2=1, one multiplexed connection),
# then the signing comparison (C reference vs our signer), the memory run (RSS after 10,000
# and after 1,000,000 calls), the envelope rounds (EncryptionSDKClient against the official
# Python Encryption SDK and `openssl speed -evp aes-256-gcm`, with and without the caching
# materials manager against the canned KMS), the cold start (one generate-data-key from a new
# process: our `kms`, the AWS CLI, a boto3 script) and, unless --no-micro, the ordo-one
# micro-benchmarks. Prints a table with medians, min-max, CPU per request, threads, the ratios
# and the bars.
#
# usage: scripts/bench/run.sh [--rounds N] [--seconds S] [--memory-calls N] [--no-memory]
#                             [--no-micro] [--no-envelope] [--no-tls] [--no-cold] [--cold-runs N]
#                             [--envelope-only] [--quick] [--strict]
#   --quick   2 rounds of 1 s, 100,000 memory calls, 5 cold starts, no micro-benchmarks
#   --cold-runs N   cold starts of each command (default 20)
#   --envelope-only   the envelope rounds alone (no KMS client rounds, signing, memory, micro)
#   --strict  exit 1 when a bar is missed (figures on a busy machine are noisy: off by default)
# Everything it writes goes to bench-out/ (ignored by git). Only 127.0.0.1 is ever contacted.
set -euo pipefail

rounds=5
seconds=3
memory_calls=1000000
memory=1
micro=1
envelope=1
tls=1
cold=1
cold_runs=20
client_rounds=1
strict=""
while (($#)); do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --memory-calls) memory_calls="$2"; shift 2 ;;
        --no-memory) memory=0; shift ;;
        --no-micro) micro=0; shift ;;
        --no-envelope) envelope=0; shift ;;
        --no-tls) tls=0; shift ;;
        --no-cold) cold=0; shift ;;
        --cold-runs) cold_runs="$2"; shift 2 ;;
        --envelope-only) client_rounds=0; memory=0; micro=0; cold=0; shift ;;
        --quick) rounds=2; seconds=1; memory_calls=100000; micro=0; cold_runs=5; shift ;;
        --strict) strict="--strict"; shift ;;
        -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 64 ;;
    esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/scripts/bench"
out="$root/bench-out"
bin="$out/bin"
mkdir -p "$bin"
results="$out/results.txt"
: >"$results"
: >"$out/stderr.txt"

log() { printf '\n== %s\n' "$*" >&2; }

# --- what is missing ------------------------------------------------------------------------
need_apt=()
command -v nginx >/dev/null 2>&1 || need_apt+=(nginx-light)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc)
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
if ((${#need_apt[@]})); then
    log "installing Debian packages: ${need_apt[*]}"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! python3 -c 'import boto3, botocore' 2>/dev/null; then
    log "installing boto3"
    python3 -m pip install -q boto3 botocore || python3 -m pip install -q --break-system-packages boto3 botocore
fi

# --- builds, all release ----------------------------------------------------------------------
log "building the C clients (cc -O2)"
for program in raw_loop easy_loop multi_loop sign_bench; do
    cc -O2 -Wall -Wextra -o "$bin/$program" "$here/c/$program.c" -lcurl -lcrypto -lpthread
done
python3 "$here/check_sigv4.py" "$bin/sign_bench" >&2

log "building KMSLoad (swift build -c release)"
swift build -c release --package-path "$root/Benchmarks" --product KMSLoad >&2
kmsload="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/KMSLoad"
if ((cold)); then
    log "building kms (swift build -c release) and the AWS CLI's virtualenv, for the cold start"
    swift build -c release --package-path "$root" --product kms >&2
    kms_cli="$(swift build -c release --package-path "$root" --show-bin-path)/kms"
    aws_cli="$(bash "$root/scripts/peers/ensure.sh" awscli)/aws"
fi

# --- the server ---------------------------------------------------------------------------
workdir=$(mktemp -d "${TMPDIR:-/tmp}/kms-bench.XXXXXX")
nginx_pid=""
cleanup() {
    if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
tls_port=$(free_port)
h2_port=$(free_port)
while [[ $tls_port == "$port" ]]; do tls_port=$(free_port); done
while [[ $h2_port == "$port" || $h2_port == "$tls_port" ]]; do h2_port=$(free_port); done
# A throwaway CA and a certificate for 127.0.0.1 signed by it, for the TLS rounds.
tls_dir="$workdir/tls"
mkdir -p "$tls_dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=swift-kms bench CA" \
    -keyout "$tls_dir/ca.key" -out "$tls_dir/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$tls_dir/server.key" -out "$tls_dir/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls_dir/san.ext"
openssl x509 -req -in "$tls_dir/server.csr" -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$tls_dir/san.ext" -out "$tls_dir/server.pem" 2>/dev/null
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"
sed -e "s/__PORT__/$port/" -e "s/__TLS_PORT__/$tls_port/" -e "s/__H2_PORT__/$h2_port/" \
    -e "s|__CERT__|$tls_dir/server.pem|" -e "s|__KEY__|$tls_dir/server.key|" \
    -e "s/__USER_LINE__/$user_line/" "$here/nginx.conf" >"$workdir/nginx.conf"
log "starting nginx on 127.0.0.1:$port"
nginx -p "$workdir" -c "$workdir/nginx.conf" -e "$workdir/error.log" &
nginx_pid=$!
ready=0
for _ in $(seq 100); do
    if python3 - "$port" <<'PY' 2>/dev/null; then ready=1; break; fi
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=1)
c.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "TrentService.GenerateDataKey"})
sys.exit(0 if c.getresponse().status == 200 else 1)
PY
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$workdir/error.log" >&2; echo "run.sh: nginx did not start" >&2; exit 1; }
    sleep 0.1
done
((ready)) || { cat "$workdir/error.log" >&2; echo "run.sh: nginx does not answer on 127.0.0.1:$port" >&2; exit 1; }

# --- the rounds -----------------------------------------------------------------------------
limit=$((${seconds%.*} + 60))   # each client run ends by itself; this only stops a hung one
round=0
run_client() {
    local name="$1" line
    shift
    if line=$(timeout "$limit" "$@" 2>>"$out/stderr.txt"); then
        printf '%s round=%d\n' "$line" "$round" | tee -a "$results" >&2
    else
        [[ -n "$line" ]] && printf '%s round=%d\n' "$line" "$round" >>"$results"
        echo "run.sh: $name failed or timed out (see $out/stderr.txt)" >&2
    fi
}
clients=(c-raw c-easy c-multi-1 c-multi-plain-1 swift-seq swift-seq-curlexec boto3 c-multi-64 swift-64 swift-http-seq swift-http-64)
((client_rounds)) || clients=()
for ((round = 1; round <= rounds && ${#clients[@]} > 0; round++)); do
    log "round $round of $rounds (${seconds}s per client)"
    # Rotate the order each round so no client always runs right after the same neighbour.
    for ((i = 0; i < ${#clients[@]}; i++)); do
        name=${clients[$(((i + round - 1) % ${#clients[@]}))]}
        case "$name" in
            c-raw) run_client "$name" "$bin/raw_loop" "$port" "$seconds" ;;
            c-easy) run_client "$name" "$bin/easy_loop" "$port" "$seconds" ;;
            c-multi-1) run_client "$name" "$bin/multi_loop" "$port" "$seconds" 1 ;;
            c-multi-plain-1) run_client "$name" "$bin/multi_loop" "$port" "$seconds" 1 plain ;;
            c-multi-64) run_client "$name" "$bin/multi_loop" "$port" "$seconds" 64 ;;
            swift-seq) run_client "$name" "$kmsload" --port "$port" --seconds "$seconds" --tasks 1 ;;
            swift-seq-curlexec) run_client "$name" "$kmsload" --port "$port" --seconds "$seconds" --tasks 1 --executor curl ;;
            swift-64) run_client "$name" "$kmsload" --port "$port" --seconds "$seconds" --tasks 64 ;;
            swift-http-seq) run_client "$name" "$kmsload" --port "$port" --seconds "$seconds" --tasks 1 --layer http ;;
            swift-http-64) run_client "$name" "$kmsload" --port "$port" --seconds "$seconds" --tasks 64 --layer http ;;
            boto3) run_client "$name" python3 "$here/boto3_loop.py" "$port" "$seconds" ;;
        esac
    done
done

if ((tls && client_rounds)); then
    tls_clients=(c-easy c-multi-1 swift-seq swift-seq-curlexec boto3 c-multi-64 swift-64 swift-64-h2 c-multi-64-h2 swift-64-http2 c-multi-64-http2)
    for ((round = 1; round <= rounds; round++)); do
        log "TLS round $round of $rounds (${seconds}s per client)"
        for ((i = 0; i < ${#tls_clients[@]}; i++)); do
            name=${tls_clients[$(((i + round - 1) % ${#tls_clients[@]}))]}
            case "$name" in
                *-h2) target=$h2_port suffix=-h2 http2="" ;;
                *-http2) target=$h2_port suffix=-http2 http2=1 ;;
                *) target=$tls_port suffix=-tls http2="" ;;
            esac
            export BENCH_SCHEME=https BENCH_CAFILE="$tls_dir/ca.pem" BENCH_SUFFIX=$suffix BENCH_HTTP2=$http2
            case "${name%"$suffix"}" in
                c-easy) run_client "$name$suffix" "$bin/easy_loop" "$target" "$seconds" ;;
                c-multi-1) run_client "$name$suffix" "$bin/multi_loop" "$target" "$seconds" 1 ;;
                c-multi-64) run_client "$name" "$bin/multi_loop" "$target" "$seconds" 64 ;;
                swift-seq) run_client "$name$suffix" "$kmsload" --port "$target" --seconds "$seconds" --tasks 1 ;;
                swift-seq-curlexec) run_client "$name$suffix" "$kmsload" --port "$target" --seconds "$seconds" --tasks 1 --executor curl ;;
                swift-64) run_client "$name" "$kmsload" --port "$target" --seconds "$seconds" --tasks 64 ;;
                boto3) run_client "$name$suffix" python3 "$here/boto3_loop.py" "$target" "$seconds" ;;
            esac
            unset BENCH_SCHEME BENCH_CAFILE BENCH_SUFFIX BENCH_HTTP2
        done
    done
fi

if ((envelope)); then
    esdk_python="$(bash "$root/scripts/peers/ensure.sh" esdk)/python"
    envelope_clients=(
        swift:raw-0478-enc python:raw-0478-enc swift:raw-0478-dec python:raw-0478-dec
        swift:raw-0578-enc python:raw-0578-enc swift:raw-0578-dec python:raw-0578-dec
        swift:1m-enc swift:1m-dec openssl:4096 openssl:16384 swift:stream-1g
        swift:kms-0478-enc swift:kms-cache-0478-enc python:kms-cache-0478-enc
        swift2:raw-0478-enc swift2:kms-cache-0478-enc
    )
    for ((round = 1; round <= rounds; round++)); do
        log "envelope round $round of $rounds (${seconds}s per client)"
        for item in "${envelope_clients[@]}"; do
            kind=${item%%:*} mode=${item#*:}
            case "$kind" in
                swift) run_client "swift-esdk-$mode" "$kmsload" --envelope "$mode" --seconds "$seconds" --port "$port" ;;
                # Both cores: tasks encrypting at once (the Python SDK is one process, one core).
                swift2) run_client "swift-esdk-$mode-2tasks" "$kmsload" --envelope "$mode" --seconds "$seconds" --port "$port" --tasks 2 ;;
                python) run_client "python-esdk-$mode" "$esdk_python" "$here/esdk_python_loop.py" "$mode" "$seconds" "$port" ;;
                openssl) run_client "openssl-gcm-$mode" python3 "$here/openssl_speed.py" "$seconds" "$mode" ;;
            esac
        done
    done
fi

((client_rounds)) && log "signing one KMS request: C reference vs our signer (3 rounds each)"
for _ in 1 2 3; do
    ((client_rounds)) || break
    run_client c-sign "$bin/sign_bench" 2000000
    run_client swift-sign "$kmsload" --sign 2000000
done

# Instructions per signature under callgrind: counts, not seconds, so the same whatever else
# the machine is doing. Two runs of different lengths; the difference cancels start-up.
# Each run signs 1.1 x ITERATIONS times (a tenth to warm up, then the timed rounds).
if ((client_rounds)) && command -v valgrind >/dev/null 2>&1; then
    log "signing, instructions per signature (valgrind --tool=callgrind)"
    instructions() {
        timeout 300 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
            | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
    }
    for signer in c swift; do
        if [[ $signer == c ]]; then cmd=("$bin/sign_bench"); else cmd=("$kmsload" --sign); fi
        short=$(instructions "${cmd[@]}" 20000 || true)
        long=$(instructions "${cmd[@]}" 40000 || true)
        if [[ -n "$short" && -n "$long" ]]; then
            printf 'RESULT client=%s-sign-instructions instructions_per_op=%s\n' "$signer" \
                "$(((long - short) / 22000))" | tee -a "$results" >&2
        else
            echo "run.sh: callgrind run of the $signer signer failed" >&2
        fi
    done
fi

if ((memory)); then
    log "memory: $memory_calls calls from 64 tasks, RSS after 10,000 and at the end"
    timeout 900 "$kmsload" --port "$port" --calls "$memory_calls" --tasks 64 >>"$results" 2>>"$out/stderr.txt" \
        || echo "run.sh: memory run failed or timed out (see $out/stderr.txt)" >&2
    grep -E '^MEMORY' "$results" >&2 || true
fi

if ((cold)); then
    log "cold start: one generate-data-key per process, $cold_runs runs each of kms, the AWS CLI, boto3"
    timeout 900 python3 "$here/cold_start.py" "$port" "$cold_runs" "$kms_cli" "$aws_cli" 2>>"$out/stderr.txt" \
        | tee -a "$results" >&2 || echo "run.sh: cold start failed or timed out (see $out/stderr.txt)" >&2
fi

if ((micro)); then
    log "micro-benchmarks (ordo-one/benchmark, release)"
    (cd "$root/Benchmarks" && timeout 1800 swift package --allow-writing-to-package-directory benchmark \
        --format markdown --no-progress) | tee "$out/micro.md" >&2 \
        || echo "run.sh: micro-benchmarks failed (see above)" >&2
fi

log "results ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); raw lines in $results)"
python3 "$here/report.py" "$results" $strict
