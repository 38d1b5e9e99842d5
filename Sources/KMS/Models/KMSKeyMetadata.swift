#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What KMS says about a key (`DescribeKey`, `CreateKey`): the common fields of `KeyMetadata`.
///
/// Enumerated wire values (`keyState`, `keyUsage`, `keySpec`, …) stay strings, so a value the
/// service adds later never breaks decoding.
public struct KMSKeyMetadata: Sendable, Hashable, Codable {
    /// The key id (a UUID).
    public var keyId: String
    /// The key's ARN.
    public var arn: String
    /// The AWS account that owns the key.
    public var awsAccountId: String?
    /// The description given at creation.
    public var description: String?
    /// Whether the key can be used.
    public var enabled: Bool
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, …
    public var keyState: String?
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`.
    public var keyUsage: String?
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, `ECC_NIST_P256`, …
    public var keySpec: String?
    /// When the key was created.
    public var creationDate: Date?
    /// When the key will be deleted, if deletion is scheduled.
    public var deletionDate: Date?
    /// `AWS` or `CUSTOMER`.
    public var keyManager: String?
    /// `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    public var origin: String?
    /// The encryption algorithms the key supports.
    public var encryptionAlgorithms: [String]?
    /// Whether this is a multi-Region key.
    public var multiRegion: Bool?

    /// Creates metadata from its parts.
    public init(
        keyId: String, arn: String, awsAccountId: String? = nil, description: String? = nil,
        enabled: Bool, keyState: String? = nil, keyUsage: String? = nil, keySpec: String? = nil,
        creationDate: Date? = nil, deletionDate: Date? = nil, keyManager: String? = nil,
        origin: String? = nil, encryptionAlgorithms: [String]? = nil, multiRegion: Bool? = nil
    ) {
        self.keyId = keyId
        self.arn = arn
        self.awsAccountId = awsAccountId
        self.description = description
        self.enabled = enabled
        self.keyState = keyState
        self.keyUsage = keyUsage
        self.keySpec = keySpec
        self.creationDate = creationDate
        self.deletionDate = deletionDate
        self.keyManager = keyManager
        self.origin = origin
        self.encryptionAlgorithms = encryptionAlgorithms
        self.multiRegion = multiRegion
    }

    enum CodingKeys: String, CodingKey {
        case keyId = "KeyId"
        case arn = "Arn"
        case awsAccountId = "AWSAccountId"
        case description = "Description"
        case enabled = "Enabled"
        case keyState = "KeyState"
        case keyUsage = "KeyUsage"
        case keySpec = "KeySpec"
        case creationDate = "CreationDate"
        case deletionDate = "DeletionDate"
        case keyManager = "KeyManager"
        case origin = "Origin"
        case encryptionAlgorithms = "EncryptionAlgorithms"
        case multiRegion = "MultiRegion"
    }
}
