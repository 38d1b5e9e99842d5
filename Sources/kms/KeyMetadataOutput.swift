import KMS

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `{"KeyMetadata": {…}}` as the AWS CLI prints it for `create-key` and `describe-key`, with
/// the wire's field names and ISO 8601 dates; absent fields are left out.
struct KeyMetadataOutput: Encodable {
    var keyMetadata: Fields

    init(_ metadata: KMSKeyMetadata) {
        keyMetadata = Fields(metadata)
    }

    enum CodingKeys: String, CodingKey {
        case keyMetadata = "KeyMetadata"
    }

    /// The fields of `KeyMetadata` the library reads.
    struct Fields: Encodable {
        var awsAccountId: String?
        var keyId: String
        var arn: String
        var creationDate: String?
        var enabled: Bool
        var description: String?
        var keyUsage: String?
        var keyState: String?
        var deletionDate: String?
        var origin: String?
        var keyManager: String?
        var keySpec: String?
        var encryptionAlgorithms: [String]?
        var multiRegion: Bool?

        init(_ metadata: KMSKeyMetadata) {
            awsAccountId = metadata.awsAccountId
            keyId = metadata.keyId
            arn = metadata.arn
            creationDate = metadata.creationDate?.formatted(.iso8601)
            enabled = metadata.enabled
            description = metadata.description
            keyUsage = metadata.keyUsage
            keyState = metadata.keyState
            deletionDate = metadata.deletionDate?.formatted(.iso8601)
            origin = metadata.origin
            keyManager = metadata.keyManager
            keySpec = metadata.keySpec
            encryptionAlgorithms = metadata.encryptionAlgorithms
            multiRegion = metadata.multiRegion
        }

        enum CodingKeys: String, CodingKey {
            case awsAccountId = "AWSAccountId", keyId = "KeyId", arn = "Arn", creationDate = "CreationDate"
            case enabled = "Enabled", description = "Description", keyUsage = "KeyUsage", keyState = "KeyState"
            case deletionDate = "DeletionDate", origin = "Origin", keyManager = "KeyManager", keySpec = "KeySpec"
            case encryptionAlgorithms = "EncryptionAlgorithms", multiRegion = "MultiRegion"
        }
    }
}
