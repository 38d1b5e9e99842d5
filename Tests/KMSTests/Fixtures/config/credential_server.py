#!/usr/bin/env python3
"""A loopback stand-in for the three credential services the chain can call, for tests only.

- EC2 instance metadata (IMDSv2): PUT /latest/api/token, GET /latest/meta-data/iam/security-credentials/[ROLE],
  GET /latest/meta-data/placement/region (--region)
- a container credentials endpoint: GET /container/... (checks Authorization when --auth-token is given)
- STS AssumeRoleWithWebIdentity (query API, form body, XML answer): POST /sts/
- STS AssumeRole (query API, SigV4-signed form body, XML answer): POST /
  (a RoleArn ending in "denied" is refused; one ending in "echo" is refused with the request's
  Authorization and session token echoed in the message, as a hostile server might; one ending
  in "flaky" is throttled on its first call)
- the SSO portal's GetRoleCredentials: GET /federation/credentials?role_name=&account_id=
  with x-amz-sso_bearer_token (accepts --sso-token and tokens issued by /token)
- SSO OIDC CreateToken with a refresh token: POST /token (JSON)
- KMS GenerateDataKey (JSON 1.1, X-Amz-Target TrentService.GenerateDataKey): POST /, fixed
  fake key material; records which key signed it

With --tls DIR it makes a self-signed certificate for 127.0.0.1 with openssl (DIR/cert.pem,
which is also the CA to trust) and serves HTTPS.

It binds 127.0.0.1 on a free port, prints the port on its first line, and serves until killed.
Every response carries fake, generated credentials. GET /__stats returns request counts and
what the last requests carried; POST /__control changes behaviour (JSON object of settings).
"""
import argparse
import base64
import datetime
import json
import os
import ssl
import subprocess
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
parser.add_argument("--region", default="ap-southeast-2", help="what placement/region answers")
parser.add_argument("--auth-token", default=None, help="Authorization value the container endpoint requires")
parser.add_argument("--web-identity-token", default=None, help="token STS accepts")
parser.add_argument("--tls", metavar="DIR", default=None, help="serve HTTPS with a certificate made in DIR")
parser.add_argument("--sso-token", default=None, help="SSO access token the portal accepts")
parser.add_argument("--sso-refresh-token", default=None, help="refresh token OIDC CreateToken accepts")
args = parser.parse_args()

