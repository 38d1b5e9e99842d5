import CLibCrypto

/// SHA-1, only to name the AWS CLI's SSO token cache files (`sha1(session name).json`) as the
/// CLI does: a file name, not a security property. libcrypto's, which the package links anyway.
enum SHA1 {
    /// The lowercase hex digest of `text`'s UTF-8 bytes.
    static func hexDigest(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(40)
        for byte in digest(Array(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The 20-byte digest.
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let ok = message.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha1(), nil) == 1
            }
        }
        // SHA-1 from the default provider cannot fail for in-memory input; a broken libcrypto
        // would name no file rather than a wrong one.
        precondition(ok && length == 20, "libcrypto's SHA-1 failed")
        return digest
    }
}
