"""What the Python clients of the harness share: an environment that can reach nothing but the
loopback endpoint, and the timed loop that prints the harness's RESULT line.

Imported by boto3_loop.py and esdk_python_loop.py, each before it imports boto3.
"""
import os
import resource
import sys
import time


def isolate_aws_environment():
    """Fake credentials, no config or credentials files, no instance metadata, no proxy: set
    before boto3 is imported, so nothing of the user's files or the network's metadata service
    is read and only the loopback endpoint given to the client is contacted."""
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
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS",
                 "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)


def status_field(field):
    """A numeric field of /proc/self/status (Threads, VmRSS, …), or -1."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_loop(client, duration, call):
    """Calls `call()` (True when its answer was right) until `duration` seconds have passed,
    prints the RESULT line for `client`, and returns the exit status (1 when any call failed)."""
    done = errors = 0
    threads = status_field("Threads")
    cpu0, t0 = cpu_seconds(), time.monotonic()
    deadline = t0 + duration
    now = t0
    while now < deadline:
        try:
            if call():
                done += 1
            else:
                errors += 1
        except Exception as error:  # counted, and the first one is shown
            if errors == 0:
                print(f"{client}: call failed: {type(error).__name__}: {error}", file=sys.stderr)
            errors += 1
        if done % 256 == 0:
            threads = max(threads, status_field("Threads"))
        now = time.monotonic()
    seconds, cpu = now - t0, cpu_seconds() - cpu0
    print(
        f"RESULT client={client} requests={done} errors={errors} seconds={seconds:.3f} "
        f"rps={done / seconds:.1f} cpu_us={cpu * 1e6 / max(done, 1):.2f} "
        f"threads={threads} rss_kb={status_field('VmRSS')}",
        flush=True,
    )
    return 1 if errors else 0
