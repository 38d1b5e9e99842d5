import KMS

/// What a message is encrypted with: the suite, the encryption context, the plaintext data
/// key and its encrypted copies, and for signed suites the signing key.
///
/// Keyrings receive these in ``Keyring/onEncrypt(_:)`` and return them with a data key set
/// (``withPlaintextDataKey(_:)``, once) and their encrypted data keys added
/// (``addingEncryptedDataKey(_:)``); they cannot remove keys or change the context, which is
/// what the spec asks of a keyring.
public struct EncryptionMaterials: Sendable, CustomStringConvertible {
    /// The algorithm suite of the message.
    public let algorithmSuite: AlgorithmSuite
    /// The full encryption context, `aws-crypto-public-key` included for signed suites. Keyrings
    /// bind their encrypted data keys to it.
    public let encryptionContext: [String: String]
    /// Keys of ``encryptionContext`` that are authenticated but not stored in the message: the
    /// reader must supply their values.
    public let requiredEncryptionContextKeys: Set<String>
    /// The encrypted copies of the data key, one per wrapping key.
    public private(set) var encryptedDataKeys: [EncryptedDataKey]
    /// The data key, once a keyring generated it.
    public private(set) var plaintextDataKey: KMSSecretBytes?
    /// The private key that signs the message (signed suites only).
    let signingKey: SigningKey?

    init(
        algorithmSuite: AlgorithmSuite, encryptionContext: [String: String],
        requiredEncryptionContextKeys: Set<String>, signingKey: SigningKey?
    ) {
        self.algorithmSuite = algorithmSuite
        self.encryptionContext = encryptionContext
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
        self.encryptedDataKeys = []
        self.plaintextDataKey = nil
        self.signingKey = signingKey
    }

    /// The same materials with `key` as the data key. Fails when a data key is already set or
    /// `key` is not the suite's key length.
    public func withPlaintextDataKey(_ key: KMSSecretBytes) throws -> EncryptionMaterials {
        guard plaintextDataKey == nil else {
            throw EncryptionSDKError.keyringFailed("the encryption materials already have a data key")
        }
        guard key.count == algorithmSuite.keyLength else {
            throw EncryptionSDKError.keyringFailed("a \(key.count)-byte data key for suite \(algorithmSuite), which needs \(algorithmSuite.keyLength)")
        }
        var copy = self
        copy.plaintextDataKey = key
        return copy
    }

    /// The same materials with `key` appended to the encrypted data keys.
    public func addingEncryptedDataKey(_ key: EncryptedDataKey) -> EncryptionMaterials {
        var copy = self
        copy.encryptedDataKeys.append(key)
        return copy
    }

    /// The suite, the context's keys and the number of encrypted data keys; never the data key.
    public var description: String {
        "EncryptionMaterials(suite: \(algorithmSuite), context keys: \(encryptionContext.keys.sorted()), "
            + "encrypted data keys: \(encryptedDataKeys.count), data key: \(plaintextDataKey == nil ? "none" : "<redacted>"))"
    }
}
