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
        switch lowercasedName {
        case "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
            "x-amzn-trace-id":
            return true
        default:
            return false
        }
    }

    private struct Entry {
        var name: String
        var value: String
        var order: Int
    }

    /// Canonicalizes `headers` plus `added` (whose names are lower-case already). Headers of
    /// `headers` named like one of `added` or `replaced` are left out: the signer's own values
    /// replace them.
    init(
        _ headers: [(name: String, value: String)], adding added: [(name: String, value: String)] = [],
        replacing replaced: [String] = []
    ) {
        var entries: [Entry] = []
        entries.reserveCapacity(headers.count + added.count)
        for (order, header) in headers.enumerated() {
            let name = Self.lowercasedASCII(header.name)
            if Self.isExcluded(name) { continue }
            if !added.isEmpty && added.contains(where: { $0.name == name }) { continue }
            if !replaced.isEmpty && replaced.contains(name) { continue }
            entries.append(Entry(name: name, value: header.value, order: order))
        }
        for (order, header) in added.enumerated() {
            entries.append(Entry(name: header.name, value: header.value, order: headers.count + order))
        }
        entries.sort { lhs, rhs in
            if lhs.name == rhs.name { return lhs.order < rhs.order }
            return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }

        canonical.reserveCapacity(entries.count * 48)
        signedHeaders.reserveCapacity(entries.count * 16)
        var previousName: String?
        for entry in entries {
            if entry.name == previousName {
                canonical.removeLast()  // the "\n" of the previous value
                canonical.append(UInt8(ascii: ","))
            } else {
                if previousName != nil { signedHeaders.append(UInt8(ascii: ";")) }
                signedHeaders.append(contentsOf: entry.name.utf8)
                canonical.append(contentsOf: entry.name.utf8)
                canonical.append(UInt8(ascii: ":"))
                previousName = entry.name
            }
            Self.appendTrimmed(entry.value, to: &canonical)
            canonical.append(UInt8(ascii: "\n"))
        }
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return true
        default: return false
        }
    }

    /// Appends `value` with its ends trimmed and inner whitespace runs folded to one space.
    static func appendTrimmed(_ value: String, to output: inout [UInt8]) {
        var pendingSpace = false
        var started = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = started
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                started = true
                output.append(byte)
            }
        }
    }

    /// `value` trimmed and folded (tests).
    static func trimmed(_ value: String) -> String {
        var output: [UInt8] = []
        appendTrimmed(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `name` with ASCII letters lower-cased; returned as is (no copy) when already lower-case.
    static func lowercasedASCII(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 &- 0x41 < 26 }) else { return name }
        let count = name.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            for (index, byte) in name.utf8.enumerated() {
                buffer[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            }
            return count
        }
    }
}
