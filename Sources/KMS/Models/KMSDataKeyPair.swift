/// A new asymmetric data key pair from `GenerateDataKeyPair`: the public key, the private key
/// to use now, and the private key encrypted under a KMS key to store.
///
/// The private key lives in ``privateKeyPlaintext``, zeroed when the last copy is gone;
/// `description` never shows it.
public struct KMSDataKeyPair: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The ARN of the KMS key that encrypted the private key.
    public var keyId: String
    /// The kind of pair (`RSA_2048`, `ECC_NIST_P256`, …) as the service names it.
    public var keyPairSpec: String?
    /// The public key, base64 of its DER `SubjectPublicKeyInfo`.
    public var publicKey: String
    /// The private key encrypted under the KMS key, base64: store it.
    public var privateKeyCiphertextBlob: String
    /// The private key (DER PKCS #8), in memory that is zeroed on release.
    public let privateKeyPlaintext: KMSSecretBytes

    /// Creates a pair from its parts.
    public init(keyId: String, keyPairSpec: String?, publicKey: String, privateKeyCiphertextBlob: String, privateKeyPlaintext: KMSSecretBytes) {
        self.keyId = keyId
        self.keyPairSpec = keyPairSpec
        self.publicKey = publicKey
        self.privateKeyCiphertextBlob = privateKeyCiphertextBlob
        self.privateKeyPlaintext = privateKeyPlaintext
    }

    /// The key, spec and lengths only: never the private key.
    public var description: String {
        "KMSDataKeyPair(keyId: \(keyId), keyPairSpec: \(keyPairSpec ?? "nil"), publicKey: \(publicKey.utf8.count) base64 chars, privateKeyPlaintext: <redacted \(privateKeyPlaintext.count) bytes>)"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }
}
