"""What most users know: boto3's KMS generate_data_key in a loop against the local endpoint.

Fake credentials, no config or credentials files, instance metadata disabled, no retries, so
nothing but the loopback endpoint is ever contacted. Sequential, one client, one connection
kept alive (botocore's urllib3 pool).

usage: python3 boto3_loop.py PORT SECONDS
prints: RESULT client=boto3 requests=... rps=... cpu_us=... threads=... rss_kb=...
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loop_support import isolate_aws_environment, timed_loop  # noqa: E402

# Before boto3 is imported: nothing from the user's files or the network's metadata service.
isolate_aws_environment()

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    port, duration = int(sys.argv[1]), float(sys.argv[2])
    # The TLS rounds: BENCH_SCHEME=https, BENCH_CAFILE (the throwaway CA), BENCH_SUFFIX.
    scheme = os.environ.get("BENCH_SCHEME") or "http"
    kms = boto3.session.Session().client(
        "kms",
        endpoint_url=f"{scheme}://127.0.0.1:{port}",
        verify=os.environ.get("BENCH_CAFILE") or None,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=True),
    )
    kms.generate_data_key(KeyId="alias/bench", NumberOfBytes=32)  # warm-up: loads the model

    return timed_loop(
        "boto3" + os.environ.get("BENCH_SUFFIX", ""), duration, lambda: len(kms.generate_data_key(KeyId="alias/bench", NumberOfBytes=32)["Plaintext"]) == 32
    )


if __name__ == "__main__":
    sys.exit(main())
