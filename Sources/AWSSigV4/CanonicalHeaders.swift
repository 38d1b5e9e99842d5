/// The canonical headers and signed-header list of a SigV4 canonical request.
///
/// Names are lower-cased (ASCII); values are trimmed and every inner run of whitespace
/// (spaces, tabs, and the line breaks of obs-folded values) becomes one space, quotes or not.
/// Repeated names are joined with `,` in the order given. Headers that proxies and HTTP stacks
/// add, change or drop (`excludedNames`) are never signed.
struct CanonicalHeaders {
    /// `name:value\n` for every signed name, sorted by name.
    var canonical: [UInt8] = []
    /// `name;name;…`, sorted.
    var signedHeaders: [UInt8] = []

    /// Header names that are never signed, as botocore and the AWS SDKs leave them out:
    /// `Authorization` carries the signature itself; the others are hop-by-hop headers or
    /// headers that clients, proxies and tracers set or rewrite after signing.
    static let excludedNames: [String] = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
        "x-amzn-trace-id",
    ]

    /// Whether a lower-cased header name is never signed.
    static func isExcluded(_ lowercasedName: String) -> Bool {
        UTF8Bytes.with(lowercasedName) { isExcluded($0) }
    }

    /// Whether a lower-cased header name, as bytes, is never signed (one length test, then at
    /// most three comparisons: this runs for every header of every request).
    static func isExcluded(_ name: UnsafeRawBufferPointer) -> Bool {
        func equal(_ literal: StaticString) -> Bool { CanonicalHeaderWriter.equal(name, literal) }
        switch name.count {
        case 2: return equal("te")
        case 6: return equal("expect")
        case 7: return equal("trailer") || equal("upgrade")
        case 10: return equal("connection") || equal("keep-alive") || equal("user-agent")
        case 13: return equal("authorization")
        case 15: return equal("x-amzn-trace-id")
        case 17: return equal("transfer-encoding")
        case 18: return equal("proxy-authenticate")
        case 19: return equal("proxy-authorization")
        default: return false
        }
    }

    /// Canonicalizes `headers` (presigned URLs and tests; header signing writes them straight
    /// into its canonical request with `CanonicalHeaderWriter`).
    init(_ headers: [(name: String, value: String)]) {
        (canonical, signedHeaders) = CanonicalHeaderWriter.with(headers, ownHeaderBytes: 0) { writer in
            writer.addRequestHeaders()
            writer.sort()
            let canonical = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: writer.canonicalCapacity) { buffer in
                var output = ByteWriter(buffer)
                writer.writeCanonical(to: &output)
                return Array(output.written)
            }
            let signed = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: writer.signedHeadersCapacity) { buffer in
                var output = ByteWriter(buffer)
                writer.writeSignedHeaders(to: &output)
                return Array(output.written)
            }
            return (canonical, signed)
        }
    }

    /// `value` trimmed and folded (tests).
    static func trimmed(_ value: String) -> String {
        UTF8Bytes.with(value) { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var writer = ByteWriter(buffer)
                writer.appendTrimmed(UnsafeRawBufferPointer(bytes))
                return writer.count
            }
        }
    }

    /// `name` with ASCII letters lower-cased (tests; the writer lower-cases into its scratch).
    static func lowercasedASCII(_ name: String) -> String {
        UTF8Bytes.with(name) { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var writer = ByteWriter(buffer)
                writer.appendLowercasedASCII(bytes)
                return writer.count
            }
        }
    }
}
