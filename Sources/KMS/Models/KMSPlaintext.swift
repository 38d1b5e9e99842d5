/// What `Decrypt` returns: the plaintext and the KMS key that decrypted it.
///
/// The plaintext lives in ``plaintextBytes``, zeroed on release; ``plaintext`` is base64 in a
/// new `String` that is not. `description` never shows the plaintext.
public struct KMSPlaintext: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The ARN of the KMS key that decrypted it.
    public var keyId: String
    /// The plaintext, in memory that is zeroed on release.
    public let plaintextBytes: KMSSecretBytes
    /// The algorithm used (`SYMMETRIC_DEFAULT`), when the service says.
    public var encryptionAlgorithm: String?
    /// The id of the key material used, when the service says (`KeyMaterialId`).
    public var keyMaterialId: String?

    /// Creates a decrypted plaintext from its parts.
    public init(keyId: String, plaintextBytes: KMSSecretBytes, encryptionAlgorithm: String? = nil, keyMaterialId: String? = nil) {
        self.keyId = keyId
        self.plaintextBytes = plaintextBytes
        self.encryptionAlgorithm = encryptionAlgorithm
        self.keyMaterialId = keyMaterialId
    }

    /// The plaintext, base64 — computed on each access, and not zeroed.
    public var plaintext: String { plaintextBytes.base64EncodedString() }

    /// The key ARN and the length only: never the plaintext.
    public var description: String {
        "KMSPlaintext(keyId: \(keyId), plaintext: <redacted \(plaintextBytes.count) bytes>)"
    }

    /// The same as ``description``: the plaintext stays hidden in debug output too.
    public var debugDescription: String { description }
}
