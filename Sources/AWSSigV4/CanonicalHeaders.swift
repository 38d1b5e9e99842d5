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

    /// Whether a lower-cased header name is never signed (one length test, then at most three
    /// comparisons: this runs for every header of every request).
    static func isExcluded(_ lowercasedName: String) -> Bool {
        switch lowercasedName.utf8.count {
        case 2: return lowercasedName == "te"
        case 6: return lowercasedName == "expect"
        case 7: return lowercasedName == "trailer" || lowercasedName == "upgrade"
        case 10:
            return lowercasedName == "connection" || lowercasedName == "keep-alive" || lowercasedName == "user-agent"
        case 13: return lowercasedName == "authorization"
        case 15: return lowercasedName == "x-amzn-trace-id"
        case 17: return lowercasedName == "transfer-encoding"
        case 18: return lowercasedName == "proxy-authenticate"
        case 19: return lowercasedName == "proxy-authorization"
        default: return false
        }
    }

    private struct Entry {
        var name: String
        var value: String
        var order: Int
        var isASCII: Bool

        /// Whether the names are the same bytes. (String's `==` is Unicode equivalence, which
        /// agrees for ASCII and is faster, but would merge distinct non-ASCII byte sequences.)
        func hasSameName(as other: Entry) -> Bool {
            if isASCII && other.isASCII { return name == other.name }
            return name.utf8.elementsEqual(other.name.utf8)
        }

        /// Sorted by name as bytes (String's `<` agrees for ASCII and is faster), then by order.
        func precedes(_ other: Entry) -> Bool {
            if hasSameName(as: other) { return order < other.order }
            if isASCII && other.isASCII { return name < other.name }
            return name.utf8.lexicographicallyPrecedes(other.name.utf8)
        }
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
            let (name, isASCII) = Self.lowercasedASCIIAndCheck(header.name)
            if Self.isExcluded(name) { continue }
            if !added.isEmpty && added.contains(where: { $0.name.utf8.elementsEqual(name.utf8) }) { continue }
            if !replaced.isEmpty && replaced.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { continue }
            entries.append(Entry(name: name, value: header.value, order: order, isASCII: isASCII))
        }
        for (order, header) in added.enumerated() {
            let isASCII = header.name.utf8.allSatisfy { $0 < 0x80 }
            entries.append(Entry(name: header.name, value: header.value, order: headers.count + order, isASCII: isASCII))
        }
        entries.sort { $0.precedes($1) }

        canonical.reserveCapacity(entries.count * 48)
        signedHeaders.reserveCapacity(entries.count * 16)
        var previous: Entry?
        for entry in entries {
            if let previous, entry.hasSameName(as: previous) {
                canonical.removeLast()  // the "\n" of the previous value
                canonical.append(UInt8(ascii: ","))
            } else {
                if previous != nil { signedHeaders.append(UInt8(ascii: ";")) }
                signedHeaders.append(contentsOf: entry.name.utf8)
                canonical.append(contentsOf: entry.name.utf8)
                canonical.append(UInt8(ascii: ":"))
            }
            Self.appendTrimmed(entry.value, to: &canonical)
            canonical.append(UInt8(ascii: "\n"))
            previous = entry
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
        var value = value
        value.withUTF8 { appendTrimmed($0, to: &output) }
    }

    /// Appends `bytes` with its ends trimmed and inner whitespace runs folded to one space; a
    /// value that needs no folding (the usual case) is copied in one go.
    static func appendTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var start = 0
        var end = bytes.count
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        // bytes[end - 1] is not whitespace, so bytes[index + 1] below is in range.
        var index = start
        var needsFolding = false
        while index < end {
            let byte = bytes[index]
            if isWhitespace(byte) && (byte != 0x20 || isWhitespace(bytes[index + 1])) {
                needsFolding = true
                break
            }
            index += 1
        }
        if !needsFolding {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        var pendingSpace = false
        while index < end {
            let byte = bytes[index]
            if isWhitespace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(byte)
            }
            index += 1
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
        lowercasedASCIIAndCheck(name).name
    }

    /// `name` lower-cased (ASCII letters only), and whether it is all ASCII.
    static func lowercasedASCIIAndCheck(_ name: String) -> (name: String, isASCII: Bool) {
        var name = name
        let converted: (name: String?, isASCII: Bool) = name.withUTF8 { bytes in
            var hasUpper = false
            var isASCII = true
            for byte in bytes {
                if byte &- 0x41 < 26 { hasUpper = true }
                if byte >= 0x80 { isASCII = false }
            }
            guard hasUpper else { return (nil, isASCII) }
            let lowered = String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    buffer[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                }
                return bytes.count
            }
            return (lowered, isASCII)
        }
        return (converted.name ?? name, converted.isASCII)
    }
}
