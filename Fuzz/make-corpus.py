#!/usr/bin/env python3
"""Writes the seed corpus of FuzzKMSResponses from the test fixtures (Tests/KMSTests/Fixtures).

Each fixture's response becomes one seed in the fuzz target's input layout: operation byte,
status byte, header control byte, header value, body (see FuzzKMSResponses.swift). Run from the
repository root or anywhere: paths are taken from this file's place. Output is deterministic
(file names are content hashes), so re-running it changes nothing unless the fixtures changed.
"""
import base64
import glob
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "KMSTests", "Fixtures")
OUT = os.path.join(HERE, "Corpus", "FuzzKMSResponses")

# Keep in step with `Operation` and `statuses` in FuzzKMSResponses.swift.
OPERATIONS = {
    "ListKeys": [0, 1], "GenerateDataKey": [2], "GenerateDataKeyWithoutPlaintext": [3],
    "Decrypt": [4], "Encrypt": [5], "DescribeKey": [6], "CreateKey": [7],
}
STATUSES = [200, 400, 500, 403, 429, 503, 502, 201, 404, 413, 301, 204]


def seed(operation, response):
    status = response.get("status", 200)
    status_index = STATUSES.index(status) if status in STATUSES else (0 if status < 300 else 1)
    headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    if "x-amzn-errortype" in headers:
        kind, value = 1, headers["x-amzn-errortype"]
    elif "retry-after" in headers:
        kind, value = 2, headers["retry-after"]
    else:
        kind, value = 0, headers.get("x-amzn-requestid", "")
    value = value.encode()[:63]
    if "bodyBase64" in response:
        body = base64.b64decode(response["bodyBase64"])
    else:
        body = (response.get("body") or "").encode()
    return [bytes([op, status_index, (kind << 6) | len(value)]) + value + body for op in OPERATIONS[operation]]


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*")):
        os.remove(old)
    seeds = set()
    for path in sorted(glob.glob(os.path.join(FIXTURES, "**", "*.json"), recursive=True)):
        with open(path) as f:
            fixture = json.load(f)
        exchanges = fixture if isinstance(fixture, list) else [fixture]
        for exchange in exchanges:
            if not isinstance(exchange, dict) or "response" not in exchange:
                continue
            operation = exchange.get("operation") or exchange["request"]["headers"]["X-Amz-Target"].split(".")[-1]
            if operation in OPERATIONS:
                seeds.update(seed(operation, exchange["response"]))
    for data in sorted(seeds):
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds)} seeds in {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
