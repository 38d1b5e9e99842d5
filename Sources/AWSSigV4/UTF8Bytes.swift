#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Access to a string's UTF-8 bytes as a raw buffer, for handing to libcrypto.
enum UTF8Bytes {
    /// Runs `body` with the UTF-8 bytes of `string` (copied only when the string is not
    /// stored contiguously, e.g. bridged).
    @inline(__always)
    static func with<Result>(_ string: String, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        // Borrowing the storage first spares the copy (a retain and a release) of `withUTF8`.
        if let result = try string.utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var string = string
        return try string.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    /// Whether two strings are the same bytes. (String's `==` is Unicode canonical
    /// equivalence: two different secrets could compare equal.)
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return with(lhs) { left in
            with(rhs) { right in
                left.count == right.count && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }
}
