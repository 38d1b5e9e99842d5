/// Standard base64 (RFC 4648 §4, with padding), written for the call path: it decodes straight
/// into storage the caller owns (a ``KMSSecretBytes``) and encodes straight into a request body,
/// so no intermediate `Data` or `String` holds key material.
package enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0…63 for alphabet bytes, 0xFF otherwise.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The number of bytes `text` decodes to, or nil when it is not canonical padded base64.
    /// An empty text is valid and decodes to zero bytes.
    static func decodedCount<Text: Collection>(of text: Text) -> Int? where Text.Element == UInt8 {
        let length = text.count
        guard length % 4 == 0 else { return nil }
        if length == 0 { return 0 }
        // The table is read once, not through its lazy accessor for every byte.
        return values.withUnsafeBufferPointer { values -> Int? in
            var padding = 0
            var position = 0
            for byte in text {
                position += 1
                if byte == UInt8(ascii: "=") {
                    // Padding only in the last two places, and nothing but padding after it.
                    guard position > length - 2 else { return nil }
                    padding += 1
                } else {
                    guard padding == 0, values[Int(byte)] != 0xFF else { return nil }
                }
            }
            return length / 4 * 3 - padding
        }
    }

    /// Checks a base64 string as the service would accept it.
    static func isValid(_ text: String) -> Bool {
        decodedCount(of: text.utf8) != nil
    }

    /// Decodes `text` into `output`, which must be exactly `decodedCount(of: text)` bytes.
    /// Returns false (leaving `output` partly written) when the text is not valid base64.
    static func decode<Text: Collection>(_ text: Text, into output: UnsafeMutableRawBufferPointer) -> Bool
    where Text.Element == UInt8 {
        if let decoded = text.withContiguousStorageIfAvailable({ decode(contiguous: $0, into: output) }) {
            return decoded
        }
        guard decodedCount(of: text) == output.count else { return false }
        return values.withUnsafeBufferPointer { values in
            var accumulator: UInt32 = 0
            var bits = 0
            var written = 0
            for byte in text where byte != UInt8(ascii: "=") {
                accumulator = (accumulator << 6) | UInt32(values[Int(byte)])
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                    written += 1
                }
            }
            accumulator = 0
            return written == output.count
        }
    }

    /// The same over contiguous bytes, four characters to three bytes at a time.
    private static func decode(contiguous text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawBufferPointer) -> Bool {
        guard decodedCount(of: text) == output.count else { return false }  // checks every character
        guard !output.isEmpty else { return true }
        return values.withUnsafeBufferPointer { values in
            @inline(__always) func value(_ index: Int) -> UInt32 { UInt32(values[Int(text[index])]) }
            var read = 0
            var written = 0
            while output.count - written >= 3 {
                let group = value(read) << 18 | value(read + 1) << 12 | value(read + 2) << 6 | value(read + 3)
                output[written] = UInt8(truncatingIfNeeded: group >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                output[written + 2] = UInt8(truncatingIfNeeded: group)
                read += 4
                written += 3
            }
            switch output.count - written {
            case 2:
                let group = value(read) << 18 | value(read + 1) << 12 | value(read + 2) << 6
                output[written] = UInt8(truncatingIfNeeded: group >> 16)
                output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
            case 1:
                let group = value(read) << 18 | value(read + 1) << 12
                output[written] = UInt8(truncatingIfNeeded: group >> 16)
            default:
                break
            }
            return true
        }
    }

    /// Decodes base64 text into a new array (for non-secret values such as ciphertext blobs).
    package static func decode(_ text: String) -> [UInt8]? {
        let utf8 = text.utf8
        guard let count = decodedCount(of: utf8) else { return nil }
        var result = [UInt8](repeating: 0, count: count)
        let ok = result.withUnsafeMutableBytes { decode(utf8, into: $0) }
        return ok ? result : nil
    }

    /// Appends the base64 form of `bytes` to `output`.
    static func encode(_ bytes: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let value = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        case 2:
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(UInt8(ascii: "="))
        default:
            break
        }
    }

    /// The base64 form of `bytes` as a new `String`.
    static func encodeToString(_ bytes: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        encode(bytes, appendingTo: &output)
        defer { KMSSecretBytes.wipe(&output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The base64 form of a non-secret byte array.
    package static func encodeToString(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encodeToString($0) }
    }
}
