"""What most users know: boto3's KMS generate_data_key in a loop against the local endpoint.

Fake credentials, no config or credentials files, instance metadata disabled, no retries, so
nothing but the loopback endpoint is ever contacted. Sequential, one client, one connection
kept alive (botocore's urllib3 pool).

usage: python3 boto3_loop.py PORT SECONDS
prints: RESULT client=boto3 requests=... rps=... cpu_us=... threads=... rss_kb=...
"""
import os
import resource
import sys
import time

# Before boto3 is imported: nothing from the user's files or the network's metadata service.
os.environ.update(
    {
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
)
for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(name, None)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402


def status_field(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    port, duration = int(sys.argv[1]), float(sys.argv[2])
    kms = boto3.session.Session().client(
        "kms",
        endpoint_url=f"http://127.0.0.1:{port}",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=True),
    )
    kms.generate_data_key(KeyId="alias/bench", NumberOfBytes=32)  # warm-up: loads the model

    requests = errors = 0
    threads = status_field("Threads")
    cpu0, t0 = cpu_seconds(), time.monotonic()
    deadline = t0 + duration
    now = t0
    while now < deadline:
        try:
            reply = kms.generate_data_key(KeyId="alias/bench", NumberOfBytes=32)
            if len(reply["Plaintext"]) == 32:
                requests += 1
            else:
                errors += 1
        except Exception as error:  # counted, and the first one is shown
            if errors == 0:
                print(f"boto3_loop: request failed: {type(error).__name__}", file=sys.stderr)
            errors += 1
        if requests % 256 == 0:
            threads = max(threads, status_field("Threads"))
        now = time.monotonic()
    seconds, cpu = now - t0, cpu_seconds() - cpu0
    print(
        f"RESULT client=boto3 requests={requests} errors={errors} seconds={seconds:.3f} "
        f"rps={requests / seconds:.1f} cpu_us={cpu * 1e6 / max(requests, 1):.2f} "
        f"threads={threads} rss_kb={status_field('VmRSS')}",
        flush=True,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
