/// A new data key from `GenerateDataKey`: the plaintext to use now, and the same key encrypted
/// under a KMS key to store next to your data.
///
/// The plaintext lives in ``plaintextBytes``, which is zeroed when the last copy of this value
/// is gone. ``plaintext`` returns base64 as the original JavaScript library did; that `String`
/// is yours and is not zeroed, so prefer ``plaintextBytes`` where you can. `description` never
/// shows the plaintext.
public struct KMSDataKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The ARN of the KMS key that encrypted the data key.
    public var id: String
    /// The encrypted data key, base64: store it and give it to ``KMSClient/decrypt(ciphertextBlob:)`` later.
    public var ciphertextBlob: String
    /// The plaintext data key, in memory that is zeroed on release.
    public let plaintextBytes: KMSSecretBytes
    /// The id of the key material that encrypted it, when the service says (`KeyMaterialId`).
    public var keyMaterialId: String?

    /// ``ciphertextBlob`` as bytes, for storing it as bytes; nil only if the string is not
    /// base64 (KMS always sends base64). ``KMSClient`` takes the bytes back where it takes
    /// the string.
    public var ciphertextBlobBytes: [UInt8]? { Base64.decode(ciphertextBlob) }

    /// Creates a data key from its parts.
    public init(id: String, ciphertextBlob: String, plaintextBytes: KMSSecretBytes, keyMaterialId: String? = nil) {
        self.id = id
        self.ciphertextBlob = ciphertextBlob
        self.plaintextBytes = plaintextBytes
        self.keyMaterialId = keyMaterialId
    }

    /// The plaintext data key, base64 — computed on each access, and not zeroed.
    public var plaintext: String { plaintextBytes.base64EncodedString() }

    /// The key ARN and lengths only: never the plaintext.
    public var description: String {
        "KMSDataKey(id: \(id), ciphertextBlob: \(ciphertextBlob.utf8.count) base64 chars, plaintext: <redacted \(plaintextBytes.count) bytes>)"
    }

    /// The same as ``description``: the plaintext stays hidden in debug output too.
    public var debugDescription: String { description }
}
