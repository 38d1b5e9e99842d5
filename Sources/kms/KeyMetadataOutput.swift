import KMS
import KMSCLI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `{"KeyMetadata": {…}}` as the AWS CLI prints it for `create-key` and `describe-key`: the
/// wire's field names in the wire's order, ISO 8601 dates, absent fields left out.
enum KeyMetadataOutput {
    static func json(_ metadata: KMSKeyMetadata) -> JSONOutput {
        let fields = JSONOutput.object(dropping: [
            ("AWSAccountId", metadata.awsAccountId.map(JSONOutput.string)),
            ("KeyId", .string(metadata.keyId)),
            ("Arn", .string(metadata.arn)),
            ("CreationDate", metadata.creationDate.map { .string($0.formatted(.iso8601)) }),
            ("Enabled", .bool(metadata.enabled)),
            ("Description", metadata.description.map(JSONOutput.string)),
            ("KeyUsage", metadata.keyUsage.map(JSONOutput.string)),
            ("KeyState", metadata.keyState.map(JSONOutput.string)),
            ("DeletionDate", metadata.deletionDate.map { .string($0.formatted(.iso8601)) }),
            ("Origin", metadata.origin.map(JSONOutput.string)),
            ("KeyManager", metadata.keyManager.map(JSONOutput.string)),
            ("KeySpec", metadata.keySpec.map(JSONOutput.string)),
            ("EncryptionAlgorithms", metadata.encryptionAlgorithms.map { .array($0.map(JSONOutput.string)) }),
            ("MultiRegion", metadata.multiRegion.map(JSONOutput.bool)),
        ])
        return .object([("KeyMetadata", fields)])
    }
}
