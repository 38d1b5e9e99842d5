/// What `ReEncrypt` returns: the same plaintext under another key or context, which never left KMS.
public struct KMSReEncryptedCiphertext: Sendable, Hashable, CustomStringConvertible {
    /// The new ciphertext, base64.
    public var ciphertextBlob: String
    /// The ARN of the KMS key that decrypted the old ciphertext.
    public var sourceKeyId: String?
    /// The ARN of the KMS key that encrypted the new one.
    public var keyId: String
    /// The algorithm that decrypted the old ciphertext, when the service says.
    public var sourceEncryptionAlgorithm: String?
    /// The algorithm that encrypted the new one, when the service says.
    public var destinationEncryptionAlgorithm: String?

    /// ``ciphertextBlob`` as bytes, for storing it as bytes; nil only if the string is not
    /// base64 (KMS always sends base64). ``KMSClient`` takes the bytes back where it takes
    /// the string.
    public var ciphertextBlobBytes: [UInt8]? { Base64.decode(ciphertextBlob) }

    /// Creates a result from its parts.
    public init(
        ciphertextBlob: String, sourceKeyId: String?, keyId: String,
        sourceEncryptionAlgorithm: String? = nil, destinationEncryptionAlgorithm: String? = nil
    ) {
        self.ciphertextBlob = ciphertextBlob
        self.sourceKeyId = sourceKeyId
        self.keyId = keyId
        self.sourceEncryptionAlgorithm = sourceEncryptionAlgorithm
        self.destinationEncryptionAlgorithm = destinationEncryptionAlgorithm
    }

    /// The keys and the blob's length.
    public var description: String {
        "KMSReEncryptedCiphertext(sourceKeyId: \(sourceKeyId ?? "nil"), keyId: \(keyId), ciphertextBlob: \(ciphertextBlob.utf8.count) base64 chars)"
    }
}
