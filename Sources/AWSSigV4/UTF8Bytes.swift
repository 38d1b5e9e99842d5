/// Access to a string's UTF-8 bytes as a raw buffer, for handing to libcrypto.
enum UTF8Bytes {
    /// Runs `body` with the UTF-8 bytes of `string` (copied only when the string is not
    /// stored contiguously, e.g. bridged).
    @inline(__always)
    static func with<Result>(_ string: String, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var string = string
        return try string.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