lock = threading.Lock()
state = {
    "expiry_seconds": args.expiry_seconds,
    "delay_ms": args.delay_ms,
    "token_status": args.token_status,
    "valid_tokens": set(),
    "token_serial": 0,
    "creds_serial": 0,
    "counts": {"token": 0, "role": 0, "creds": 0, "container": 0, "sts": 0, "unauthorized": 0,
               "assume_role": 0, "sso_credentials": 0, "oidc_token": 0, "region": 0},
    "last": {},
    # One entry per AssumeRole: what was asked and which key signed it.
    "assume_calls": [],
    "sso_tokens": set([args.sso_token] if args.sso_token else []),
    "sso_calls": [],
    "oidc_calls": [],
    "kms_calls": [],
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
                stats = {"counts": dict(state["counts"]), "last": dict(state["last"]),
                         "assume_calls": list(state["assume_calls"]), "sso_calls": list(state["sso_calls"]),
                         "oidc_calls": list(state["oidc_calls"]),
                         "kms_calls": list(state["kms_calls"])}
            return self.reply(200, json.dumps(stats), "application/json")
        base = "/latest/meta-data/iam/security-credentials/"
        if path == "/latest/meta-data/placement/region":
            with lock:
                tokens_required = state["token_status"] == 200
            if tokens_required and not self.token_ok():
                return self.reply(401, "")
            self.count("region")
            return self.reply(200, args.region)
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
        if path == "/federation/credentials":
            return self.sso_credentials()
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
        if path == "/" and self.headers.get("X-Amz-Target"):
            return self.kms(body)
        if path == "/":
            return self.assume_role(body)
        if path == "/token":
            return self.create_token(body)
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

    def assume_role(self, body):
        """STS AssumeRole: checks the SigV4 header's shape and records who signed what."""
        self.count("assume_role")
        form = dict(urllib.parse.parse_qsl(body.decode()))
        auth = self.headers.get("Authorization") or ""
        prefix = "AWS4-HMAC-SHA256 Credential="
        call = {"form": form, "signedBy": None, "scope": None, "signedHeaders": None,
                "hasSessionToken": self.headers.get("X-Amz-Security-Token") is not None,
                "contentType": self.headers.get("Content-Type"), "host": self.headers.get("Host")}
        if auth.startswith(prefix):
            parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(",") if "=" in p)
            credential = parts.get("Credential", "").split("/")
            if len(credential) == 5:
                call["signedBy"] = credential[0]
                call["scope"] = "/".join(credential[2:])
            call["signedHeaders"] = parts.get("SignedHeaders")
        with lock:
            state["assume_calls"].append(call)
        if form.get("Action") != "AssumeRole" or form.get("Version") != "2011-06-15" or call["signedBy"] is None \
                or not (call["scope"] or "").endswith("/sts/aws4_request") or self.headers.get("X-Amz-Date") is None:
            return self.reply(400, "<ErrorResponse><Error><Code>InvalidRequest</Code><Message>not a signed AssumeRole</Message></Error></ErrorResponse>", "text/xml")
        role = form.get("RoleArn", "")
        if role.endswith("flaky"):
            with lock:
                first = not any(c["form"].get("RoleArn") == role for c in state["assume_calls"][:-1])
            if first:
                return self.reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                                  "<Message>Rate exceeded</Message></Error></ErrorResponse>", "text/xml")
        if role.endswith("denied") or role.endswith("echo"):
            echo = (" you sent %s %s" % (auth, self.headers.get("X-Amz-Security-Token"))) if role.endswith("echo") else ""
            return self.reply(403, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                              "<Message>not authorized to assume %s%s</Message></Error></ErrorResponse>" % (role, echo), "text/xml")
        c = next_credentials("ASIAROLE")
        xml = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
               "<AssumedRoleUser><Arn>%s/%s</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>"
               "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
               "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
               "</AssumeRoleResult><ResponseMetadata><RequestId>2222</RequestId></ResponseMetadata></AssumeRoleResponse>") % (
                   role, form.get("RoleSessionName", ""), c["AccessKeyId"], c["SecretAccessKey"], c["Token"], c["Expiration"])
        return self.reply(200, xml, "text/xml")

    def sso_credentials(self):
        """The SSO portal's GetRoleCredentials."""
        self.count("sso_credentials")
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        token = self.headers.get("x-amz-sso_bearer_token")
        with lock:
            accepted = token in state["sso_tokens"]
            state["sso_calls"].append({"query": query, "tokenAccepted": accepted})
        if not accepted:
            return self.reply(401, json.dumps({"message": "Session token not found or invalid"}), "application/json")
        c = next_credentials("ASIASSO")
        expiration_ms = int((datetime.datetime.now(datetime.timezone.utc).timestamp() + state["expiry_seconds"]) * 1000)
        doc = {"roleCredentials": {"accessKeyId": c["AccessKeyId"], "secretAccessKey": c["SecretAccessKey"],
                                   "sessionToken": c["Token"], "expiration": expiration_ms}}
        return self.reply(200, json.dumps(doc), "application/json")

    def create_token(self, body):
        """SSO OIDC CreateToken with grantType refresh_token."""
        self.count("oidc_token")
        request = json.loads(body or b"{}")
        ok = (request.get("grantType") == "refresh_token" and args.sso_refresh_token is not None
              and request.get("refreshToken") == args.sso_refresh_token
              and request.get("clientId") and request.get("clientSecret"))
        with lock:
            state["oidc_calls"].append({"grantType": request.get("grantType"), "clientId": request.get("clientId"),
                                        "refreshTokenAccepted": bool(ok),
                                        "contentType": self.headers.get("Content-Type")})
        if not ok:
            return self.reply(400, json.dumps({"error": "invalid_grant"}), "application/json")
        with lock:
            state["token_serial"] += 1
            n = state["token_serial"]
            access = "sso-access-refreshed-%d" % n
            state["sso_tokens"].add(access)
        return self.reply(200, json.dumps({"accessToken": access, "expiresIn": 3600, "tokenType": "Bearer",
                                           "refreshToken": "sso-refresh-rotated-%d" % n}), "application/json")

    def kms(self, body):
        """Just enough KMS for a GenerateDataKey signed with the credentials under test."""
        auth = self.headers.get("Authorization") or ""
        signed_by = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else None
        with lock:
            state["kms_calls"].append({"target": self.headers.get("X-Amz-Target"), "signedBy": signed_by,
                                       "hasSessionToken": self.headers.get("X-Amz-Security-Token") is not None})
        if self.headers.get("X-Amz-Target") != "TrentService.GenerateDataKey" or signed_by is None:
            return self.reply(400, json.dumps({"__type": "ValidationException", "message": "unsupported"}),
                              "application/x-amz-json-1.1")
        request = json.loads(body or b"{}")
        doc = {"KeyId": "arn:aws:kms:eu-west-1:111122223333:key/" + str(request.get("KeyId", "")),
               "CiphertextBlob": base64.b64encode(b"fake-ciphertext").decode(),
               "Plaintext": base64.b64encode(bytes(range(request.get("NumberOfBytes", 32)))).decode()}
        return self.reply(200, json.dumps(doc), "application/x-amz-json-1.1")


def tls_context(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


class Server(ThreadingHTTPServer):
    """Does the TLS handshake in the request's thread, so one stalled client blocks nobody."""
    daemon_threads = True
    context = None

    def process_request_thread(self, request, client_address):
        if self.context is not None:
            try:
                request = self.context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                self.shutdown_request(request)
                return
        super().process_request_thread(request, client_address)


server = Server(("127.0.0.1", 0), Handler)
if args.tls:
    server.context = tls_context(args.tls)
print(server.server_address[1], flush=True)
# Exit when the test that started us goes away (its end of our stdin closes).
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever()
