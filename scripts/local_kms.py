#!/usr/bin/env python3
"""A local KMS for the demo and the integration tests: moto's server on 127.0.0.1 with
signature verification on.

    local_kms.py start [--region R] [--owner-pid PID] [--ttl SECONDS]
        Starts `moto_server -H 127.0.0.1 -p PORT` on a free port with
        INITIAL_NO_AUTH_ACTION_COUNT set to exactly the number of setup requests made without
        a signature (see SETUP_CALLS), waits until it answers, then:
          - inside the unauthenticated window: creates an IAM user, its access key, an inline
            user policy allowing kms:* and sts:AssumeRole, a role that user may assume, the
            role's inline policy (kms:* and sts:AssumeRole), and a second role that the first
            role's session named CHAIN_SESSION_NAME may assume (for assume-role profile chains)
            with its inline kms:* policy;
          - after the window, signed as that user (so this already proves verification works):
            creates one KMS key, checks that a wrong secret is refused, and assumes the role
            to get temporary credentials with a session token.
        Prints one JSON object on stdout: endpoint, region, pid, accessKeyId,
        secretAccessKey, roleArn, chainedRoleArn, chainSessionName, keyId, keyArn, session {accessKeyId, secretAccessKey,
        sessionToken}, log. A watchdog stops the server when --owner-pid exits or after
        --ttl seconds, so a crashed test run leaves nothing behind.
        Exit status 3 when moto's server is not installed, 1 on any other failure.

    local_kms.py stop PID
        Stops a server this script started (checks the process is a moto server first).

    local_kms.py check
        Exit status 0 when moto's server is installed, 3 (with the reason on stderr) when not.

Everything is loopback only, and boto3 here never reads the machine's AWS configuration,
credentials files or instance metadata. The credentials are moto's: fake and throwaway.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

# Before boto3 is imported: never read the machine's AWS config, credential files or instance
# metadata, and never send loopback traffic through a proxy.
for _name in list(os.environ):
    if _name.startswith("AWS_") or _name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
        del os.environ[_name]
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["AWS_CONFIG_FILE"] = "/dev/null"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"

HOST = "127.0.0.1"
USER_NAME = "swift-kms-tester"
ROLE_NAME = "swift-kms-role"
CHAINED_ROLE_NAME = "swift-kms-chained-role"
# The session of ROLE_NAME that may assume CHAINED_ROLE_NAME. AWS also matches the role's own
# ARN against its sessions; moto matches principals exactly, so the session is named.
CHAIN_SESSION_NAME = "swift-kms-chain"
# The requests made before signatures are checked, in order. INITIAL_NO_AUTH_ACTION_COUNT is
# exactly their number: the next request already needs a valid signature.
SETUP_CALLS = ("CreateUser", "CreateAccessKey", "PutUserPolicy", "CreateRole", "PutRolePolicy",
               "CreateRole", "PutRolePolicy")
EXIT_MOTO_MISSING = 3


def fail(message, code=1):
    print(f"local_kms: {message}", file=sys.stderr)
    sys.exit(code)


def moto_command():
    """moto_server from PATH, else the same module through this interpreter; None if absent."""
    path = shutil.which("moto_server")
    if path:
        return [path]
    try:
        import importlib.util

        if importlib.util.find_spec("moto.server") and importlib.util.find_spec("flask"):
            return [sys.executable, "-m", "moto.server"]
    except ModuleNotFoundError:
        pass
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def answers(endpoint):
    """True once the server answers HTTP (moto-api requests do not count as actions)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{endpoint}/moto-api/data.json", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def launch(region, log_path):
    """Starts the server on a free port; returns (process, endpoint). Retries if the port is taken."""
    command = moto_command()
    if command is None:
        fail("moto's server is not installed (pip install 'moto[server]')", EXIT_MOTO_MISSING)
    env = dict(os.environ)
    env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(len(SETUP_CALLS))
    env["AWS_DEFAULT_REGION"] = region
    for _attempt in range(3):
        port = free_port()
        endpoint = f"http://{HOST}:{port}"
        log = open(log_path, "ab")
        process = subprocess.Popen(
            command + ["-H", HOST, "-p", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            start_new_session=True,  # its own process group, so `stop` ends it and only it
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break  # exited: most likely the port was taken in between; try another one
            if answers(endpoint):
                return process, endpoint
            time.sleep(0.1)
        else:
            terminate(process.pid)
            fail(f"moto's server did not answer on {endpoint} within 30 s (log: {log_path})")
    fail(f"moto's server did not start (log: {log_path})")


def boto_client(service, endpoint, region, access_key_id, secret_access_key, session_token=None):
    import boto3
    from botocore.config import Config

    # One attempt only: a retry inside the unauthenticated window would use up a setup slot.
    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        proxies={},
    )
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        aws_session_token=session_token,
        config=config,
    )


