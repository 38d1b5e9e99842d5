#!/usr/bin/env python3
"""TLS servers on 127.0.0.1 that fail the handshake in each way a client must refuse, for the
hardening tests only.

    hostile_tls.py DIR

Makes, with openssl, in DIR: a trusted test CA (ca.pem), another CA nobody trusts
(other-ca.pem), and leaf certificates for each server. Then listens on one free port per mode
and prints one JSON line {"mode": port, ...}:

- good:      certificate for IP 127.0.0.1 from ca.pem; answers every request (see below)
- untrusted: certificate for 127.0.0.1 from other-ca.pem (also answers once trusted)
- mismatch:  certificate from ca.pem for kms.example.invalid only
- expired:   certificate from ca.pem whose notAfter is in the past
- oldtls:    good certificate, but only TLS 1.0 and 1.1 offered
- stall:     accepts the connection, reads the ClientHello, never answers
- close:     accepts, reads the ClientHello, closes

Answers: GET /__stats gives per-mode counts {connections, handshakes, http_requests,
first_bytes_http}; any other request gets a fixed GenerateDataKey JSON answer (fake key bytes).
http_requests counts HTTP requests a server decrypted; first_bytes_http counts raw connections
whose first bytes were plain HTTP rather than a TLS ClientHello. Serves until stdin closes.
"""
import base64
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import warnings

# TLS 1.0/1.1 are deprecated: that is the point of the "oldtls" server.
warnings.filterwarnings("ignore", category=DeprecationWarning)

directory = sys.argv[1]
lock = threading.Lock()
stats = {}


def bump(mode, key):
    with lock:
        stats.setdefault(mode, {"connections": 0, "handshakes": 0, "http_requests": 0, "first_bytes_http": 0})
        stats[mode][key] += 1


def openssl(*arguments):
    subprocess.run(["openssl", *arguments], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def path(name):
    return os.path.join(directory, name)


def make_ca(name, subject):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path(name + ".key"), "-out", path(name + ".pem"), "-days", "2", "-subj", subject)


def make_leaf(name, ca, san, days="2", common_name="localhost"):
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path(name + ".key"), "-out", path(name + ".csr"), "-subj", "/CN=" + common_name)
    with open(path(name + ".ext"), "w") as ext:
        ext.write("subjectAltName=%s\n" % san)
    openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path(ca + ".pem"), "-CAkey", path(ca + ".key"),
            "-CAcreateserial", "-out", path(name + ".pem"), "-days", days, "-extfile", path(name + ".ext"))


def context(name, old=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if old:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.load_cert_chain(path(name + ".pem"), path(name + ".key"))
    return ctx


def read_request(conn):
    """One HTTP request (head and Content-Length body), or None at EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.split(b"\r\n")[0].decode(errors="replace")


def answer(conn, request_line):
    if request_line.startswith("GET /__stats"):
        with lock:
            body = json.dumps(stats).encode()
        content_type = b"application/json"
    else:
        body = json.dumps({"KeyId": "arn:aws:kms:us-east-1:111122223333:key/tls-test",
                           "CiphertextBlob": base64.b64encode(b"fake-ciphertext").decode(),
                           "Plaintext": base64.b64encode(bytes(range(32))).decode()}).encode()
        content_type = b"application/x-amz-json-1.1"
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\nContent-Length: "
                 + str(len(body)).encode() + b"\r\n\r\n" + body)


def tls_handler(mode, ctx):
    def handle(conn):
        try:
            tls = ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()
            return
        bump(mode, "handshakes")
        try:
            while True:
                line = read_request(tls)
                if line is None:
                    break
                if not line.startswith("GET /__stats"):
                    bump(mode, "http_requests")
                answer(tls, line)
        except (ssl.SSLError, OSError):
            pass
        finally:
            tls.close()
    return handle


def raw_handler(mode, close):
    def handle(conn):
        conn.settimeout(30)
        try:
            first = conn.recv(5)
            if first[:1] != b"\x16" and first[:3].isalpha():
                bump(mode, "first_bytes_http")
            if close:
                conn.close()
                return
            while conn.recv(65536):
                pass
        except OSError:
            pass
        finally:
            conn.close()
    return handle


def listen(mode, handler):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)

    def loop():
        while True:
            conn, _ = server.accept()
            bump(mode, "connections")
            threading.Thread(target=handler, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return server.getsockname()[1]


def main():
    make_ca("ca", "/CN=swift-kms test CA")
    make_ca("other-ca", "/CN=swift-kms untrusted CA")
    make_leaf("good", "ca", "IP:127.0.0.1,DNS:localhost")
    make_leaf("untrusted", "other-ca", "IP:127.0.0.1,DNS:localhost")
    make_leaf("mismatch", "ca", "DNS:kms.example.invalid", common_name="kms.example.invalid")
    make_leaf("expired", "ca", "IP:127.0.0.1,DNS:localhost", days="-1")
    handlers = {
        "good": tls_handler("good", context("good")),
        "untrusted": tls_handler("untrusted", context("untrusted")),
        "mismatch": tls_handler("mismatch", context("mismatch")),
        "expired": tls_handler("expired", context("expired")),
        "oldtls": tls_handler("oldtls", context("good", old=True)),
        "stall": raw_handler("stall", close=False),
        "close": raw_handler("close", close=True),
    }
    ports = {mode: listen(mode, handler) for mode, handler in handlers.items()}
    for mode in ports:
        bump(mode, "connections")  # create the entry...
        with lock:
            stats[mode]["connections"] -= 1  # ...at zero
    print(json.dumps(ports), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
