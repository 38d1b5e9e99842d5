/// A new asymmetric data key pair from `GenerateDataKeyPairWithoutPlaintext`: the public key and
/// the private key only encrypted, for a component that hands out public keys.
public struct KMSEncryptedDataKeyPair: Sendable, Hashable, CustomStringConvertible {
    /// The ARN of the KMS key that encrypted the private key.
    public var keyId: String
    /// The kind of pair as the service names it.
    public var keyPairSpec: String?
    /// The public key, base64 of its DER `SubjectPublicKeyInfo`.
    public var publicKey: String
    /// The private key encrypted under the KMS key, base64.
    public var privateKeyCiphertextBlob: String

    /// Creates a pair from its parts.
    public init(keyId: String, keyPairSpec: String?, publicKey: String, privateKeyCiphertextBlob: String) {
        self.keyId = keyId
        self.keyPairSpec = keyPairSpec
        self.publicKey = publicKey
        self.privateKeyCiphertextBlob = privateKeyCiphertextBlob
    }

    /// The key, spec and lengths.
    public var description: String {
        "KMSEncryptedDataKeyPair(keyId: \(keyId), keyPairSpec: \(keyPairSpec ?? "nil"), publicKey: \(publicKey.utf8.count) base64 chars)"
    }
}
