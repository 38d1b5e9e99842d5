import KMS

extension InMemoryKMS {
    /// One request the in-memory KMS received, answered or refused, as a test reads it.
    public struct Call: Sendable, Hashable {
        /// The operation: `GenerateDataKey`, `Encrypt`, `Decrypt`, …
        public var operation: String
        /// The `KeyId` sent (a key id, key ARN, alias name or alias ARN), if any.
        public var keyId: String?
        /// The `EncryptionContext` sent; empty when none.
        public var encryptionContext: [String: String]
        /// `NumberOfBytes` (GenerateDataKey), if sent.
        public var numberOfBytes: Int?
        /// `GrantTokens` sent.
        public var grantTokens: [String]
        /// The whole JSON request body, as sent: an Encrypt's `Plaintext` included, as a test
        /// double may keep it.
        public var body: String
    }
}
