import CLibCrypto

/// An ECDSA private key for signing one message (signed suites make a new one per message).
///
/// The key lives inside libcrypto's `EVP_PKEY`, whose private scalar libcrypto clears when
/// the key is freed (in `deinit`). Only the compressed public point ever leaves this type.
final class SigningKey: @unchecked Sendable, CustomStringConvertible {
    // @unchecked Sendable: the EVP_PKEY is never mutated after init (libcrypto allows
    // concurrent signing with one key, each with its own EVP_MD_CTX).
    let key: OpaquePointer
    let curve: AlgorithmSuite.Curve
    /// The compressed public point (33 bytes for P-256, 49 for P-384).
    let publicPoint: [UInt8]

    /// A new key on `curve`.
    init(curve: AlgorithmSuite.Curve) throws(EncryptionSDKError) {
        guard let key = swiftkms_ec_generate(curve.groupName) else { throw .cryptoFailure("EC key generation failed") }
        var point = [UInt8](repeating: 0, count: curve.compressedPointLength)
        let length = point.withUnsafeMutableBufferPointer { swiftkms_ec_compressed_point(key, $0.baseAddress, $0.count) }
        guard length == curve.compressedPointLength else {
            EVP_PKEY_free(key)
            throw .cryptoFailure("EC public key encoding failed")
        }
        self.key = key
        self.curve = curve
        self.publicPoint = point
    }

    deinit { EVP_PKEY_free(key) }

    /// The curve only.
    var description: String { "SigningKey(\(curve.groupName), <redacted>)" }
}
