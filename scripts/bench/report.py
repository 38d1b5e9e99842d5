"""Turns the lines the harness's clients printed into the table of the performance issue.

Reads RESULT / SIGN / MEMORY lines (key=value pairs, as the C, boto3 and Swift clients print
them) from the file given, and prints per client the median requests/s with min-max over the
rounds, CPU microseconds per request, the most threads seen, then the ratios and the bars.

usage: python3 report.py RESULTS_FILE [--strict]
exit status: 0, or 1 with --strict when a bar is missed or a client reported errors.
"""
import statistics
import sys

ORDER = [
    ("c-raw", "C plain TCP socket, no HTTP library, sequential (machine floor)"),
    ("c-easy", "C libcurl easy handle, sequential (transport limit)"),
    ("c-multi-1", "C multi handle + loop thread, 1 caller (architecture limit)"),
    ("c-multi-plain-1", "the same, textbook hand-off (curl_multi_wakeup each time)"),
    ("swift-seq", "Swift KMSClient.generateDataKey, sequential"),
    ("swift-seq-curlexec", "the same, task on the curl thread's executor (no thread hop)"),
    ("boto3", "boto3 generate_data_key, sequential"),
    ("c-multi-64", "C multi handle + loop thread, 64 callers"),
    ("swift-64", "Swift KMSClient.generateDataKey, 64 tasks"),
    ("swift-http-seq", "Swift CurlHTTPClient alone, pre-signed request, sequential"),
    ("swift-http-64", "Swift CurlHTTPClient alone, pre-signed request, 64 tasks"),
    ("c-easy-tls", "the same over TLS (HTTP/1.1, throwaway CA): C easy handle, sequential"),
    ("c-multi-1-tls", "TLS: C multi handle + loop thread, 1 caller"),
    ("swift-seq-tls", "TLS: Swift KMSClient.generateDataKey, sequential"),
    ("swift-seq-curlexec-tls", "TLS: the same, task on the curl thread's executor"),
    ("boto3-tls", "TLS: boto3 generate_data_key, sequential"),
    ("c-multi-64-tls", "TLS: C multi handle + loop thread, 64 callers"),
    ("swift-64-tls", "TLS: Swift KMSClient.generateDataKey, 64 tasks"),
    ("c-multi-64-h2", "TLS, server offers h2: C, 64 callers (stays on HTTP/1.1)"),
    ("swift-64-h2", "TLS, server offers h2: Swift, 64 tasks, default (stays on HTTP/1.1)"),
    ("c-multi-64-http2", "TLS, server offers h2: C, 64 callers told to take it (one h2 connection)"),
    ("swift-64-http2", "TLS, server offers h2: Swift, 64 tasks, httpVersion .http2 (one h2 connection)"),
    ("swift-esdk-raw-0478-enc", "Swift EncryptionSDKClient, 1 KiB messages, 0x0478, raw AES keyring, encrypt"),
    ("python-esdk-raw-0478-enc", "Python Encryption SDK, the same"),
    ("swift-esdk-raw-0478-dec", "Swift, 1 KiB, 0x0478, decrypt"),
    ("python-esdk-raw-0478-dec", "Python, the same"),
    ("swift-esdk-raw-0578-enc", "Swift, 1 KiB, 0x0578 (ECDSA P-384), encrypt"),
    ("python-esdk-raw-0578-enc", "Python, the same"),
    ("swift-esdk-raw-0578-dec", "Swift, 1 KiB, 0x0578, decrypt"),
    ("python-esdk-raw-0578-dec", "Python, the same"),
    ("swift-esdk-1m-enc", "Swift, 1 MiB messages/s (= MiB/s), 0x0478, frame 4096, encrypt"),
    ("swift-esdk-1m-dec", "Swift, the same, decrypt"),
    ("swift-esdk-stream-1g", "Swift, 1 GiB streamed through encryptStream into decryptStream, MiB/s"),
    ("openssl-gcm-4096", "openssl speed -evp aes-256-gcm -bytes 4096, MiB/s"),
    ("openssl-gcm-16384", "openssl speed -evp aes-256-gcm -bytes 16384, MiB/s"),
    ("swift-esdk-kms-0478-enc", "Swift, 1 KiB, 0x0478, KMS keyring on the canned KMS, no cache"),
    ("swift-esdk-kms-cache-0478-enc", "Swift, the same with the caching materials manager"),
    ("python-esdk-kms-cache-0478-enc", "Python, KMS master key provider + its caching manager"),
    ("swift-esdk-raw-0478-enc-2tasks", "Swift, 1 KiB, 0x0478, raw AES, encrypt, 2 tasks (both cores)"),
    ("swift-esdk-kms-cache-0478-enc-2tasks", "Swift, 1 KiB, 0x0478, KMS keyring + cache, 2 tasks (both cores)"),
]

