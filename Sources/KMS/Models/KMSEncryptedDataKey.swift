/// A new data key from `GenerateDataKeyWithoutPlaintext`: only its encrypted form, for a
/// component that stores keys but never uses them.
public struct KMSEncryptedDataKey: Sendable, Hashable, CustomStringConvertible {
    /// The ARN of the KMS key that encrypted the data key.
    public var id: String
    /// The encrypted data key, base64.
    public var ciphertextBlob: String
    /// The id of the key material that encrypted it, when the service says (`KeyMaterialId`).
    public var keyMaterialId: String?

    /// Creates an encrypted data key from its parts.
    public init(id: String, ciphertextBlob: String, keyMaterialId: String? = nil) {
        self.id = id
        self.ciphertextBlob = ciphertextBlob
        self.keyMaterialId = keyMaterialId
    }

    /// The key and the blob's length.
    public var description: String {
        "KMSEncryptedDataKey(id: \(id), ciphertextBlob: \(ciphertextBlob.utf8.count) base64 chars)"
    }
}
