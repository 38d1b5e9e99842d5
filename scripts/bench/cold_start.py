"""Cold start: one GenerateDataKey from a new process, start to exit, against the canned KMS on
127.0.0.1: our `kms` command (release build), the AWS CLI (`aws kms generate-data-key`, its
pinned virtualenv) and a boto3 script making the same call (boto3_once.py). The three run in
turn, RUNS times each (a first, unmeasured run of each warms the page cache); every run must
exit 0 with a data key in its output, or it counts as an error.

Each command gets the same isolated environment as the loops (loop_support.py): fake
credentials, no config files, instance metadata off, no proxy.

usage: python3 cold_start.py PORT RUNS KMS_BINARY AWS_CLI_BINARY
prints per command: RESULT client=cold-… runs=N errors=E ms=MEDIAN ms_min=… ms_max=… cpu_ms=MEDIAN
"""
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loop_support import isolate_aws_environment  # noqa: E402


def commands(port, kms, aws):
    endpoint = f"http://127.0.0.1:{port}"
    here = os.path.dirname(os.path.abspath(__file__))
    call = ["generate-data-key", "--key-id", "alias/bench", "--number-of-bytes", "32",
            "--endpoint-url", endpoint, "--region", "us-east-1"]
    return {
        "cold-kms": [kms, *call],
        "cold-awscli": [aws, "kms", *call],
        "cold-boto3": [sys.executable, os.path.join(here, "boto3_once.py"), str(port)],
    }


def run_once(argv):
    """Wall and CPU milliseconds of one run, and whether it gave a data key."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    ok = done.returncode == 0 and b"Plaintext" in done.stdout
    if not ok:
        sys.stderr.write(f"cold_start: {argv[0]} exited {done.returncode}: {done.stderr.decode(errors='replace')[-300:]}\n")
    return wall, cpu, ok


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 64
    port, runs, kms, aws = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    isolate_aws_environment()
    table = commands(port, kms, aws)
    samples = {name: ([], [], 0) for name in table}
    for name, argv in table.items():
        run_once(argv)
    for _ in range(runs):
        for name, argv in table.items():
            wall, cpu, ok = run_once(argv)
            walls, cpus, errors = samples[name]
            walls.append(wall)
            cpus.append(cpu)
            samples[name] = (walls, cpus, errors + (0 if ok else 1))
    for name, (walls, cpus, errors) in samples.items():
        print(
            f"RESULT client={name} runs={runs} errors={errors} ms={statistics.median(walls):.1f} "
            f"ms_min={min(walls):.1f} ms_max={max(walls):.1f} cpu_ms={statistics.median(cpus):.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
