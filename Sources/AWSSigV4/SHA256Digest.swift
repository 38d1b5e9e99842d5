/// 32 bytes held inline (no heap allocation): a SHA-256 digest, an HMAC-SHA256 result, or a
/// derived signing key.
///
/// Signing runs on the hot path of every request, so digests travel as plain values rather
/// than arrays.
struct SHA256Digest: Sendable, Equatable {
    /// The bytes, as four machine words.
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The number of bytes in a digest.
    static let byteCount = 32

    init() {}

    /// A digest from exactly 32 bytes (tests and key material).
    init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a SHA-256 digest has 32 bytes")
        withUnsafeMutableBytes { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
    }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    mutating func withUnsafeMutableBytes<Result>(
        _ body: (UnsafeMutableRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try Swift.withUnsafeMutableBytes(of: &words, body)
    }

    /// The digest as an array (tests).
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    /// Appends the 64 lowercase hex digits to `output`.
    func appendHex(to output: inout [UInt8]) {
        withUnsafeBytes { Hex.append($0, to: &output) }
    }

    /// The 64 lowercase hex digits.
    var hexString: String {
        withUnsafeBytes { Hex.string($0) }
    }
}
