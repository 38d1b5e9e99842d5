"""The official AWS Encryption SDK for Python, in a loop: what our envelope figures are set
against. Runs in the `esdk` virtualenv (scripts/peers/ensure.sh esdk).

Modes (1 KiB plaintexts, frame length 4096, one message at a time):
  raw-0478-enc | raw-0478-dec | raw-0578-enc | raw-0578-dec
        a raw AES-256 keyring (no network)
  kms-cache-0478-enc
        the KMS master key provider against the canned KMS on 127.0.0.1:PORT behind the SDK's
        own caching materials manager (LocalCryptoMaterialsCache, max age 600 s, limits high
        enough never to be reached in a run)

Fake credentials, no config files, no instance metadata: only 127.0.0.1 is contacted.

usage: python esdk_python_loop.py MODE SECONDS [PORT]
prints: RESULT client=python-esdk-MODE requests=... rps=... cpu_us=... threads=... rss_kb=...
        (a "request" is one message encrypted or decrypted)
"""
import os
import resource
import sys
import time

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
for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(name, None)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "esdk"))

import aws_encryption_sdk  # noqa: E402
import botocore.session  # noqa: E402
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy  # noqa: E402

import esdk_peer  # noqa: E402

KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PLAINTEXT = bytes(range(256)) * 4


def status_field(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def operation(mode, port):
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    if mode.startswith("raw-"):
        suite = Algorithm.get_by_id(int(mode[4:8], 16))
        provider = esdk_peer.raw_aes_provider("bench", "bench-key", bytes(32))
        if mode.endswith("-enc"):
            return lambda: client.encrypt(source=PLAINTEXT, key_provider=provider, algorithm=suite, frame_length=4096)[0]
        message = client.encrypt(source=PLAINTEXT, key_provider=provider, algorithm=suite, frame_length=4096)[0]
        return lambda: client.decrypt(source=message, key_provider=provider)[0]
    if mode == "kms-cache-0478-enc":
        os.environ["AWS_ENDPOINT_URL_KMS"] = "http://127.0.0.1:%d" % port
        provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[KEY_ARN], botocore_session=botocore.session.Session())
        cache = aws_encryption_sdk.LocalCryptoMaterialsCache(capacity=100)
        manager = aws_encryption_sdk.CachingCryptoMaterialsManager(
            master_key_provider=provider, cache=cache, max_age=600.0, max_messages_encrypted=1 << 32
        )
        suite = Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY
        return lambda: client.encrypt(source=PLAINTEXT, materials_manager=manager, algorithm=suite, frame_length=4096)[0]
    raise SystemExit("esdk_python_loop: unknown mode %r" % mode)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    mode, duration = sys.argv[1], float(sys.argv[2])
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    run = operation(mode, port)
    run()  # warm-up: imports, first KMS call, caches
    done = errors = 0
    threads = status_field("Threads")
    cpu0, t0 = cpu_seconds(), time.monotonic()
    deadline = t0 + duration
    now = t0
    while now < deadline:
        try:
            if len(run()) >= len(PLAINTEXT):
                done += 1
            else:
                errors += 1
        except Exception as error:  # counted, and the first one is shown
            if errors == 0:
                print(f"esdk_python_loop: {type(error).__name__}: {error}", file=sys.stderr)
            errors += 1
        now = time.monotonic()
    seconds, cpu = now - t0, cpu_seconds() - cpu0
    print(
        f"RESULT client=python-esdk-{mode} requests={done} errors={errors} seconds={seconds:.3f} "
        f"rps={done / seconds:.1f} cpu_us={cpu * 1e6 / max(done, 1):.2f} "
        f"threads={threads} rss_kb={status_field('VmRSS')}",
        flush=True,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
