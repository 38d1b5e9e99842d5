/// Reads big-endian fields from a message, checking every length against the bytes that
/// remain before it reads or allocates: a short or lying message is a typed error
/// (``EncryptionSDKError/truncated(_:)``), never a trap.
struct ByteReader {
    let bytes: [UInt8]
    /// The index of the next byte to read.
    private(set) var offset: Int
    /// Where reading stops (exclusive).
    let end: Int

    init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    /// How many bytes are left.
    var remaining: Int { end - offset }

    /// Fails with `truncated(field)` unless `count` bytes remain.
    func require(_ count: Int, _ field: String) throws(EncryptionSDKError) {
        guard count >= 0, count <= remaining else { throw .truncated(field) }
    }

    mutating func readUInt8(_ field: String) throws(EncryptionSDKError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ field: String) throws(EncryptionSDKError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readInteger(2, field))
    }

    mutating func readUInt32(_ field: String) throws(EncryptionSDKError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readInteger(4, field))
    }

    mutating func readUInt64(_ field: String) throws(EncryptionSDKError) -> UInt64 {
        try readInteger(8, field)
    }

    private mutating func readInteger(_ size: Int, _ field: String) throws(EncryptionSDKError) -> UInt64 {
        try require(size, field)
        var value: UInt64 = 0
        for index in offset..<(offset + size) { value = value << 8 | UInt64(bytes[index]) }
        offset += size
        return value
    }

    /// The next `count` bytes as a range of ``bytes`` (no copy).
    mutating func readRange(_ count: Int, _ field: String) throws(EncryptionSDKError) -> Range<Int> {
        try require(count, field)
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// A copy of the next `count` bytes.
    mutating func readBytes(_ count: Int, _ field: String) throws(EncryptionSDKError) -> [UInt8] {
        Array(bytes[try readRange(count, field)])
    }

    /// A u16 length, then that many bytes.
    mutating func readShortLengthPrefixed(_ field: String) throws(EncryptionSDKError) -> [UInt8] {
        let count = Int(try readUInt16("\(field) length"))
        return try readBytes(count, field)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` big-endian in `size` bytes.
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var big = value.bigEndian
        Swift.withUnsafeBytes(of: &big) { append(contentsOf: $0) }
    }

    /// Appends a u16 length then the bytes; the caller has checked the length fits.
    mutating func appendShortLengthPrefixed(_ bytes: some Collection<UInt8>) {
        appendBigEndian(UInt16(bytes.count))
        append(contentsOf: bytes)
    }
}
