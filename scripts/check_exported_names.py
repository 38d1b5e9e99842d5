#!/usr/bin/env python3
"""Fails when a module a KMS user imports declares a top-level name that a server framework's
modules also declare (issue 12: `import KMS` beside Hummingbird, Vapor or AsyncHTTPClient must
leave every one of their names unambiguous).

Reads the public symbol graphs that `make docs` extracts (.build/<triple>/extracted-symbols/
<package>/<Module>/<Module>.symbols.json) for KMS and AWSEncryptionSDK. NameClashTests checks a
few of these names by compiling a server app's file; this checks the whole list against every
top-level public name the modules declare.

    scripts/check_exported_names.py [MODULE ...]     default: KMS AWSEncryptionSDK
"""
import glob
import json
import os
import sys

# Top-level public names of the packages a server app imports beside KMS.
FRAMEWORK_NAMES = {
    # swift-http-types (re-exported by Hummingbird)
    "HTTPRequest", "HTTPResponse", "HTTPFields", "HTTPField",
    # SwiftNIO's NIOHTTP1 (Vapor, AsyncHTTPClient)
    "HTTPHeaders", "HTTPMethod", "HTTPVersion", "HTTPResponseStatus", "HTTPRequestHead",
    "HTTPResponseHead", "HTTPServerRequestPart", "HTTPServerResponsePart", "HTTPClientRequestPart",
    "HTTPClientResponsePart", "HTTPParserError",
    # AsyncHTTPClient
    "HTTPClient", "HTTPClientError", "HTTPClientRequest", "HTTPClientResponse",
    # Hummingbird and Vapor
    "Request", "Response", "Application", "Router", "HTTPError", "HTTPStatus", "Abort", "Client",
    # swift-log, swift-metrics, swift-distributed-tracing, swift-service-lifecycle
    "Logger", "Counter", "Timer", "Span", "Tracer", "Service", "ServiceGroup",
}


def main() -> int:
    modules = sys.argv[1:] or ["KMS", "AWSEncryptionSDK"]
    failures = []
    for module in modules:
        paths = glob.glob(f".build/*/extracted-symbols/*/{module}/{module}.symbols.json")
        if not paths:
            print(f"check_exported_names: no symbol graph for {module} (run make docs first)")
            return 2
        # The newest: a copy of the package under another folder name leaves older graphs.
        with open(max(paths, key=os.path.getmtime), encoding="utf-8") as handle:
            graph = json.load(handle)
        top = {s["pathComponents"][0] for s in graph["symbols"] if len(s["pathComponents"]) == 1}
        clashes = sorted(top & FRAMEWORK_NAMES)
        for name in clashes:
            failures.append(f"{module} declares `{name}`, which a server framework's module also declares")
        print(f"check_exported_names: {module}: {len(top)} top-level public names, {len(clashes)} clash(es)")
    for failure in failures:
        print(f"check_exported_names: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
