/// Where decrypted frames go: an array that grows (the streaming decrypt hands out each
/// frame's plaintext) or memory sized once (a whole message, no zero-filling per frame).
protocol PlaintextOutput {
    /// Adds room for `count` bytes at the end and lets `fill` write them. When `fill` throws,
    /// it has wiped what it wrote, and the room is given back where that is possible.
    mutating func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws
}

extension Array: PlaintextOutput where Element == UInt8 {
    mutating func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        let start = self.count
        append(contentsOf: repeatElement(0, count: count))
        do {
            try withUnsafeMutableBytes { try fill(UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        } catch {
            removeSubrange(start...)
            throw error
        }
    }
}

extension ByteWriter: PlaintextOutput {
    mutating func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        try fill(take(count))
    }
}
