#!/usr/bin/env python3
"""A KMS stand-in on 127.0.0.1 that misbehaves on purpose, for the hardening tests only.

    hostile_kms.py --mode MODE [--faults N] [--rate R] [--seed S] [--redirect-to URL] [--port P]

It binds 127.0.0.1 on a free port, prints the port on its first line and serves until its
standard input closes (children of Swift test processes may ignore SIGTERM). Raw sockets with a
thread per connection, so a fault can happen anywhere: before the status line, between headers
and body, in the middle of the body.

The first N (--faults, default 1) KMS requests get MODE; every later one gets a correct answer,
so a test can check that the same client then serves a normal call. MODE "random" instead
fails each request with probability R with one of the fast faults (FAST_FAULTS).

Correct answers follow the operation in X-Amz-Target. Data keys are bytes (7 * i + 11) % 256 of
the size asked for; a CiphertextBlob is "CT" + those bytes XOR 0x5A, so Decrypt gives them back
and no blob contains a plaintext's base64.

GET /__stats (not counted as a KMS request) answers {"requests", "accepts", "faults",
"huge_sent"}: KMS requests seen, connections accepted, faults served and body bytes the
"huge" modes managed to write before the client hung up.
"""
import argparse
import base64
import gzip
import json
import os
import random
import socket
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--mode", default="normal")
parser.add_argument("--faults", type=int, default=1)
parser.add_argument("--rate", type=float, default=0.2)
parser.add_argument("--seed", type=int, default=None)
parser.add_argument("--redirect-to", default="http://127.0.0.1:9/")
parser.add_argument("--port", type=int, default=0, help="listen on this port instead of a free one")
args = parser.parse_args()

KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0b5e55ed-0000-4000-8000-00000000a11e"
FAST_FAULTS = ["close-before-answer", "close-mid-body", "status-500-json", "status-503-html",
               "invalid-json", "slow-ok", "status-400-binary"]

lock = threading.Lock()
state = {"requests": 0, "accepts": 0, "faults": 0, "huge_sent": 0}
rng = random.Random(args.seed)


def bump(key, by=1):
    with lock:
        state[key] += by
        return state[key]


def key_bytes(count):
    return bytes((7 * i + 11) % 256 for i in range(count))


def blob_for(plaintext):
    return base64.b64encode(b"CT" + bytes(b ^ 0x5A for b in plaintext)).decode()


def plaintext_of(blob):
    raw = base64.b64decode(blob)
    return bytes(b ^ 0x5A for b in raw[2:]) if raw.startswith(b"CT") else raw


def key_metadata(description=None):
    metadata = {"AWSAccountId": "111122223333", "KeyId": KEY_ARN.split("/")[-1], "Arn": KEY_ARN,
                "CreationDate": 1700000000.5, "Enabled": True, "KeyUsage": "ENCRYPT_DECRYPT",
                "KeyState": "Enabled", "Origin": "AWS_KMS", "KeyManager": "CUSTOMER",
                "KeySpec": "SYMMETRIC_DEFAULT", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"]}
    if description is not None:
        metadata["Description"] = description
    return metadata


def correct_answer(target, request):
    """The JSON object a healthy KMS would answer."""
    operation = target.split(".")[-1]
    if operation in ("GenerateDataKey", "GenerateDataKeyWithoutPlaintext"):
        size = request.get("NumberOfBytes") or {"AES_128": 16}.get(request.get("KeySpec"), 32)
        plaintext = key_bytes(size)
        answer = {"CiphertextBlob": blob_for(plaintext), "KeyId": KEY_ARN}
        if operation == "GenerateDataKey":
            answer["Plaintext"] = base64.b64encode(plaintext).decode()
        return answer
    if operation == "Encrypt":
        return {"CiphertextBlob": blob_for(base64.b64decode(request.get("Plaintext", ""))), "KeyId": KEY_ARN,
                "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}
    if operation == "Decrypt":
        return {"Plaintext": base64.b64encode(plaintext_of(request.get("CiphertextBlob", ""))).decode(),
                "KeyId": KEY_ARN, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}
    if operation == "ListKeys":
        return {"Keys": [{"KeyId": KEY_ARN.split("/")[-1], "KeyArn": KEY_ARN}], "Truncated": False}
    if operation == "DescribeKey":
        return {"KeyMetadata": key_metadata()}
    if operation == "CreateKey":
        return {"KeyMetadata": key_metadata(request.get("Description"))}
    return None


def head(status, reason, headers, version="HTTP/1.1"):
    lines = ["%s %d %s" % (version, status, reason)] + ["%s: %s" % h for h in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def respond(conn, status, body, content_type="application/x-amz-json-1.1", extra=(), reason="OK"):
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))] + list(extra)
    if not any(name.lower() == "x-amzn-requestid" for name, _ in extra):
        headers.append(("x-amzn-RequestId", "hostile-%d" % state["requests"]))
    conn.sendall(head(status, reason, headers) + body)