def setup(endpoint, region):
    """Creates the identities (unsigned window), then the key and a session (signed)."""
    # Any credentials do in the window: moto does not look at them yet.
    iam = boto_client("iam", endpoint, region, "AKIAIOSFODNN7EXAMPLE", "unchecked-during-setup")
    user = iam.create_user(UserName=USER_NAME)["User"]
    key = iam.create_access_key(UserName=USER_NAME)["AccessKey"]
    allow = lambda actions: json.dumps(  # noqa: E731
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    )
    iam.put_user_policy(UserName=USER_NAME, PolicyName="kms-and-assume-role",
                        PolicyDocument=allow(["kms:*", "sts:AssumeRole"]))
    trust = json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}],
    })
    role = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="kms", PolicyDocument=allow(["kms:*", "sts:AssumeRole"]))
    # A role only the first role may assume: a profile chain user -> role -> chained role.
    account = role["Arn"].split(":")[4]
    session_arn = f"arn:aws:sts::{account}:assumed-role/{ROLE_NAME}/{CHAIN_SESSION_NAME}"
    chained_trust = json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": [role["Arn"], session_arn]}, "Action": "sts:AssumeRole"}],
    })
    chained = iam.create_role(RoleName=CHAINED_ROLE_NAME, AssumeRolePolicyDocument=chained_trust)["Role"]
    iam.put_role_policy(RoleName=CHAINED_ROLE_NAME, PolicyName="kms", PolicyDocument=allow("kms:*"))
    # SETUP_CALLS requests so far: from here on every request must be signed correctly.

    access_key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
    kms = boto_client("kms", endpoint, region, access_key_id, secret)
    metadata = kms.create_key(Description="swift-kms local test key")["KeyMetadata"]

    from botocore.exceptions import ClientError

    wrong = boto_client("kms", endpoint, region, access_key_id, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    try:
        wrong.list_keys()
        raise RuntimeError("moto accepted a wrong secret: signature verification is not on")
    except ClientError as error:
        # moto answers auth failures with XML, which boto3's JSON parser leaves unparsed.
        if "SignatureDoesNotMatch" not in str(error):
            raise

    sts = boto_client("sts", endpoint, region, access_key_id, secret)
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="swift-kms-tests")["Credentials"]
    return {
        "accessKeyId": access_key_id,
        "secretAccessKey": secret,
        "userArn": user["Arn"],
        "roleArn": role["Arn"],
        "chainedRoleArn": chained["Arn"],
        "chainSessionName": CHAIN_SESSION_NAME,
        "keyId": metadata["KeyId"],
        "keyArn": metadata["Arn"],
        "session": {
            "accessKeyId": session["AccessKeyId"],
            "secretAccessKey": session["SecretAccessKey"],
            "sessionToken": session["SessionToken"],
        },
    }


def is_moto(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"moto" in handle.read()
    except OSError:
        return False


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().split(b")")[-1].split()[0] != b"Z"
    except OSError:
        return False


def terminate(pid, grace=5.0):
    """SIGTERM to the server's process group, SIGKILL if it has not gone after `grace` s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.05)


def watch(server_pid, owner_pid, ttl):
    """Runs detached: stops the server when its owner exits, the TTL ends, or it died."""
    deadline = time.monotonic() + ttl
    while alive(server_pid) and is_moto(server_pid):
        if time.monotonic() > deadline or (owner_pid and not alive(owner_pid)):
            terminate(server_pid)
            return
        time.sleep(1)


def start(args):
    log_path = os.path.join(tempfile.mkdtemp(prefix="local-kms-"), "moto.log")
    process, endpoint = launch(args.region, log_path)
    try:
        created = setup(endpoint, args.region)
    except Exception as error:  # any failure: do not leave a server behind
        terminate(process.pid)
        fail(f"setting up the local KMS failed: {type(error).__name__}: {error} (log: {log_path})")
    subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "watch", str(process.pid),
         "--owner-pid", str(args.owner_pid or 0), "--ttl", str(args.ttl)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    result = {"endpoint": endpoint, "region": args.region, "pid": process.pid, **created, "log": log_path}
    print(json.dumps(result), flush=True)


def stop(args):
    if not alive(args.pid):
        return
    if not is_moto(args.pid):
        fail(f"process {args.pid} is not a moto server; not stopping it")
    terminate(args.pid)
    if alive(args.pid):
        fail(f"moto server {args.pid} did not stop")


def main():
    parser = argparse.ArgumentParser(description="Local KMS (moto) on 127.0.0.1 with signature verification.")
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start", help="start a server and print its JSON description")
    start_parser.add_argument("--region", default="us-east-1")
    start_parser.add_argument("--owner-pid", type=int, default=os.getppid(),
                              help="stop the server when this process exits (default: the caller; 0: never)")
    start_parser.add_argument("--ttl", type=int, default=3600, help="stop the server after this many seconds")
    stop_parser = commands.add_parser("stop", help="stop a server started by `start`")
    stop_parser.add_argument("pid", type=int)
    commands.add_parser("check", help="exit 0 when moto's server is installed, 3 when not")
    watch_parser = commands.add_parser("watch", help=argparse.SUPPRESS)
    watch_parser.add_argument("pid", type=int)
    watch_parser.add_argument("--owner-pid", type=int, default=0)
    watch_parser.add_argument("--ttl", type=int, default=3600)
    args = parser.parse_args()
    if args.command == "start":
        start(args)
    elif args.command == "stop":
        stop(args)
    elif args.command == "check":
        if moto_command() is None:
            fail("moto's server is not installed (pip install 'moto[server]')", EXIT_MOTO_MISSING)
    else:
        watch(args.pid, args.owner_pid, args.ttl)


if __name__ == "__main__":
    main()
