"""`openssl speed -evp aes-256-gcm` as a client line of the harness: AES-256-GCM throughput of
this machine's libcrypto (one core), what the envelope's 1 MiB figure is set against.

usage: python3 openssl_speed.py SECONDS BYTES
prints: RESULT client=openssl-gcm-BYTES rps=<MiB per second> mb_s=<MB per second> ...
        (rps counts MiB, so it compares directly with the 1 MiB envelope runs)
"""
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    seconds, size = int(float(sys.argv[1])), int(sys.argv[2])
    run = subprocess.run(
        ["openssl", "speed", "-seconds", str(max(seconds, 1)), "-bytes", str(size), "-evp", "aes-256-gcm"],
        capture_output=True, text=True, check=True,
    )
    match = re.search(r"^aes-256-gcm\s+([0-9.]+)k\s*$", run.stdout, re.IGNORECASE | re.MULTILINE)
    if not match:
        print("openssl_speed: no aes-256-gcm figure in openssl's output", file=sys.stderr)
        return 1
    per_second = float(match.group(1)) * 1000
    print(
        f"RESULT client=openssl-gcm-{size} requests=0 errors=0 seconds={seconds} "
        f"rps={per_second / (1 << 20):.1f} mb_s={per_second / 1e6:.1f} cpu_us=0 threads=1 rss_kb=0",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
