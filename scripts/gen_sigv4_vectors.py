#!/usr/bin/env python3
"""Writes Tests/AWSSigV4Tests/Vectors/botocore-sigv4.json: SigV4 vectors computed by botocore.

Each vector is signed by botocore's own signers (botocore.auth.SigV4Auth for header signing,
botocore.auth.SigV4QueryAuth for presigned URLs) with fixed fake credentials and a fixed
clock (botocore.auth.get_current_datetime patched, as botocore's own tests patch the clock).
The Swift tests feed the same inputs to SigV4Signer and compare every output byte for byte:
canonical request, string to sign, signature, the headers added (Authorization included) or
the presigned query string.

Inputs are chosen where the SigV4 specification and botocore agree. botocore canonicalizes a
query taken from the URL as it is (no re-encoding), so the query of most vectors is written
the way botocore sends it (percent-encoded by botocore.utils.percent_encode_sequence). A few
vectors give Swift the raw text (UTF-8, reserved characters) while botocore signs the same
parameters from `params`, which it encodes itself. Presigned vectors avoid repeated keys and
`+` (botocore re-parses the query with parse_qs, which keeps one value per key and reads `+` as
a space) and empty bodies only (it moves a body into the query).

Large bodies are stored as a recipe ({"pattern": ..., "length": N}: the pattern's UTF-8 bytes
repeated and cut to N bytes), not inline. The script never touches the network.

Usage: python3 scripts/gen_sigv4_vectors.py   (from the package root; rewrites the file)
"""

import base64
import datetime
import hashlib
import json
import os
import socket
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

# The example credentials of the AWS documentation: fake, and known to be fake.
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# Temporary credentials: an ASIA key id and a made-up token with `/`, `+` and `=` in it.
TEMP_ACCESS_KEY_ID = "ASIAIOSFODNN7EXAMPLE"
TEMP_SECRET_ACCESS_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
SESSION_TOKEN = (
    "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDfakeSessionToken+ONLY/"
    "forTests+NotARealToken/EXAMPLEEXAMPLEEXAMPLE0123456789abcdefABCDEF+/==")

DEFAULT_TIMESTAMP = "2026-11-25T09:30:00Z"
KMS_CONTENT_TYPE = "application/x-amz-json-1.1"
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "AWSSigV4Tests",
                      "Vectors", "botocore-sigv4.json")


