#!/usr/bin/env python3
"""The official AWS Encryption SDK for Python as an interop peer of our Swift implementation.

Runs in the `esdk` virtualenv (scripts/peers/ensure.sh esdk). Reads a JSON list of cases (from
the file named after the operation, or stdin) and writes a JSON list of results on stdout, one
process for a whole batch (importing the SDK costs far more than a message):

  esdk_peer.py encrypt   case: {"suite": 0x0578, "frameLength": 4096, "plaintextHex": "..",
                                "context": {..}, "keyring": KEYRING, "commitmentPolicy": POLICY}
                         result: {"messageHex": ".."} or {"error": ".."}
  esdk_peer.py decrypt   case: {"messageHex": "..", "keyring": KEYRING, "commitmentPolicy": POLICY}
                         result: {"plaintextHex": "..", "context": {..}, "suite": N} or {"error": ".."}

KEYRING is {"type": "raw-aes", "namespace": "..", "name": "..", "keyHex": ".."} (a raw AES-256
wrapping key) or {"type": "kms", "keyIds": ["arn:.."]} (the KMS keyring; the endpoint comes from
AWS_ENDPOINT_URL_KMS, which must be a loopback URL). POLICY is one of forbidEncryptAllowDecrypt,
requireEncryptAllowDecrypt, requireEncryptRequireDecrypt (the default).

Only loopback is ever contacted: a KMS case without AWS_ENDPOINT_URL_KMS pointing at 127.0.0.1
or ::1 is refused before any call.
"""
import json
import os
import sys
from urllib.parse import urlparse

import aws_encryption_sdk
import botocore.session
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider

POLICIES = {
    "forbidEncryptAllowDecrypt": CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
    "requireEncryptAllowDecrypt": CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
    "requireEncryptRequireDecrypt": CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
}


def raw_aes_provider(namespace, name, key):
    class StaticRawAESProvider(RawMasterKeyProvider):
        provider_id = namespace

        def _get_raw_key(self, key_id):
            return WrappingKey(
                wrapping_algorithm=WrappingAlgorithm.AES_256_GCM_IV12_TAG16_NO_PADDING,
                wrapping_key=key,
                wrapping_key_type=EncryptionKeyType.SYMMETRIC,
            )

    provider = StaticRawAESProvider()
    provider.add_master_key(name.encode("utf-8"))
    return provider


def require_loopback_kms():
    url = os.environ.get("AWS_ENDPOINT_URL_KMS", "")
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise SystemExit("esdk_peer: AWS_ENDPOINT_URL_KMS must be a loopback URL, got %r" % url)


def key_provider(spec):
    if spec["type"] == "raw-aes":
        return raw_aes_provider(spec["namespace"], spec["name"], bytes.fromhex(spec["keyHex"]))
    if spec["type"] == "kms":
        require_loopback_kms()
        return aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(
            key_ids=spec["keyIds"], botocore_session=botocore.session.Session()
        )
    raise ValueError("unknown keyring type %r" % spec["type"])


def client_for(case):
    return aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=POLICIES[case.get("commitmentPolicy", "requireEncryptRequireDecrypt")]
    )


def encrypt(case):
    message, _ = client_for(case).encrypt(
        source=bytes.fromhex(case["plaintextHex"]),
        key_provider=key_provider(case["keyring"]),
        encryption_context=case.get("context", {}),
        algorithm=Algorithm.get_by_id(case["suite"]),
        frame_length=case.get("frameLength", 4096),
    )
    return {"messageHex": message.hex()}


def decrypt(case):
    plaintext, header = client_for(case).decrypt(
        source=bytes.fromhex(case["messageHex"]), key_provider=key_provider(case["keyring"])
    )
    return {
        "plaintextHex": plaintext.hex(),
        "context": dict(header.encryption_context),
        "suite": header.algorithm.algorithm_id,
    }


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in ("encrypt", "decrypt"):
        raise SystemExit("usage: esdk_peer.py encrypt|decrypt [CASES.json] > results.json")
    operation = encrypt if sys.argv[1] == "encrypt" else decrypt
    if len(sys.argv) == 3:
        with open(sys.argv[2]) as source:
            cases = json.load(source)
    else:
        cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(operation(case))
        except Exception as error:  # one case's failure is that case's result, not the batch's
            results.append({"error": "%s: %s" % (type(error).__name__, error)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
