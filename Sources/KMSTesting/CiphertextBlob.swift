import CLibCrypto

/// The ciphertext blobs the in-memory KMS hands out: real AES-256-GCM under the key's own
/// material, with the key's ARN and the encryption context authenticated, so a blob opens only
/// with its key and its exact context, and any changed byte is caught.
///
/// Layout: `0x01`, the ARN's length (2 bytes, big-endian) and UTF-8 bytes, a 12-byte IV, the
/// 16-byte tag, then the ciphertext. The additional data is everything before the IV followed
/// by the context's pairs sorted by key, each part length-prefixed. Our own format: real KMS
/// blobs are opaque too, and no code should parse them.
struct CiphertextBlob {
    static let version: UInt8 = 1
    static let ivLength = 12
    static let tagLength = 16

    /// The ARN of the key that sealed it.
    var keyArn: String
    private var header: [UInt8]
    private var iv: [UInt8]
    private var tag: [UInt8]
    private var ciphertext: [UInt8]

    /// Seals `plaintext` under `material` (32 bytes), bound to `keyArn` and `context`.
    static func seal(_ plaintext: [UInt8], keyArn: String, material: [UInt8], context: [String: String]) -> [UInt8] {
        let header = Self.header(keyArn)
        let iv = randomBytes(ivLength)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagLength)
        let aad = header + canonical(context)
        let ok = withContext(material, encrypting: true) { context in
            swiftkms_gcm_seal(context, iv, aad, aad.count, plaintext, plaintext.count, &ciphertext, &tag)
        }
        precondition(ok == 1, "AES-GCM encryption failed in libcrypto")
        return header + iv + tag + ciphertext
    }

    /// Reads the parts of `blob`, or nil when it is not one of ours.
    init?(parsing blob: [UInt8]) {
        guard blob.count >= 3, blob[0] == Self.version else { return nil }
        let arnLength = Int(blob[1]) << 8 | Int(blob[2])
        let ivStart = 3 + arnLength
        guard blob.count >= ivStart + Self.ivLength + Self.tagLength,
              let arn = String(validating: blob[3..<ivStart], as: UTF8.self) else { return nil }
        keyArn = arn
        header = Array(blob[..<ivStart])
        iv = Array(blob[ivStart..<(ivStart + Self.ivLength)])
        tag = Array(blob[(ivStart + Self.ivLength)..<(ivStart + Self.ivLength + Self.tagLength)])
        ciphertext = Array(blob[(ivStart + Self.ivLength + Self.tagLength)...])
    }

    /// The plaintext, or nil when the material or the context is not the one it was sealed
    /// with, or a byte changed.
    func open(material: [UInt8], context: [String: String]) -> [UInt8]? {
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        let aad = header + Self.canonical(context)
        let ok = Self.withContext(material, encrypting: false) { context in
            swiftkms_gcm_open(context, iv, aad, aad.count, ciphertext, ciphertext.count, tag, &plaintext)
        }
        return ok == 1 ? plaintext : nil
    }

    /// `count` bytes from libcrypto's generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        precondition(count == 0 || RAND_bytes(&bytes, Int32(count)) == 1, "RAND_bytes failed")
        return bytes
    }

    private static func header(_ keyArn: String) -> [UInt8] {
        let arn = Array(keyArn.utf8)
        return [version, UInt8(arn.count >> 8 & 0xFF), UInt8(arn.count & 0xFF)] + arn
    }

    /// The context as bytes that differ for any two different contexts.
    private static func canonical(_ context: [String: String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (key, value) in context.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
            for part in [Array(key.utf8), Array(value.utf8)] {
                bytes += [UInt8(part.count >> 24 & 0xFF), UInt8(part.count >> 16 & 0xFF), UInt8(part.count >> 8 & 0xFF), UInt8(part.count & 0xFF)]
                bytes += part
            }
        }
        return bytes
    }

    private static func withContext(_ material: [UInt8], encrypting: Bool, _ body: (OpaquePointer) -> Int32) -> Int32 {
        guard let context = EVP_CIPHER_CTX_new() else { return 0 }
        defer { EVP_CIPHER_CTX_free(context) }
        guard swiftkms_gcm_set_key(context, EVP_aes_256_gcm(), material, encrypting ? 1 : 0) == 1 else { return 0 }
        return body(context)
    }
}
