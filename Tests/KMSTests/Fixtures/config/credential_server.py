#!/usr/bin/env python3
"""A loopback stand-in for the three credential services the chain can call, for tests only.

- EC2 instance metadata (IMDSv2): PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/[ROLE]
- a container credentials endpoint: GET /container/... (checks Authorization when --auth-token is given)
- STS AssumeRoleWithWebIdentity (query API, form body, XML answer): POST /sts/

It binds 127.0.0.1 on a free port, prints the port on its first line, and serves until killed.
Every response carries fake, generated credentials. GET /__stats returns request counts and
what the last requests carried; POST /__control changes behaviour (JSON object of settings).
"""
import argparse
import datetime
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--expiry-seconds", type=int, default=3600)
parser.add_argument("--delay-ms", type=int, default=0, help="delay before answering credential requests")
parser.add_argument("--token-status", type=int, default=200, help="status of PUT /latest/api/token")
parser.add_argument("--role", default="test-role")
parser.add_argument("--auth-token", default=None, help="Authorization value the container endpoint requires")
parser.add_argument("--web-identity-token", default=None, help="token STS accepts")
args = parser.parse_args()

lock = threading.Lock()
state = {
    "expiry_seconds": args.expiry_seconds,
    "delay_ms": args.delay_ms,
    "token_status": args.token_status,
    "valid_tokens": set(),
    "token_serial": 0,
    "creds_serial": 0,
    "counts": {"token": 0, "role": 0, "creds": 0, "container": 0, "sts": 0, "unauthorized": 0},
    "last": {},
}


def iso(seconds_from_now):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def next_credentials(prefix):
    with lock:
        state["creds_serial"] += 1
        n = state["creds_serial"]
        expiry = state["expiry_seconds"]
    return {
        "AccessKeyId": "%s%04d" % (prefix, n),
        "SecretAccessKey": "fake-secret-%d" % n,
        "Token": "fake-session-token-%d" % n,
        "Expiration": iso(expiry),
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, status, body, content_type="text/plain"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def count(self, key):
        with lock:
            state["counts"][key] += 1
            state["last"][key] = {k.lower(): v for k, v in self.headers.items()}

    def delay(self):
        with lock:
            ms = state["delay_ms"]
        if ms:
            time.sleep(ms / 1000.0)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def token_ok(self):
        token = self.headers.get("X-aws-ec2-metadata-token")
        with lock:
            return token is not None and token in state["valid_tokens"]

    def do_PUT(self):
        self.body()
        if self.path == "/latest/api/token":
            self.count("token")
            with lock:
                status = state["token_status"]
            if status != 200:
                return self.reply(status, "")
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, "missing ttl")
            with lock:
                state["token_serial"] += 1
                token = "imds-token-%d" % state["token_serial"]
                state["valid_tokens"].add(token)
            return self.reply(200, token)
        self.reply(404, "")

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__stats":
            with lock:
                stats = {"counts": dict(state["counts"]), "last": dict(state["last"])}
            return self.reply(200, json.dumps(stats), "application/json")
        base = "/latest/meta-data/iam/security-credentials/"
        if path.startswith(base):
            with lock:
                tokens_required = state["token_status"] == 200
            if tokens_required and not self.token_ok():
                with lock:
                    state["counts"]["unauthorized"] += 1
                return self.reply(401, "")
            if path == base:
                self.count("role")
                return self.reply(200, args.role + "\n")
            if path == base + args.role:
                self.count("creds")
                self.delay()
                doc = dict(next_credentials("ASIAIMDS"), Code="Success", Type="AWS-HMAC",
                           LastUpdated=iso(0))
                return self.reply(200, json.dumps(doc), "application/json")
            return self.reply(404, "")
        if path.startswith("/container/"):
            self.count("container")
            if args.auth_token is not None and self.headers.get("Authorization") != args.auth_token:
                return self.reply(401, json.dumps({"Code": "AccessDenied", "Message": "bad authorization"}),
                                  "application/json")
            self.delay()
            return self.reply(200, json.dumps(next_credentials("ASIACONT")), "application/json")
        self.reply(404, "")

    def do_POST(self):
        body = self.body()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__control":
            settings = json.loads(body or b"{}")
            with lock:
                for key, value in settings.items():
                    if key == "expire_tokens":
                        state["valid_tokens"].clear()
                    else:
                        state[key] = value
            return self.reply(200, "{}", "application/json")
        if path == "/sts/":
            self.count("sts")
            form = dict(urllib.parse.parse_qsl(body.decode()))
            with lock:
                state["last"]["sts_form"] = {k: v for k, v in form.items() if k != "WebIdentityToken"}
                state["last"]["sts_token_matches"] = form.get("WebIdentityToken") == args.web_identity_token
            if form.get("Action") != "AssumeRoleWithWebIdentity" or form.get("Version") != "2011-06-15":
                return self.reply(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>", "text/xml")
            if args.web_identity_token is not None and form.get("WebIdentityToken") != args.web_identity_token:
                return self.reply(400, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                                  "<Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                                  "<Message>Couldn't retrieve verification key from your identity provider</Message>"
                                  "</Error><RequestId>0000</RequestId></ErrorResponse>", "text/xml")
            self.delay()
            c = next_credentials("ASIASTS")
            xml = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                   "<AssumeRoleWithWebIdentityResult>"
                   "<SubjectFromWebIdentityToken>system:serviceaccount:default:app</SubjectFromWebIdentityToken>"
                   "<AssumedRoleUser><Arn>%s/%s</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>"
                   "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
                   "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
                   "</AssumeRoleWithWebIdentityResult>"
                   "<ResponseMetadata><RequestId>1111</RequestId></ResponseMetadata>"
                   "</AssumeRoleWithWebIdentityResponse>") % (
                       form.get("RoleArn", ""), form.get("RoleSessionName", ""),
                       c["AccessKeyId"], c["SecretAccessKey"], c["Token"].replace("&", "&amp;"), c["Expiration"])
            return self.reply(200, xml, "text/xml")
        self.reply(404, "")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
# Exit when the test that started us goes away (its end of our stdin closes).
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever()