def hold(conn, seconds=60):
    """Keeps the connection open without answering until the client gives up (or 60 s)."""
    conn.settimeout(0.2)
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if not conn.recv(4096):
                return
        except socket.timeout:
            continue
        except OSError:
            return


def send_huge(conn, chunked):
    """Streams 100 MB (declared up front, or chunked with no length) until the client hangs up."""
    total = 100 * 1024 * 1024
    headers = [("Content-Type", "application/x-amz-json-1.1")]
    headers.append(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(total)))
    conn.sendall(head(200, "OK", headers))
    piece = b'{"Pad":"' + b"x" * (64 * 1024 - 8)
    sent = 0
    try:
        while sent < total:
            data = piece if sent == 0 else b"x" * len(piece)
            conn.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
            bump("huge_sent", len(data))
        if chunked:
            conn.sendall(b"0\r\n\r\n")
    except OSError:
        pass


def fault(conn, mode, target, request, headers_seen):
    """Serves one misbehaving answer; returns False when the connection must be closed."""
    good = json.dumps(correct_answer(target, request) or {}).encode()
    if mode == "silent":
        hold(conn)
        return False
    if mode == "close-before-answer":
        return False
    if mode == "headers-then-stall":
        conn.sendall(head(200, "OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", "4096")]))
        hold(conn)
        return False
    if mode == "close-mid-body":
        conn.sendall(head(200, "OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(good) + 500))])
                     + good[: len(good) // 2])
        return False
    if mode == "huge":
        send_huge(conn, chunked=False)
        return False
    if mode == "huge-chunked":
        send_huge(conn, chunked=True)
        return False
    if mode == "gzip":
        respond(conn, 200, gzip.compress(good), extra=[("Content-Encoding", "gzip")])
        return True
    if mode == "chunked":
        conn.sendall(head(200, "OK", [("Content-Type", "application/x-amz-json-1.1"), ("Transfer-Encoding", "chunked")]))
        for start in range(0, len(good), 7):
            part = good[start:start + 7]
            conn.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        conn.sendall(b"0\r\n\r\n")
        return True
    if mode == "invalid-json":
        respond(conn, 200, b'{"CiphertextBlob": "AQID", "KeyId": ')
        return True
    if mode == "wrong-types":
        respond(conn, 200, json.dumps({"CiphertextBlob": 12, "KeyId": ["x"], "Plaintext": True,
                                       "Keys": "none", "Truncated": "yes", "KeyMetadata": [1]}).encode())
        return True
    if mode == "missing-fields":
        respond(conn, 200, b"{}")
        return True
    if mode == "invalid-base64":
        answer = correct_answer(target, request) or {}
        answer["Plaintext"] = "not*base64!"
        respond(conn, 200, json.dumps(answer).encode())
        return True
    if mode == "short-plaintext":
        answer = correct_answer(target, request) or {}
        answer["Plaintext"] = base64.b64encode(key_bytes(31)).decode()
        respond(conn, 200, json.dumps(answer).encode())
        return True
    if mode == "extra-fields":
        answer = correct_answer(target, request) or {}
        answer.update({"SomethingNew": {"nested": [1, 2, {"deep": None}]}, "Plaintext2": "AAAA", "Z": 1e308})
        respond(conn, 200, json.dumps(answer).encode())
        return True
    if mode == "echo-400":
        # An error body that echoes key material and the request's own headers back.
        body = json.dumps({"__type": "ValidationException", "message": "bad request from %s with token %s" % (headers_seen.get("authorization", ""),
                                                                                     headers_seen.get("x-amz-security-token", "")),
                           "Plaintext": base64.b64encode(key_bytes(32)).decode(),
                           "Echo": headers_seen.get("x-amz-security-token", "")}).encode()
        respond(conn, 400, body, reason="Hostile", extra=[("x-amzn-RequestId", headers_seen.get("x-amz-security-token", ""))])
        return True
    if mode == "echo-200":
        # A 200 that is not JSON and echoes the request's credentials, body and request id.
        body = ("<html>signed with %s and %s</html>" % (headers_seen.get("authorization", ""),
                                                       headers_seen.get("x-amz-security-token", ""))).encode()
        respond(conn, 200, body, content_type="text/html",
                extra=[("x-amzn-RequestId", headers_seen.get("x-amz-security-token", ""))])
        return True
    if mode.startswith("status-"):
        _, status, kind = mode.split("-", 2)
        status = int(status)
        bodies = {
            "json": (b'{"__type":"com.amazonaws.kms#KMSInternalException","message":"hostile says no"}',
                     "application/x-amz-json-1.1"),
            "xml": (b"<ErrorResponse><Error><Code>InternalFailure</Code><Message>hostile</Message></Error></ErrorResponse>",
                    "text/xml"),
            "html": (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
            "empty": (b"", "application/x-amz-json-1.1"),
            "binary": (bytes(range(256)) * 4, "application/octet-stream"),
        }
        body, content_type = bodies[kind]
        respond(conn, status, body, content_type=content_type, reason="Hostile")
        return True
    if mode in ("redirect-302", "redirect-307"):
        status = int(mode.split("-")[1])
        respond(conn, status, b"", extra=[("Location", args.redirect_to)], reason="Moved")
        return True
    if mode == "http10":
        conn.sendall(head(200, "OK", [("Content-Type", "application/x-amz-json-1.1")], version="HTTP/1.0") + good)
        return False
    if mode in ("slow", "slow-ok"):
        delay = 0.004 if mode == "slow" else 0.0005
        reply = head(200, "OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(good)))]) + good
        step = 1 if mode == "slow" else 16
        for start in range(0, len(reply), step):
            conn.sendall(reply[start:start + step])
            time.sleep(delay)
        return True
    raise ValueError("unknown mode " + mode)


def read_request(conn, buffered):
    while b"\r\n\r\n" not in buffered:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        buffered += chunk
    header_block, rest = buffered.split(b"\r\n\r\n", 1)
    lines = header_block.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    return (method, path, headers, rest[:length]), rest[length:]


def serve(conn):
    buffered = b""
    try:
        while True:
            parsed, buffered = read_request(conn, buffered)
            if parsed is None:
                return
            method, path, headers, body = parsed
            if path == "/__stats":
                with lock:
                    snapshot = dict(state)
                respond(conn, 200, json.dumps(snapshot).encode(), content_type="application/json")
                continue
            number = bump("requests")
            target = headers.get("x-amz-target", "")
            try:
                request = json.loads(body or b"{}")
            except ValueError:
                request = {}
            mode = None
            if args.mode == "random":
                with lock:
                    if rng.random() < args.rate:
                        mode = rng.choice(FAST_FAULTS)
            elif args.mode != "normal" and number <= args.faults:
                mode = args.mode
            if mode is not None:
                bump("faults")
                if not fault(conn, mode, target, request, headers):
                    return
                continue
            answer = correct_answer(target, request)
            if answer is None:
                respond(conn, 400, b'{"__type":"UnknownOperationException"}')
            else:
                respond(conn, 200, json.dumps(answer).encode())
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def accept_loop(listener):
    while True:
        conn, _ = listener.accept()
        bump("accepts")
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", args.port))
listener.listen(512)
print(listener.getsockname()[1], flush=True)
threading.Thread(target=accept_loop, args=(listener,), daemon=True).start()
# Ends when the test closes our standard input (or dies).
sys.stdin.read()
os._exit(0)
