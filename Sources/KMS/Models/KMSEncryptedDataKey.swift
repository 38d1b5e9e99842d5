/// A new data key from `GenerateDataKeyWithoutPlaintext`: only its encrypted form, for a
/// component that stores keys but never uses them.
public struct KMSEncryptedDataKey: Sendable, Hashable, CustomStringConvertible {
    /// The ARN of the KMS key that encrypted the data key.
    public var keyId: String
    /// The encrypted data key, base64.
    public var ciphertextBlob: String
    /// The id of the key material that encrypted it, when the service says (`KeyMaterialId`).
    public var keyMaterialId: String?

    /// ``ciphertextBlob`` as bytes, for storing it as bytes; nil only if the string is not
    /// base64 (KMS always sends base64). ``KMSClient`` takes the bytes back where it takes
    /// the string.
    public var ciphertextBlobBytes: [UInt8]? { Base64.decode(ciphertextBlob) }

    /// Creates an encrypted data key from its parts.
    public init(keyId: String, ciphertextBlob: String, keyMaterialId: String? = nil) {
        self.keyId = keyId
        self.ciphertextBlob = ciphertextBlob
        self.keyMaterialId = keyMaterialId
    }

    /// The key and the blob's length.
    public var description: String {
        "KMSEncryptedDataKey(keyId: \(keyId), ciphertextBlob: \(ciphertextBlob.utf8.count) base64 chars)"
    }
}
