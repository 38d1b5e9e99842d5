#!/usr/bin/env python3
"""Writes known-answer messages made by the official AWS Encryption SDK for Python.

Run in the `esdk` virtualenv: `$(bash scripts/peers/ensure.sh esdk)/python scripts/esdk/make_kat.py OUT.json`.
Each entry: the suite, frame length (0 = non-framed), the raw AES keyring (a fixed, obviously
fake test key), plaintext, encryption context and the message the Python SDK wrote, all hex.
Messages are random (message id, IVs, data key, signing key), so a new run gives new bytes that
must decrypt all the same.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import esdk_peer  # noqa: E402

KEYRING = {"type": "raw-aes", "namespace": "swift-kms-tests", "name": "kat-key", "keyHex": bytes(range(32)).hex()}
SUITES = [0x0578, 0x0478, 0x0378, 0x0346, 0x0214, 0x0178, 0x0146, 0x0114, 0x0078, 0x0046, 0x0014]
CONTEXTS = [{}, {"purpose": "known answer", "ключ": "värde ✓"}]


def cases():
    for suite in SUITES:
        policy = "requireEncryptRequireDecrypt" if suite in (0x0578, 0x0478) else "forbidEncryptAllowDecrypt"
        for frame_length, lengths in ((128, (0, 1, 127, 128, 129, 300)), (0, (0, 20))):
            for index, length in enumerate(lengths):
                yield {
                    "suite": suite,
                    "frameLength": frame_length,
                    "plaintextHex": bytes((i * 7 + length) % 256 for i in range(length)).hex(),
                    "context": CONTEXTS[index % 2],
                    "keyring": KEYRING,
                    "commitmentPolicy": policy,
                }


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_kat.py OUT.json")
    entries = []
    for case in cases():
        result = esdk_peer.encrypt(case)
        entries.append(dict(case, messageHex=result["messageHex"]))
    with open(sys.argv[1], "w") as out:
        json.dump(entries, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print("wrote %d messages to %s" % (len(entries), sys.argv[1]))


if __name__ == "__main__":
    main()
