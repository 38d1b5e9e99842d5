/// Bytes appended into memory the caller owns (usually stack scratch from
/// `withUnsafeTemporaryAllocation`), the way C builds strings with `memcpy`: no growth, no
/// reference counting, one bounds check per append.
///
/// The caller sizes the memory for the worst case; writing past it is a programming error and
/// stops the process rather than corrupting memory.
struct ByteWriter {
    /// The start of the memory.
    let base: UnsafeMutablePointer<UInt8>
    /// How many bytes fit.
    let capacity: Int
    /// How many bytes were written.
    private(set) var count = 0

    /// A writer filling `buffer` from its start.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        // A zero-capacity temporary allocation may have no address; nothing is ever written then.
        self.base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
        self.capacity = buffer.count
    }

    /// The bytes written so far.
    var written: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    /// The bytes written at `range`.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The last byte written; the writer must not be empty.
    var last: UInt8 { base[count - 1] }

    /// Replaces the last byte written (a `\n` that becomes a `,`).
    mutating func replaceLast(with byte: UInt8) {
        precondition(count > 0, "nothing written to replace")
        base[count - 1] = byte
    }

    /// Forgets everything written after the first `count` bytes.
    mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count, "truncating beyond what was written")
        self.count = count
    }

    @inline(__always)
    private func reserve(_ extra: Int) {
        precondition(extra <= capacity &- count, "ByteWriter sized too small")
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count &+= bytes.count
    }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
    }

    /// Appends `bytes`.
    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends the `X-Amz-Date` form of `date` (`20150830T123600Z`).
    @inline(__always)
    mutating func append(timestampOf date: AmzDate) {
        date.withTimestamp { append($0) }
    }

    /// Appends the scope date of `date` (`20150830`).
    @inline(__always)
    mutating func append(dateStampOf date: AmzDate) {
        date.withDateStamp { append($0) }
    }

    /// Appends the UTF-8 of a literal.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 of `string`.
    @inline(__always)
    mutating func append(_ string: String) {
        UTF8Bytes.with(string) { append($0) }
    }

    /// Appends `bytes` with ASCII letters lower-cased (a header name).
    mutating func appendLowercasedASCII(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        let output = base + count
        for index in 0..<bytes.count {
            let byte = bytes[index]
            output[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
        }
        count &+= bytes.count
    }

    /// Appends the 64 lowercase hex digits of `digest`.
    mutating func appendHex(_ digest: SHA256Digest) {
        reserve(2 * SHA256Digest.byteCount)
        digest.withUnsafeBytes { Hex.write($0, to: base + count) }
        count &+= 2 * SHA256Digest.byteCount
    }

    /// Appends `bytes` with its ends trimmed and inner whitespace runs folded to one space (a
    /// canonical header value). A value with no byte at or below the space, the usual case, is
    /// found so eight bytes at a time and copied in one go.
    @inline(__always)
    mutating func appendTrimmed(_ bytes: UnsafeRawBufferPointer) {
        if Self.hasSpaceOrControl(bytes) {
            appendFolded(bytes)
        } else {
            append(bytes)
        }
    }

    /// Whether any byte of `bytes` is 0x20 or below (whitespace is; so are other controls,
    /// which then take the careful path for nothing).
    @inline(__always)
    static func hasSpaceOrControl(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        // A byte below 0x21 borrows in `word - 0x21…21` and has its top bit clear in `word`;
        // bytes from 0x80 up never flag, and a borrow only runs on after a flagged byte.
        while index &+ 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080 != 0 { return true }
            index &+= 8
        }
        while index < count {
            if bytes[index] <= 0x20 { return true }
            index &+= 1
        }
        return false
    }

    /// `appendTrimmed` for a value that may need it: byte by byte.
    mutating func appendFolded(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        var end = bytes.count
        while start < end && Self.isWhitespace(bytes[start]) { start += 1 }
        while end > start && Self.isWhitespace(bytes[end - 1]) { end -= 1 }
        var pendingSpace = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if Self.isWhitespace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace { append(0x20) }
                pendingSpace = false
                append(byte)
            }
            index += 1
        }
    }

    /// Space, tab, and the line breaks of obs-folded header values.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return true
        default: return false
        }
    }
}
