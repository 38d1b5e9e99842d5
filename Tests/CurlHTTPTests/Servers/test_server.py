#!/usr/bin/env python3
"""HTTP/1.1 test server for CurlHTTPTests.

Binds 127.0.0.1 on a free port, prints that port on stdout, and serves until its standard
input closes (the test closes it, or dies) or it gets SIGTERM. With --tls DIR it first makes a
self-signed certificate for 127.0.0.1/localhost in DIR (cert.pem, which is also the CA to
trust, and key.pem) and serves HTTPS.

Routes (query parameters in brackets):
  /stats                 JSON {"accepts": connections accepted, "requests": requests other than /stats}
  .../echo[?status=N&delay=MS&location=L]  after MS ms (0), status N (200), Location L if
                         given, body = request body, and the request as headers:
                         X-Echo-Method, X-Echo-Target, X-Echo-Length, one X-Echo-Header
                         "name: value" per request header in order
  /headers               fixed response with repeated and padded header fields
  /bytes?n=N             N bytes (byte i = i % 251) with Content-Length
  /chunked?count=C&size=S  C chunks of S bytes (same pattern), chunked encoding
  /delay?ms=N            waits N ms, then 200 "ok"
  /hang                  reads the request and never answers (until the client leaves, 60 s at most)
  /endless               chunked body that never ends (until the client leaves, 1 GiB at most)
  /truncated             announces 100000 bytes, sends 1000, closes
  /nothing               closes the connection without a word
  /interim               a 103 Early Hints response, then the final 200
"""
import argparse
import json
import os
import select
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

LOCK = threading.Lock()
STATS = {"accepts": 0, "requests": 0}


def pattern(n, offset=0):
    return bytes((offset + i) % 251 for i in range(n))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, handler, context=None):
        self.context = context
        super().__init__(address, handler)

    def get_request(self):
        sock, address = super().get_request()
        with LOCK:
            STATS["accepts"] += 1
        return sock, address

    def handle_error(self, request, client_address):
        pass  # clients that leave early are part of the tests


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "test"
    sys_version = ""

    def setup(self):
        if self.server.context is not None:
            try:
                self.request = self.server.context.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError):
                # The client refused our certificate: nothing to serve.
                self.request.close()
                raise
        super().setup()

    def log_message(self, format, *args):
        pass

    def __getattr__(self, name):
        # Every method (GET, POST, PURGE, ...) goes to the same router.
        if name.startswith("do_"):
            return self.route
        raise AttributeError(name)

    def send_raw(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    def reply(self, status, headers, body=b"", reason="X"):
        head = [f"HTTP/1.1 {status} {reason}"]
        head += [f"{name}: {value}" for name, value in headers]
        if status not in (204, 304) and not (100 <= status < 200):
            head.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if self.command != "HEAD" and status not in (204, 304):
            data += body
        self.send_raw(data)

    def wait_for_client_to_leave(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.05)
            if readable:
                try:
                    if not self.connection.recv(65536):
                        return
                except OSError:
                    return

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path != "/stats":
            with LOCK:
                STATS["requests"] += 1

        if url.path == "/stats":
            with LOCK:
                data = json.dumps(STATS).encode()
            self.reply(200, [("Content-Type", "application/json")], data)
        elif url.path.endswith("/echo"):
            time.sleep(int(query.get("delay", "0")) / 1000)
            headers = [("X-Echo-Method", self.command), ("X-Echo-Target", self.path),
                       ("X-Echo-Length", str(len(body)))]
            headers += [("X-Echo-Header", f"{name}: {value}") for name, value in self.headers.items()]
            if "location" in query:
                headers.append(("Location", query["location"]))
            self.reply(int(query.get("status", "200")), headers, body)
        elif url.path == "/headers":
            self.send_raw(b"HTTP/1.1 200 OK\r\n"
                          b"Set-Cookie: a=1\r\n"
                          b"X-Padded:    padded value \t \r\n"
                          b"Set-Cookie: b=2\r\n"
                          b"X-Empty:\r\n"
                          b"Content-Length: 0\r\n\r\n")
        elif url.path == "/bytes":
            self.reply(200, [], pattern(int(query["n"])))
        elif url.path == "/chunked":
            count, size = int(query["count"]), int(query["size"])
            self.send_raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for index in range(count):
                chunk = pattern(size, index * size)
                self.send_raw(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            self.send_raw(b"0\r\n\r\n")
        elif url.path == "/delay":
            time.sleep(int(query.get("ms", "100")) / 1000)
            self.reply(200, [], b"ok")
        elif url.path == "/hang":
            self.wait_for_client_to_leave(60)
            self.close_connection = True
        elif url.path == "/endless":
            self.send_raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
            try:
                for _ in range(16384):  # 1 GiB at most
                    self.send_raw(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif url.path == "/truncated":
            self.send_raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"y" * 1000)
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif url.path == "/nothing":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif url.path == "/interim":
            self.send_raw(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                          b"HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok")
        else:
            self.reply(404, [], b"no such route")


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", metavar="DIR")
    args = parser.parse_args()
    context = make_certificate(args.tls) if args.tls else None
    server = Server(("127.0.0.1", 0), Handler, context)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
