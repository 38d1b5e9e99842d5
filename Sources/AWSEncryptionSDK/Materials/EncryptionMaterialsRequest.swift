/// What the client asks a ``CryptographicMaterialsManager`` for when it encrypts.
public struct EncryptionMaterialsRequest: Sendable {
    /// The caller's encryption context.
    public var encryptionContext: [String: String]
    /// The suite the caller asked for; nil lets the manager choose the policy's default.
    public var algorithmSuite: AlgorithmSuite?
    /// The client's commitment policy.
    public var commitmentPolicy: CommitmentPolicy
    /// The plaintext length when known (nil when streaming without a length): caching
    /// managers count bytes with it.
    public var maxPlaintextLength: Int?
    /// Context keys to authenticate without storing them in the message.
    public var requiredEncryptionContextKeys: Set<String>

    /// Creates a request.
    public init(
        encryptionContext: [String: String], algorithmSuite: AlgorithmSuite?, commitmentPolicy: CommitmentPolicy,
        maxPlaintextLength: Int?, requiredEncryptionContextKeys: Set<String> = []
    ) {
        self.encryptionContext = encryptionContext
        self.algorithmSuite = algorithmSuite
        self.commitmentPolicy = commitmentPolicy
        self.maxPlaintextLength = maxPlaintextLength
        self.requiredEncryptionContextKeys = requiredEncryptionContextKeys
    }
}
