/// What `Encrypt` returns: the ciphertext and the KMS key that produced it.
public struct KMSCiphertext: Sendable, Hashable, CustomStringConvertible {
    /// The ARN of the KMS key that encrypted the plaintext.
    public var keyId: String
    /// The ciphertext, base64.
    public var ciphertextBlob: String
    /// The algorithm used (`SYMMETRIC_DEFAULT`), when the service says.
    public var encryptionAlgorithm: String?

    /// ``ciphertextBlob`` as bytes, for storing it as bytes; nil only if the string is not
    /// base64 (KMS always sends base64). ``KMSClient`` takes the bytes back where it takes
    /// the string.
    public var ciphertextBlobBytes: [UInt8]? { Base64.decode(ciphertextBlob) }

    /// Creates a ciphertext from its parts.
    public init(keyId: String, ciphertextBlob: String, encryptionAlgorithm: String? = nil) {
        self.keyId = keyId
        self.ciphertextBlob = ciphertextBlob
        self.encryptionAlgorithm = encryptionAlgorithm
    }

    /// The key and the blob's length.
    public var description: String {
        "KMSCiphertext(keyId: \(keyId), ciphertextBlob: \(ciphertextBlob.utf8.count) base64 chars)"
    }
}
