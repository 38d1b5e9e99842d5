"""One boto3 generate_data_key against the local endpoint, start to exit: the cold-start row's
boto3 side (what a script that makes one call costs, import and model loading included).

The same isolation as the loops (loop_support.py): fake credentials, no config files, no
instance metadata, no retries; only the loopback endpoint is contacted. Exits 0 when the reply
has a 32-byte plaintext (and prints "Plaintext: 32 bytes").

usage: python3 boto3_once.py PORT
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loop_support import isolate_aws_environment  # noqa: E402

isolate_aws_environment()

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

if len(sys.argv) < 2:
    print(__doc__, file=sys.stderr)
    sys.exit(64)
kms = boto3.session.Session().client(
    "kms",
    endpoint_url=f"http://127.0.0.1:{int(sys.argv[1])}",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)
size = len(kms.generate_data_key(KeyId="alias/bench", NumberOfBytes=32)["Plaintext"])
print(f"Plaintext: {size} bytes")
sys.exit(0 if size == 32 else 1)
