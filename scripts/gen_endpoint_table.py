#!/usr/bin/env python3
"""Records botocore's endpoint resolution for KMS into a table the Swift tests compare against.

Why: our `KMSEndpointResolver` re-implements the KMS endpoint ruleset and the partition table
that botocore ships; this table is the reference it must match, case by case.

How: for each (region, FIPS, dual-stack) combination it does what a boto3 KMS client does when
it is built, offline and without sending any request: botocore's client first rewrites legacy
FIPS pseudo-regions (`fips-us-east-1`, `us-east-1-fips`: strip the marker, turn FIPS on) and
rejects region names that are not a valid host label; then botocore's endpoint-ruleset
resolver (`EndpointProvider`) evaluates the KMS ruleset against botocore's partitions table.
We call that resolver directly rather than reading `client.meta.endpoint_url`, because a boto3
client still consults botocore's legacy `endpoints.json` first, which disagrees with the
ruleset for the ISO partitions' dual-stack names and refuses some of them outright.

Usage: python3 scripts/gen_endpoint_table.py > Tests/KMSTests/Fixtures/config/endpoints.json
"""
import json
import sys

import botocore
from botocore.client import ClientCreator
from botocore.endpoint_provider import EndpointProvider
from botocore.exceptions import InvalidRegionError
from botocore.loaders import Loader
from botocore.utils import validate_region_name

# One or two regions from every partition, plus the awkward cases: regions botocore does not
# list (they fall back by regex, or to the `aws` partition), legacy FIPS pseudo-regions, and
# names botocore rejects.
REGIONS = [
    "us-east-1", "us-west-2", "eu-west-1", "eu-central-2", "ap-southeast-4", "me-central-1",
    "il-central-1", "mx-central-1", "ca-west-1",
    "cn-north-1", "cn-northwest-1",
    "us-gov-west-1", "us-gov-east-1",
    "us-iso-east-1", "us-iso-west-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
    "eusc-de-east-1",
    "aws-global",
    "us-east-42",          # unknown, matches the aws regex
    "cn-south-7",          # unknown, matches the aws-cn regex
    "us-isob-north-9",     # unknown, matches the aws-iso-b regex
    "moon-base-1",         # matches no regex: the aws partition
    "local",               # a one-label name some local servers use
    "us-east-1-fips",      # legacy FIPS pseudo-regions
    "fips-us-west-2",
    "us-gov-west-1-fips",
    "fips-cn-north-1",
    "us_east_1",           # invalid host label: rejected
    "-us-east-1",          # invalid host label: rejected
]
FLAGS = [(False, False), (True, False), (False, True), (True, True)]


LOADER = Loader()
PROVIDER = EndpointProvider(
    LOADER.load_service_model("kms", "endpoint-rule-set-1"), LOADER.load_data("partitions")
)


def resolve(region, fips, dualstack):
    # The client's own steps, in its order (botocore.client.ClientCreator.create_client).
    normalized, config = ClientCreator._normalize_fips_region(None, region, None)
    if config is not None and config.use_fips_endpoint:
        fips = True
    try:
        validate_region_name(normalized)
    except InvalidRegionError:
        return {"error": "invalidRegion"}
    endpoint = PROVIDER.resolve_endpoint(Region=normalized, UseFIPS=fips, UseDualStack=dualstack)
    return {"endpoint": endpoint.url, "signingRegion": normalized}


def main():
    cases = []
    for region in REGIONS:
        for fips, dualstack in FLAGS:
            case = {"region": region, "useFIPS": fips, "useDualStack": dualstack}
            case.update(resolve(region, fips, dualstack))
            cases.append(case)
    json.dump({"botocore": botocore.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