COLD = [
    ("cold-kms", "kms generate-data-key (release build)"),
    ("cold-awscli", "aws kms generate-data-key (AWS CLI v1, its virtualenv)"),
    ("cold-boto3", "python3 boto3_once.py: import boto3, one generate_data_key"),
]


def parse(path):
    runs, signs, memory, cold = {}, {}, [], {}
    with open(path) as f:
        for line in f:
            kind, _, rest = line.strip().partition(" ")
            fields = dict(part.split("=", 1) for part in rest.split() if "=" in part)
            if kind == "RESULT" and "rps" in fields:
                runs.setdefault(fields["client"], []).append(fields)
            elif kind == "RESULT" and fields.get("client", "").startswith("cold-"):
                cold[fields["client"]] = fields
            elif kind == "RESULT" and "instructions_per_op" in fields:
                signs.setdefault(fields["client"], []).append(float(fields["instructions_per_op"]))
            elif kind == "RESULT" and "ns_per_op" in fields:
                signs.setdefault(fields["client"], []).append(float(fields["ns_per_op"]))
            elif kind == "MEMORY":
                memory.append(fields)
    return runs, signs, memory, cold


def median_of(rows, key):
    return statistics.median(float(row[key]) for row in rows)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    strict = "--strict" in sys.argv[2:]
    runs, signs, memory, cold = parse(sys.argv[1])
    failures = []

    print(f"{'client':<30} {'req/s median':>12} {'min - max':>19} {'CPU us/req':>10} {'threads':>7} {'rounds':>6} {'errors':>6}  what")
    for name, what in ORDER + [(n, "") for n in sorted(runs) if n not in dict(ORDER)]:
        rows = runs.get(name)
        if not rows:
            print(f"{name:<30} {'(not run)':>12}")
            continue
        rps = [float(row["rps"]) for row in rows]
        errors = sum(int(row.get("errors", 0)) for row in rows)
        if errors:
            failures.append(f"{name}: {errors} failed requests")
        print(
            f"{name:<30} {statistics.median(rps):>12.0f} {min(rps):>9.0f} - {max(rps):<7.0f} "
            f"{median_of(rows, 'cpu_us'):>10.1f} {max(int(row['threads']) for row in rows):>7} "
            f"{len(rows):>6} {errors:>6}  {what}"
        )

    def rps(name):
        return median_of(runs[name], "rps") if name in runs else None

    def per_round(ours, theirs, key):
        """Ratios of the two clients within each round (run seconds apart), so a load that
        comes and goes during the run cancels out more than in a ratio of medians."""
        by_round = {row.get("round"): float(row[key]) for row in runs.get(theirs, [])}
        ratios = [
            float(row[key]) / by_round[row.get("round")]
            for row in runs.get(ours, [])
            if by_round.get(row.get("round"))
        ]
        return ratios

    print()
    print("ratios: requests/s (median of per-round ratios, min - max) | CPU us per request (ratio of medians)")
    bars = []

    def ratio(label, ours, theirs, minimum=None):
        ratios = per_round(ours, theirs, "rps")
        if not ratios:
            print(f"  {label:<42} (missing)")
            if minimum is not None:
                bars.append((f"{label} >= {minimum}x", None))
            return
        value = statistics.median(ratios)
        their_cpu = median_of(runs[theirs], "cpu_us")
        cpu = f"CPU/req {median_of(runs[ours], 'cpu_us') / their_cpu:5.2f}x" if their_cpu > 0 else ""
        print(f"  {label:<42} {value:6.2f}x  ({min(ratios):.2f} - {max(ratios):.2f})   {cpu}")
        if minimum is not None:
            bars.append((f"{label} >= {minimum}x (req/s, median of rounds)", value >= minimum))

    ratio("swift-seq / c-multi-1", "swift-seq", "c-multi-1", 0.85)
    ratio("swift-seq / c-multi-plain-1", "swift-seq", "c-multi-plain-1")
    ratio("swift-seq / boto3", "swift-seq", "boto3", 10)
    ratio("swift-64 / c-multi-64", "swift-64", "c-multi-64", 0.85)
    ratio("c-multi-1 / boto3 (our architecture's ceiling)", "c-multi-1", "boto3")
    ratio("c-easy / boto3 (the transport's ceiling)", "c-easy", "boto3")
    ratio("c-raw / boto3 (without libcurl)", "c-raw", "boto3")
    ratio("swift-seq / c-easy", "swift-seq", "c-easy")
    ratio("c-multi-1 / c-easy (cost of the hop)", "c-multi-1", "c-easy")
    ratio("swift-http-seq / c-multi-1", "swift-http-seq", "c-multi-1")
    ratio("swift-http-64 / c-multi-64", "swift-http-64", "c-multi-64")
    ratio("swift-seq / swift-http-seq", "swift-seq", "swift-http-seq")
    ratio("swift-seq on curl executor / c-multi-1", "swift-seq-curlexec", "c-multi-1")
    ratio("swift-seq on curl executor / c-easy", "swift-seq-curlexec", "c-easy")
    ratio("swift-seq on curl executor / swift-seq", "swift-seq-curlexec", "swift-seq")
    if any(name.endswith(("-tls", "-h2")) for name in runs):
        ratio("TLS: swift-seq / c-multi-1", "swift-seq-tls", "c-multi-1-tls", 0.9)
        ratio("TLS: swift-seq / c-easy", "swift-seq-tls", "c-easy-tls")
        ratio("TLS: swift-seq / boto3", "swift-seq-tls", "boto3-tls")
        ratio("TLS: swift-seq on curl executor / c-multi-1", "swift-seq-curlexec-tls", "c-multi-1-tls")
        ratio("TLS: swift-seq on curl executor / swift-seq", "swift-seq-curlexec-tls", "swift-seq-tls")
        ratio("TLS: swift-64 / c-multi-64", "swift-64-tls", "c-multi-64-tls", 1.0)
        ratio("TLS, h2 offered: swift-64 / c-multi-64", "swift-64-h2", "c-multi-64-h2", 1.0)
        ratio("TLS: swift-64 taking h2 / swift-64 HTTP/1.1", "swift-64-http2", "swift-64-tls")
        ratio("TLS, both on h2: swift-64 / c-multi-64", "swift-64-http2", "c-multi-64-http2")
        ratio("TLS: C taking h2 / C HTTP/1.1 (h2's own cost)", "c-multi-64-http2", "c-multi-64-tls")
    if any(name.startswith(("swift-esdk-", "python-esdk-")) for name in runs):
        ratio("envelope 1 KiB 0x0478 encrypt: swift / python", "swift-esdk-raw-0478-enc", "python-esdk-raw-0478-enc", 30)
        ratio("envelope 1 KiB 0x0478 decrypt: swift / python", "swift-esdk-raw-0478-dec", "python-esdk-raw-0478-dec", 30)
        ratio("envelope 1 KiB 0x0578 encrypt: swift / python", "swift-esdk-raw-0578-enc", "python-esdk-raw-0578-enc", 1)
        ratio("envelope 1 KiB 0x0578 decrypt: swift / python", "swift-esdk-raw-0578-dec", "python-esdk-raw-0578-dec", 1)
        ratio("envelope 1 MiB encrypt / openssl gcm 4096", "swift-esdk-1m-enc", "openssl-gcm-4096", 0.8)
        ratio("envelope 1 MiB decrypt / openssl gcm 4096", "swift-esdk-1m-dec", "openssl-gcm-4096")
        ratio("envelope 1 MiB encrypt / openssl gcm 16384", "swift-esdk-1m-enc", "openssl-gcm-16384")
        ratio("envelope 1 MiB decrypt / openssl gcm 16384", "swift-esdk-1m-dec", "openssl-gcm-16384")
        ratio("cached KMS 1 KiB: swift / python (both cached)", "swift-esdk-kms-cache-0478-enc", "python-esdk-kms-cache-0478-enc", 30)
        ratio("KMS 1 KiB: swift cached / swift uncached", "swift-esdk-kms-cache-0478-enc", "swift-esdk-kms-0478-enc")
        ratio("2 tasks: 1 KiB 0x0478 encrypt: swift / python", "swift-esdk-raw-0478-enc-2tasks", "python-esdk-raw-0478-enc")
        ratio("2 tasks: cached KMS 1 KiB: swift / python", "swift-esdk-kms-cache-0478-enc-2tasks", "python-esdk-kms-cache-0478-enc")

    if "swift-esdk-stream-1g" in runs:
        peak = max(int(row.get("peak_rss_kb", 0)) for row in runs["swift-esdk-stream-1g"])
        bars.append((f"peak RSS of a 1 GiB streamed encrypt and decrypt < 64 MiB (saw {peak / 1024:.1f} MiB)", 0 < peak < 64 * 1024))

    if "swift-64" in runs:
        threads = max(int(row["threads"]) for row in runs["swift-64"])
        bars.append((f"threads during swift-64 < 10 (saw {threads})", threads < 10))

    c_sign = min(signs["c-sign"]) if "c-sign" in signs else None
    s_sign = min(signs["swift-sign"]) if "swift-sign" in signs else None
    if c_sign and s_sign:
        print(f"  {'sign, key cached: swift signHeaders / C':<42} {s_sign / c_sign:6.2f}x  ({s_sign:.0f} ns vs {c_sign:.0f} ns per signature)")
        bars.append((f"signing, key cached <= 2x C ({s_sign:.0f} ns vs {c_sign:.0f} ns)", s_sign <= 2 * c_sign))
    elif c_sign:
        print(f"  sign: C reference {c_sign:.0f} ns/op (Swift figure missing)")
    c_instr = signs.get("c-sign-instructions")
    s_instr = signs.get("swift-sign-instructions")
    if c_instr and s_instr:
        print(
            f"  {'sign, instructions: swift / C':<42} {s_instr[0] / c_instr[0]:6.2f}x  "
            f"({s_instr[0]:,.0f} vs {c_instr[0]:,.0f} instructions per signature, callgrind)"
        )

    if cold:
        print()
        print("cold start: one generate-data-key from a new process, start to exit (median of runs)")
        print(f"  {'command':<14} {'ms median':>9} {'min - max':>17} {'CPU ms':>7} {'runs':>5} {'errors':>6}")
        for name, what in COLD:
            row = cold.get(name)
            if not row:
                print(f"  {name:<14} {'(not run)':>9}")
                continue
            if int(row["errors"]):
                failures.append(f"{name}: {row['errors']} failed runs")
            print(
                f"  {name:<14} {float(row['ms']):>9.1f} {float(row['ms_min']):>7.1f} - {float(row['ms_max']):<7.1f} "
                f"{float(row['cpu_ms']):>7.1f} {row['runs']:>5} {row['errors']:>6}  {what}"
            )
        if "cold-kms" in cold:
            ours = float(cold["cold-kms"]["ms"])
            for name in ("cold-awscli", "cold-boto3"):
                if name in cold:
                    print(f"  {name} / cold-kms (how many times longer): {float(cold[name]['ms']) / ours:.1f}x")

    for row in memory:
        growth = float(row["growth_pct"])
        label = (
            f"RSS after {int(row['calls']):,} calls within 10% of after {int(row['first_at']):,} "
            f"({row['rss_kb_end']} vs {row['rss_kb_first']} KiB, {growth:+.1f}%)"
        )
        bars.append((label, abs(growth) <= 10 and int(row.get("errors", 0)) == 0))

    print()
    print("bars")
    for label, ok in bars:
        mark = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        print(f"  [{mark}] {label}")
        if ok is False:
            failures.append(label)
    if failures and strict:
        print("\nmissed: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
