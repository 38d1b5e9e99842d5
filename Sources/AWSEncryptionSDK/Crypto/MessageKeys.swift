import KMS

/// The keys a message uses, derived from its data key as its suite says (spec
/// `framework/algorithm-suites.md`): the message key that encrypts header tag and body, and for
/// committing suites the commit key stored in the header.
struct MessageKeys {
    /// The AES-GCM key for the header tag and the body.
    let encryptionKey: KMSSecretBytes
    /// 32 bytes for committing suites, nil otherwise. Stored in the header, so not secret.
    let commitKey: [UInt8]?

    private static let deriveKeyLabel = Array("DERIVEKEY".utf8)
    private static let commitKeyLabel = Array("COMMITKEY".utf8)

    /// Derives both keys from `dataKey` for a message of `suite` with `messageId`.
    init(suite: AlgorithmSuite, dataKey: KMSSecretBytes, messageId: [UInt8]) throws(EncryptionSDKError) {
        guard dataKey.count == suite.keyLength else {
            throw .invalidParameter("a \(dataKey.count)-byte data key for suite \(suite), which needs \(suite.keyLength)")
        }
        guard let digest = suite.properties.kdf else {
            encryptionKey = dataKey
            commitKey = nil
            return
        }
        if suite.isCommitting {
            // One extract for both keys (spec: both expand the same pseudorandom key).
            var commit = [UInt8](repeating: 0, count: 32)
            var info: [UInt8] = []
            info.reserveCapacity(2 + Self.deriveKeyLabel.count)
            info.appendBigEndian(suite.rawValue)
            info.append(contentsOf: Self.deriveKeyLabel)
            encryptionKey = try HKDF.derive(
                digest: digest, key: dataKey, salt: messageId, info: info,
                length: suite.keyLength, publicInfo: Self.commitKeyLabel, publicOutput: &commit)
            commitKey = commit
        } else {
            var info: [UInt8] = []
            info.reserveCapacity(2 + messageId.count)
            info.appendBigEndian(suite.rawValue)
            info.append(contentsOf: messageId)
            // An empty salt is the digest's length of zeros (RFC 5869), made in C.
            encryptionKey = try HKDF.derive(digest: digest, key: dataKey, salt: [], info: info, length: suite.keyLength)
            commitKey = nil
        }
    }

    /// Whether `stored` (the header's suite data) equals the derived commit key, compared in
    /// constant time.
    func commits(to stored: [UInt8]) -> Bool {
        guard let commitKey else { return false }
        return commitKey.withUnsafeBytes { derived in
            stored.withUnsafeBytes { stored in LibCrypto.constantTimeEqual(derived, stored) }
        }
    }
}
