/// A cursor that fills memory the caller owns with a message's bytes, front to back: the
/// writing side of ``ByteReader``. Writing past the end is a programming error (the caller
/// sized the memory from the message layout), so it traps rather than corrupting memory.
struct ByteWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    /// Bytes left.
    var remaining: Int { buffer.count - offset }

    /// The bytes written from `start` to the cursor.
    func written(from start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[start..<offset])
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        take(bytes.count).copyMemory(from: bytes)
    }

    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { write($0) }
    }

    /// The next `count` bytes, for the caller to fill; the cursor moves past them.
    mutating func take(_ count: Int) -> UnsafeMutableRawBufferPointer {
        precondition(count <= remaining, "ByteWriter: \(count) bytes do not fit in \(remaining)")
        defer { offset += count }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }
}
