/// Lowercase hex encoding through a lookup table, as SigV4 wants it (payload hashes, the
/// canonical request hash, the signature).
enum Hex {
    /// `0`…`9`, `a`…`f` as ASCII.
    private static let digits: (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
    ) = (
        0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
        0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66
    )

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        withUnsafeBytes(of: digits) { $0[Int(nibble & 0x0F)] }
    }

    /// Writes two lowercase hex digits per byte of `bytes` at `output`, which has room for them.
    @inline(__always)
    static func write(_ bytes: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<UInt8>) {
        var index = 0
        for byte in bytes {
            output[index] = digit(byte >> 4)
            output[index + 1] = digit(byte)
            index += 2
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
