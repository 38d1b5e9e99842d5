/// Lowercase hex encoding through a table of digit pairs, as SigV4 wants it (payload hashes,
/// the canonical request hash, the signature).
enum Hex {
    /// `00`, `01`, … `ff`: the two digits of every byte value, one 16-bit word each, so that a
    /// byte costs one load and one store. Built once; never freed, never written again.
    nonisolated(unsafe) private static let pairs: UnsafePointer<UInt16> = {
        let table = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 2)
        let digits = ("0123456789abcdef" as StaticString).utf8Start
        for byte in 0..<256 {
            table.storeBytes(of: digits[byte >> 4], toByteOffset: 2 * byte, as: UInt8.self)
            table.storeBytes(of: digits[byte & 0x0F], toByteOffset: 2 * byte + 1, as: UInt8.self)
        }
        return UnsafePointer(table.assumingMemoryBound(to: UInt16.self))
    }()

    /// Writes two lowercase hex digits per byte of `bytes` at `output`, which has room for them.
    @inline(__always)
    static func write(_ bytes: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<UInt8>) {
        let pairs = Self.pairs
        let output = UnsafeMutableRawPointer(output)
        for index in 0..<bytes.count {
            output.storeBytes(of: pairs[Int(bytes[index])], toByteOffset: 2 * index, as: UInt16.self)
        }
    }

    /// Appends two lowercase hex digits per byte of `bytes` to `output` (one append of the
    /// whole text, formatted on the stack).
    static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 2) { buffer in
            if let start = buffer.baseAddress { write(bytes, to: start) }
            output.append(contentsOf: buffer)
        }
    }

    /// Two lowercase hex digits per byte of `bytes`.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            if let start = buffer.baseAddress { write(bytes, to: start) }
            return bytes.count * 2
        }
    }
}
