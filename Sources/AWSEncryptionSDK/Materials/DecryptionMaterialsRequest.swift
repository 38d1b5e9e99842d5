/// What the client asks a ``CryptographicMaterialsManager`` for when it decrypts a message.
public struct DecryptionMaterialsRequest: Sendable {
    /// The message's suite.
    public var algorithmSuite: AlgorithmSuite
    /// The client's commitment policy.
    public var commitmentPolicy: CommitmentPolicy
    /// The message's encrypted data keys, in header order.
    public var encryptedDataKeys: [EncryptedDataKey]
    /// The encryption context stored in the message.
    public var encryptionContext: [String: String]
    /// Values the caller supplied at decrypt: they must agree with the stored ones, and supply
    /// the keys the writer authenticated without storing.
    public var reproducedEncryptionContext: [String: String]

    /// Creates a request.
    public init(
        algorithmSuite: AlgorithmSuite, commitmentPolicy: CommitmentPolicy, encryptedDataKeys: [EncryptedDataKey],
        encryptionContext: [String: String], reproducedEncryptionContext: [String: String] = [:]
    ) {
        self.algorithmSuite = algorithmSuite
        self.commitmentPolicy = commitmentPolicy
        self.encryptedDataKeys = encryptedDataKeys
        self.encryptionContext = encryptionContext
        self.reproducedEncryptionContext = reproducedEncryptionContext
    }
}