def body_bytes(spec):
    """The bytes a body recipe stands for."""
    if spec is None:
        return b""
    if "text" in spec:
        return spec["text"].encode("utf-8")
    pattern = spec["pattern"].encode("utf-8")
    length = spec["length"]
    return (pattern * (length // len(pattern) + 1))[:length]


def parse_timestamp(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def epoch_seconds(text):
    return int(parse_timestamp(text).replace(tzinfo=datetime.timezone.utc).timestamp())


def recording(signer_class):
    """A subclass of a botocore signer that keeps its intermediate strings."""

    class Recording(signer_class):
        def canonical_request(self, request):
            self.recorded_canonical_request = super().canonical_request(request)
            return self.recorded_canonical_request

        def string_to_sign(self, request, canonical_request):
            self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
            return self.recorded_string_to_sign

        def signature(self, string_to_sign, request):
            self.recorded_signature = super().signature(string_to_sign, request)
            return self.recorded_signature

    return Recording


def credentials(temporary):
    if temporary:
        return Credentials(TEMP_ACCESS_KEY_ID, TEMP_SECRET_ACCESS_KEY, SESSION_TOKEN)
    return Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def credentials_json(temporary):
    creds = credentials(temporary)
    result = {"accessKeyId": creds.access_key, "secretAccessKey": creds.secret_key}
    if creds.token:
        result["sessionToken"] = creds.token
    return result


def build_request(method, url, headers, body, params):
    request = AWSRequest(method=method, url=url, data=body, params=params or {})
    for name, value in headers:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay separate
    return request


def host_headers(url, headers):
    """The headers Swift is given: Host first (as botocore derives it when absent), then the rest."""
    if any(name.lower() == "host" for name, _ in headers):
        return [list(h) for h in headers]
    return [["Host", botocore.auth._host_from_url(url)]] + [list(h) for h in headers]


def header_vector(name, url, headers=(), *, method="POST", body=None, temporary=False,
                  region="us-east-1", service="kms", timestamp=DEFAULT_TIMESTAMP,
                  payload="bytes", params=None, swift_query=None):
    """A header-signing vector.

    payload: "bytes" (Swift hashes the body), "precomputed" (Swift is given the hash),
    "content-sha256" (both add and sign x-amz-content-sha256 with the body hash),
    "unsigned" (UNSIGNED-PAYLOAD, announced in a signed x-amz-content-sha256).
    params: query parameters botocore signs from `params` (it encodes them); swift_query is then
    the raw text Swift is given for them.
    """
    data = body_bytes(body)
    botocore_headers = list(headers)
    if payload == "content-sha256":
        botocore_headers.append(("X-Amz-Content-SHA256", hashlib.sha256(data).hexdigest()))
    request = build_request(method, url, botocore_headers, data, params)
    if payload == "unsigned":
        request.context["payload_signing_enabled"] = False
    signer = recording(botocore.auth.SigV4Auth)(credentials(temporary), service, region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=parse_timestamp(timestamp)):
        signer.add_auth(request)

    given = {(n.lower(), v) for n, v in headers}
    added = [[n, v] for n, v in request.headers.items() if (n.lower(), v) not in given]
    assert [n.lower() for n, _ in added][-1] == "authorization", added

    parts = urlsplit(url)
    if payload == "precomputed":
        payload_json = {"kind": "precomputedHash", "hash": hashlib.sha256(data).hexdigest()}
    elif payload == "unsigned":
        payload_json = {"kind": "unsigned"}
    else:
        payload_json = {"kind": "bytes", "body": body}
    return {
        "name": name,
        "mode": "header",
        "region": region,
        "service": service,
        "timestamp": timestamp,
        "epochSeconds": epoch_seconds(timestamp),
        "credentials": credentials_json(temporary),
        "options": {"addContentSHA256Header": payload in ("content-sha256", "unsigned")},
        "request": {
            "method": method,
            "path": parts.path,
            "query": swift_query if swift_query is not None else parts.query,
            "headers": host_headers(url, headers),
            "payload": payload_json,
        },
        "expected": {
            "canonicalRequest": signer.recorded_canonical_request,
            "stringToSign": signer.recorded_string_to_sign,
            "signature": signer.recorded_signature,
            "headers": added,
        },
    }


def query_vector(name, url, headers=(), *, method="GET", expires=3600, temporary=False,
                 region="us-east-1", service="execute-api", timestamp=DEFAULT_TIMESTAMP):
    """A presigned-URL vector (empty body; the query as botocore sends it)."""
    request = build_request(method, url, list(headers), b"", None)
    signer = recording(botocore.auth.SigV4QueryAuth)(credentials(temporary), service, region,
                                                     expires=expires)
    with mock.patch("botocore.auth.get_current_datetime", return_value=parse_timestamp(timestamp)):
        signer.add_auth(request)
    parts = urlsplit(url)
    sent = urlsplit(request.url)
    assert sent.path == parts.path
    return {
        "name": name,
        "mode": "query",
        "region": region,
        "service": service,
        "timestamp": timestamp,
        "epochSeconds": epoch_seconds(timestamp),
        "credentials": credentials_json(temporary),
        "options": {"addContentSHA256Header": False},
        "expires": expires,
        "request": {
            "method": method,
            "path": parts.path,
            "query": parts.query,
            "headers": host_headers(url, headers),
            "payload": {"kind": "bytes", "body": None},
        },
        "expected": {
            "canonicalRequest": signer.recorded_canonical_request,
            "stringToSign": signer.recorded_string_to_sign,
            "signature": signer.recorded_signature,
            "query": sent.query,
        },
    }


def kms_headers(operation, extra=()):
    return [("Content-Type", KMS_CONTENT_TYPE), ("X-Amz-Target", f"TrentService.{operation}")] + list(extra)


def kms_body(document):
    return {"text": json.dumps(document, ensure_ascii=False, separators=(",", ":"))}


def fake_blob(seed, length):
    """Deterministic fake ciphertext, base64 (never a real key)."""
    data = hashlib.sha256(seed.encode()).digest()
    while len(data) < length:
        data += hashlib.sha256(data).digest()
    return base64.b64encode(data[:length]).decode()


def vectors():
    v = []
    kms = "https://kms.us-east-1.amazonaws.com/"
    key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    user_agent = ("User-Agent", "Boto3/1.35.0 md/Botocore#1.43.11 ua/2.0 os/linux lang/python#3.11.7")

    # KMS JSON 1.1 operations, with long-term and with temporary credentials.
    operations = [
        ("ListKeys", {}),
        ("ListKeys", {"Limit": 100, "Marker": "eyJ0b2tlbiI6IkVYQU1QTEUifQ=="}),
        ("GenerateDataKey", {"KeyId": "alias/my-app-key", "NumberOfBytes": 32}),
        ("GenerateDataKey", {"KeyId": key_arn, "KeySpec": "AES_256",
                             "EncryptionContext": {"purpose": "test", "tenant": "ünïcode-välue"},
                             "GrantTokens": ["grant-token-1", "grant-token-2"]}),
        ("Decrypt", {"CiphertextBlob": fake_blob("decrypt", 184)}),
        ("Encrypt", {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
                     "Plaintext": base64.b64encode(b"not a secret, just test bytes").decode()}),
        ("CreateKey", {"Description": "swift-kms test key", "KeyUsage": "ENCRYPT_DECRYPT",
                       "KeySpec": "SYMMETRIC_DEFAULT"}),
        ("DescribeKey", {"KeyId": "alias/my-app-key"}),
    ]
    for index, (operation, document) in enumerate(operations):
        for temporary in (False, True):
            suffix = "session-token" if temporary else "long-term"
            v.append(header_vector(
                f"kms-{operation}-{index}-{suffix}", kms, kms_headers(operation, [user_agent]),
                body=kms_body(document), temporary=temporary))

    # Endpoints: regions, partitions, default ports dropped from Host, other ports kept.
    endpoints = [
        ("eu-west-1", "https://kms.eu-west-1.amazonaws.com/"),
        ("cn-north-1", "https://kms.cn-north-1.amazonaws.com.cn/"),
        ("us-gov-west-1", "https://kms-fips.us-gov-west-1.amazonaws.com/"),
        ("us-east-1", "https://kms.us-east-1.amazonaws.com:443/"),
        ("us-east-1", "http://127.0.0.1:80/"),
        ("us-east-1", "http://127.0.0.1:4566/"),
        ("eu-central-1", "http://localhost:5000/"),
        ("ap-southeast-2", "https://localhost:8443/"),
        ("us-east-1", "http://[::1]:4566/"),
    ]
    for index, (region, url) in enumerate(endpoints):
        v.append(header_vector(
            f"kms-endpoint-{index}", url, kms_headers("GenerateDataKey"),
            body=kms_body({"KeyId": "alias/k", "NumberOfBytes": 16}), region=region,
            temporary=index % 2 == 1))

    # Bodies from 0 bytes to 1 MiB, around the SHA-256 block size and beyond.
    for index, length in enumerate([0, 1, 55, 56, 63, 64, 65, 1000, 65535, 65536, 1048575, 1048576]):
        v.append(header_vector(
            f"body-{length}-bytes", "http://127.0.0.1:4566/", kms_headers("Encrypt"),
            body={"pattern": f"swift-kms body {index} \u00e9\u2603 ", "length": length}
            if length else None,
            payload="precomputed" if index % 3 == 2 else "bytes"))

    # x-amz-content-sha256: the body hash, or UNSIGNED-PAYLOAD.
    v.append(header_vector("content-sha256-body", kms, kms_headers("ListKeys"),
                           body=kms_body({}), payload="content-sha256"))
    v.append(header_vector("content-sha256-large-body", "https://example.amazonaws.com/upload",
                           [("Content-Type", "application/octet-stream")], method="PUT",
                           body={"pattern": "0123456789abcdef", "length": 300000},
                           service="execute-api", payload="content-sha256", temporary=True))
    v.append(header_vector("unsigned-payload", "https://example.amazonaws.com/stream",
                           [("Content-Type", "application/octet-stream")], method="PUT",
                           body={"text": "streamed body"}, service="execute-api",
                           payload="unsigned"))

    # Queries as botocore sends them (already encoded): reserved, UTF-8, repeated keys, empty
    # values, a key without `=`, unreserved characters, lower-case hex kept as it is.
    api = "https://abc123.execute-api.us-west-2.amazonaws.com"
    queries = [
        ("query-sorted", [("Version", "2010-05-08"), ("Action", "ListUsers")]),
        ("query-reserved", [("path", "/a/b c"), ("q", "a+b=c&d"), ("sym", "!*'();:@&=+$,/?#[]")]),
        ("query-utf8", [("name", "Zoë"), ("日本", "語"), ("emoji", "🔑"), ("ß", "ſ")]),
        ("query-repeated-keys", [("b", "2"), ("a", "3"), ("a", "1"), ("a", "2"), ("a", "10")]),
        ("query-empty-values", [("empty", ""), ("x", "1"), ("also-empty", "")]),
        ("query-unreserved", [("-._~AZaz09", "-._~AZaz09")]),
        ("query-encoded-sort-order", [("a b", "1"), ("a-b", "2"), ("a_b", "3"), ("aB", "4"),
                                      ("A", "5"), ("a", "6"), ("a~", "7"), ("a.b", "8")]),
        ("query-long-value", [("long", "x" * 3000 + "é" * 200)]),
    ]
    for name, params in queries:
        url = f"{api}/prod/items?{percent_encode_sequence(params)}"
        v.append(header_vector(name, url, [], method="GET", region="us-west-2",
                               service="execute-api"))
    v.append(header_vector("query-key-without-equals", f"{api}/prod/items?flag&x=1&other",
                           [], method="GET", region="us-west-2", service="execute-api"))
    v.append(header_vector("query-lowercase-hex-kept", f"{api}/prod/items?a=%2fpath%3aname&b=%e6%97%a5",
                           [], method="GET", region="us-west-2", service="execute-api"))
    v.append(header_vector("kms-post-with-query", f"{kms}?Action=Ignored&b=%20x", kms_headers("ListKeys"),
                           body=kms_body({})))

    # Raw query text for Swift; botocore signs the same parameters from `params`.
    raw_queries = [
        ("raw-query-utf8", [("name", "Zoë"), ("日本", "語")], "name=Zoë&日本=語"),
        ("raw-query-reserved", [("a", "b:c/d@e"), ("sp", "x y"), ("pct", "50%")],
         "a=b:c/d@e&sp=x y&pct=50%"),
        ("raw-query-repeated", [("k", "v2"), ("k", "v1"), ("j", "")], "k=v2&k=v1&j="),
    ]
    for name, params, raw in raw_queries:
        v.append(header_vector(name, f"{api}/prod/items", [], method="GET", region="us-west-2",
                               service="execute-api", params=params, swift_query=raw))

    # Paths: double encoding, normalization, UTF-8, sub-delimiters.
    paths = ["/2015-03-31/functions/my-function/invocations", "/a b/c", "/a%20b/c%2Fd",
             "/caf%C3%A9", "/./a/../b//c/", "/a/b/../", "//double//slashes//", "/ünïcödé/päth",
             "/~user/file.txt", "/a:b@c!$&'()*+,;=/x", "/a/b/..", "/.."]
    for index, path in enumerate(paths):
        v.append(header_vector(f"path-{index}", f"{api}{path}", [], method="GET",
                               region="us-west-2", service="execute-api"))

    # Header canonicalization: long values, whitespace, repeats, case, excluded names.
    v.append(header_vector("header-long-value-1k", kms, kms_headers("ListKeys", [("X-Custom-Long", "v" * 1024)]),
                           body=kms_body({})))
    v.append(header_vector("header-long-value-8k", kms,
                           kms_headers("ListKeys", [("X-Custom-Long", ("abc def  " * 1000).strip())]),
                           body=kms_body({})))
    v.append(header_vector("header-whitespace", kms, kms_headers("ListKeys", [
        ("X-Spaces", "   leading and trailing   "), ("X-Inner", "a   b\t\tc  \t d"),
        ("X-Quoted", '"a   b   c"'), ("X-Folded", "line1\r\n   line2\n\tline3")]), body=kms_body({})))
    v.append(header_vector("header-repeated", kms, kms_headers("ListKeys", [
        ("X-Dup", "first"), ("X-Other", "o"), ("x-dup", " second "), ("X-DUP", "third")]),
        body=kms_body({})))
    v.append(header_vector("header-name-case", kms, [
        ("CONTENT-TYPE", KMS_CONTENT_TYPE), ("x-amz-TARGET", "TrentService.ListKeys"),
        ("X-Amz-Meta-MixedCase", "Value Case Kept")], body=kms_body({})))
    v.append(header_vector("header-excluded", kms, kms_headers("ListKeys", [
        user_agent, ("Expect", "100-continue"), ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
        ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked"), ("Keep-Alive", "timeout=5"),
        ("TE", "trailers"), ("Upgrade", "h2c"), ("Proxy-Authorization", "Basic ZmFrZTpmYWtl"),
        ("Content-Length", "2")]), body=kms_body({})))

    # Signing times: leap days, year and century boundaries.
    for index, timestamp in enumerate(["2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
                                       "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
                                       "2100-02-28T12:00:00Z", "2038-01-19T03:14:08Z",
                                       "1970-01-01T00:00:00Z"]):
        v.append(header_vector(f"time-{index}", kms, kms_headers("ListKeys"), body=kms_body({}),
                               timestamp=timestamp, temporary=index % 2 == 0))

    # Presigned URLs (SigV4QueryAuth).
    sts = "https://sts.amazonaws.com/"
    v.append(query_vector("presign-basic", f"{api}/prod/items", region="us-west-2"))
    v.append(query_vector("presign-expires-1", f"{api}/prod/items", expires=1, region="us-west-2"))
    v.append(query_vector("presign-expires-max", f"{api}/prod/items", expires=604800, region="us-west-2"))
    v.append(query_vector("presign-session-token", f"{api}/prod/items", temporary=True, region="us-west-2"))
    v.append(query_vector("presign-sts", f"{sts}?Action=GetCallerIdentity&Version=2011-06-15",
                          service="sts", expires=900, temporary=True))
    v.append(query_vector("presign-encoded-params",
                          f"{api}/prod/items?{percent_encode_sequence([('filter', 'a b/c'), ('日', '本'), ('empty', '')])}",
                          region="us-west-2"))
    v.append(query_vector("presign-port", "http://127.0.0.1:4566/?Action=Describe", service="kms",
                          expires=300))
    v.append(query_vector("presign-headers", f"{api}/prod/items",
                          [("X-Amz-Meta-Purpose", "  test   value "), ("Content-Type", "text/plain"),
                           ("User-Agent", "not signed")], region="us-west-2"))
    v.append(query_vector("presign-path", f"{api}/some path/../x//y/", region="us-west-2", method="PUT"))
    v.append(query_vector("presign-leap-day", f"{api}/prod/items", region="us-west-2",
                          timestamp="2024-02-29T23:59:59Z", expires=86400, temporary=True))
    return v


def forbid_network():
    """Makes any connection attempt fail loudly: signing needs no network, and must not use it."""
    def refuse(*_args, **_kwargs):
        raise RuntimeError("gen_sigv4_vectors.py must not touch the network")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def main():
    forbid_network()
    all_vectors = vectors()
    names = [vector["name"] for vector in all_vectors]
    assert len(names) == len(set(names)), "vector names must be unique"
    document = {
        "description": "SigV4 vectors computed by botocore's SigV4Auth/SigV4QueryAuth with fake "
                       "credentials and a fixed clock. Generated by scripts/gen_sigv4_vectors.py; "
                       "do not edit by hand.",
        "botocore": botocore.__version__,
        "vectors": all_vectors,
    }
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as output:
        json.dump(document, output, ensure_ascii=False, indent=1)
        output.write("\n")
    print(f"wrote {len(all_vectors)} vectors to {os.path.relpath(OUTPUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
