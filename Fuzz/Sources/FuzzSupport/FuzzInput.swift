/// The fuzzer's bytes, read front to back as typed fields.
///
/// Reading past the end never fails: missing bytes read as zero and missing runs as empty, so
/// every input, however short, maps to one well-defined call.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var index = 0

    /// Copies the `size` bytes at `data` (libFuzzer's buffer is only valid during the call).
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        self.bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// Wraps bytes already in hand.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, or zero past the end.
    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// The next `count` bytes, fewer near the end.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, index + max(0, count))
        defer { index = end }
        return Array(bytes[index..<end])
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] {
        bytes(bytes.count - index)
    }
}
