/// The response shapes of the KMS operations, as the service writes them (AWS JSON 1.1).
/// `Plaintext` is absent on purpose: ``PlaintextExtractor`` takes it out before decoding.
enum KMSWire {
    struct ListKeysOutput: Decodable {
        var keys: [KMSKey]?
        var nextMarker: String?
        var truncated: Bool?

        enum CodingKeys: String, CodingKey {
            case keys = "Keys", nextMarker = "NextMarker", truncated = "Truncated"
        }
    }

    /// `GenerateDataKey` and `GenerateDataKeyWithoutPlaintext`.
    struct DataKeyOutput: Decodable {
        var ciphertextBlob: String
        var keyId: String
        var keyMaterialId: String?

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", keyId = "KeyId", keyMaterialId = "KeyMaterialId"
        }
    }

    struct DecryptOutput: Decodable {
        var keyId: String
        var encryptionAlgorithm: String?
        var keyMaterialId: String?

        enum CodingKeys: String, CodingKey {
            case keyId = "KeyId", encryptionAlgorithm = "EncryptionAlgorithm", keyMaterialId = "KeyMaterialId"
        }
    }

    struct EncryptOutput: Decodable {
        var ciphertextBlob: String
        var keyId: String
        var encryptionAlgorithm: String?

        enum CodingKeys: String, CodingKey {
            case ciphertextBlob = "CiphertextBlob", keyId = "KeyId", encryptionAlgorithm = "EncryptionAlgorithm"
        }
    }

    /// `DescribeKey` and `CreateKey`.
    struct KeyMetadataOutput: Decodable {
        var keyMetadata: KMSKeyMetadata

        enum CodingKeys: String, CodingKey {
            case keyMetadata = "KeyMetadata"
        }
    }

    /// A JSON error body: `__type` (or `code`) and `message` (or `Message`).
    struct ErrorOutput: Decodable {
        var type: String?
        var code: String?
        var message: String?
        var capitalizedMessage: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type", code, message, capitalizedMessage = "Message"
        }
    }
}
