import KMS

/// What a message is decrypted with: its suite and encryption context, the data key a keyring
/// recovered, and for signed suites the public key that checks the signature.
///
/// Keyrings receive these in ``Keyring/onDecrypt(_:encryptedDataKeys:)`` and return them with
/// the data key set (``withPlaintextDataKey(_:)``, once).
public struct DecryptionMaterials: Sendable, CustomStringConvertible {
    /// The message's algorithm suite.
    public let algorithmSuite: AlgorithmSuite
    /// The message's encryption context, with any values the caller supplied for keys that
    /// were not stored.
    public let encryptionContext: [String: String]
    /// Keys of ``encryptionContext`` whose values came from the caller, not the message: they
    /// are authenticated by the header tag.
    public let requiredEncryptionContextKeys: Set<String>
    /// The data key, once a keyring recovered it.
    public private(set) var plaintextDataKey: KMSSecretBytes?
    /// The public key from `aws-crypto-public-key` (signed suites only).
    let verificationKey: VerificationKey?

    init(
        algorithmSuite: AlgorithmSuite, encryptionContext: [String: String],
        requiredEncryptionContextKeys: Set<String>, verificationKey: VerificationKey?
    ) {
        self.algorithmSuite = algorithmSuite
        self.encryptionContext = encryptionContext
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
        self.plaintextDataKey = nil
        self.verificationKey = verificationKey
    }

    /// The same materials with `key` as the data key. Fails when one is already set or `key`
    /// is not the suite's key length.
    public func withPlaintextDataKey(_ key: KMSSecretBytes) throws -> DecryptionMaterials {
        guard plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the decryption materials already have a data key")
        }
        guard key.count == algorithmSuite.keyLength else {
            throw EncryptionSDKError.keyringFailed("a \(key.count)-byte data key for suite \(algorithmSuite), which needs \(algorithmSuite.keyLength)")
        }
        var copy = self
        copy.plaintextDataKey = key
        return copy
    }

    /// The suite and the context's keys; never the data key.
    public var description: String {
        "DecryptionMaterials(suite: \(algorithmSuite), context keys: \(encryptionContext.keys.sorted()), "
            + "data key: \(plaintextDataKey == nil ? "none" : "<redacted>"))"
    }
}
