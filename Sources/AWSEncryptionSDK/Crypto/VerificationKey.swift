import CLibCrypto

/// An ECDSA public key read from a message's `aws-crypto-public-key` (a compressed point).
final class VerificationKey: @unchecked Sendable {
    // @unchecked Sendable: the EVP_PKEY is never mutated after init.
    let key: OpaquePointer
    let curve: AlgorithmSuite.Curve

    /// The key for `point` on `curve`; fails unless it is a compressed point on the curve.
    init(compressedPoint point: [UInt8], curve: AlgorithmSuite.Curve) throws(EncryptionSDKError) {
        guard point.count == curve.compressedPointLength, point.first == 2 || point.first == 3 else {
            throw .malformed("aws-crypto-public-key is not a compressed \(curve.groupName) point")
        }
        let key = point.withUnsafeBufferPointer { swiftkms_ec_public_key(curve.groupName, $0.baseAddress, $0.count) }
        guard let key else { throw .malformed("aws-crypto-public-key is not a point on \(curve.groupName)") }
        self.key = key
        self.curve = curve
    }

    deinit { EVP_PKEY_free(key) }
}
