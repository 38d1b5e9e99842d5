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
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "esdk"))
from loop_support import isolate_aws_environment, timed_loop  # noqa: E402

# Before boto3 is imported: nothing from the user's files or the network's metadata service.
isolate_aws_environment()

import aws_encryption_sdk  # noqa: E402
import botocore.session  # noqa: E402
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy  # noqa: E402

import esdk_peer  # noqa: E402

KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PLAINTEXT = bytes(range(256)) * 4


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
    return timed_loop("python-esdk-" + mode, duration, lambda: len(run()) >= len(PLAINTEXT))


if __name__ == "__main__":
    sys.exit(main())
