/// SigV4's URI encoding (RFC 3986): unreserved characters `A-Z a-z 0-9 - . _ ~` stay, every
/// other byte of the UTF-8 text becomes `%XY` with uppercase hex.
///
/// Two switches cover the places SigV4 encodes: `keepSlash` for paths (`/` separates
/// segments), and `keepEncoded` for text that may already be percent-encoded, where a valid
/// `%XY` triple is kept as it is instead of becoming `%25XY`.
enum PercentEncoding {
    /// Whether `byte` is an RFC 3986 unreserved character.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "a")...UInt8(ascii: "f"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x37 + nibble
    }

    /// Appends `input` encoded to `output`.
    static func append(
        _ input: UnsafeRawBufferPointer, to output: inout [UInt8],
        keepSlash: Bool = false, keepEncoded: Bool = false
    ) {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else if keepEncoded, byte == UInt8(ascii: "%"), index + 2 < count,
                isHexDigit(input[index + 1]), isHexDigit(input[index + 2])
            {
                output.append(byte)
                output.append(input[index + 1])
                output.append(input[index + 2])
                index += 2
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperHexDigit(byte >> 4))
                output.append(upperHexDigit(byte & 0x0F))
            }
            index += 1
        }
    }

    /// Appends `string` encoded to `output`.
    static func append(
        _ string: String, to output: inout [UInt8], keepSlash: Bool = false, keepEncoded: Bool = false
    ) {
        UTF8Bytes.with(string) { append($0, to: &output, keepSlash: keepSlash, keepEncoded: keepEncoded) }
    }

    /// `string` encoded.
    static func encode(_ string: String, keepSlash: Bool = false, keepEncoded: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        append(string, to: &output, keepSlash: keepSlash, keepEncoded: keepEncoded)
        return String(decoding: output, as: UTF8.self)
    }
}
