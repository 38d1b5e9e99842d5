/// Makes text from the network safe to print: printable ASCII only, bounded length.
enum TextSanitizer {
    /// Replaces anything outside printable ASCII (including newlines and escape sequences) with
    /// `?` and cuts to at most `limit` characters, the last three `...` when it cut.
    static func printable(_ text: String, limit: Int) -> String {
        printable(bytes: text.utf8, limit: limit)
    }

    /// The same, from raw bytes of unknown encoding.
    static func printable<Bytes: Sequence>(bytes: Bytes, limit: Int) -> String where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(Swift.min(limit, 256))
        var truncated = false
        for byte in bytes {
            if output.count == limit {
                truncated = true
                break
            }
            output.append((0x20...0x7E).contains(byte) ? byte : UInt8(ascii: "?"))
        }
        if truncated {
            output.removeLast(Swift.min(3, output.count))
            output.append(contentsOf: "...".utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
