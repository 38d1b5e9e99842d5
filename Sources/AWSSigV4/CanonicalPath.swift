/// The canonical URI of a SigV4 canonical request.
///
/// With normalization (every service but S3) `.` and `..` segments are resolved and repeated
/// `/` merged, the way botocore does it: a trailing `/` is kept when something is left before
/// it, and an empty result is `/`. With double encoding (every service but S3) the path as
/// sent, already encoded once, is encoded again (`%` becomes `%25`); without it the path is
/// encoded once, and `%XY` triples already in it are kept.
enum CanonicalPath {
    /// Appends the canonical form of `path` to `output`.
    static func append(_ path: String, normalize: Bool, doubleEncode: Bool, to output: inout [UInt8]) {
        if path.isEmpty || path == "/" {
            output.append(UInt8(ascii: "/"))
            return
        }
        UTF8Bytes.with(path) { raw in
            if normalize {
                let normalized = normalized(raw)
                if normalized.isEmpty {
                    output.append(UInt8(ascii: "/"))
                    return
                }
                normalized.withUnsafeBytes {
                    PercentEncoding.append($0, to: &output, keepSlash: true, keepEncoded: !doubleEncode)
                }
            } else {
                PercentEncoding.append(raw, to: &output, keepSlash: true, keepEncoded: !doubleEncode)
            }
        }
    }

    /// `path` with `.`/`..` resolved and empty segments dropped (RFC 3986 5.2.4, plus the merging
    /// of repeated slashes that AWS services expect).
    static func normalized(_ path: UnsafeRawBufferPointer) -> [UInt8] {
        var segments: [Range<Int>] = []
        var start = 0
        let count = path.count
        var index = 0
        while index <= count {
            if index == count || path[index] == UInt8(ascii: "/") {
                let length = index - start
                if length == 0 || (length == 1 && path[start] == UInt8(ascii: ".")) {
                    // empty segment or "."
                } else if length == 2 && path[start] == UInt8(ascii: ".") && path[start + 1] == UInt8(ascii: ".") {
                    _ = segments.popLast()
                } else {
                    segments.append(start..<index)
                }
                start = index + 1
            }
            index += 1
        }
        var output: [UInt8] = []
        output.reserveCapacity(count)
        if count > 0 && path[0] == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        for (position, segment) in segments.enumerated() {
            if position > 0 { output.append(UInt8(ascii: "/")) }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: path[segment]))
        }
        if count > 0 && path[count - 1] == UInt8(ascii: "/") && !segments.isEmpty {
            output.append(UInt8(ascii: "/"))
        }
        return output
    }

    /// `path` normalized, as a string (tests).
    static func normalized(_ path: String) -> String {
        let bytes = UTF8Bytes.with(path) { normalized($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical form of `path` (tests).
    static func canonical(_ path: String, normalize: Bool, doubleEncode: Bool) -> String {
        var output: [UInt8] = []
        append(path, normalize: normalize, doubleEncode: doubleEncode, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
