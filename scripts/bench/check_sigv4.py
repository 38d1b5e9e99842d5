"""Checks that the C reference signer (sign_bench --print) computes the same SigV4 signature
as botocore for the benchmark's KMS request, so the C baseline does real, correct work.

usage: python3 check_sigv4.py PATH_TO_sign_bench    exit 0 when they match
"""
import datetime
import subprocess
import sys
from unittest import mock

import botocore.auth

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HOST = "127.0.0.1:8080"
EPOCH = 1440000000  # 2015-08-19T16:00:00Z
BODY = b'{"KeyId":"alias/bench","NumberOfBytes":32}'


def botocore_authorization():
    request = AWSRequest(
        method="POST",
        url=f"http://{HOST}/",
        data=BODY,
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "TrentService.GenerateDataKey",
        },
    )
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    signer = SigV4Auth(credentials, "kms", "us-east-1")
    when = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: when):
        signer.add_auth(request)
    return request.headers["X-Amz-Date"], request.headers["Authorization"]


def main():
    out = subprocess.run([sys.argv[1], "--print", HOST, str(EPOCH)], check=True, capture_output=True, text=True)
    c_date, c_auth = out.stdout.splitlines()[:2]
    b_date, b_auth = botocore_authorization()
    if (c_date, c_auth) != (b_date, b_auth):
        print(f"check_sigv4: C signer disagrees with botocore\n  C:        {c_date} {c_auth[-64:]}\n  botocore: {b_date} {b_auth[-64:]}")
        return 1
    print("check_sigv4: C signer matches botocore")
    return 0


if __name__ == "__main__":
    sys.exit(main())
