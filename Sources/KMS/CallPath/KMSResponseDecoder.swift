/// Reads the 2xx response bodies of the KMS operations (AWS JSON 1.1) with ``JSONReader``:
/// the fields each model needs, unknown fields skipped, `null` the same as absent.
///
/// `Plaintext` goes from the body's base64 straight into a ``KMSSecretBytes``; the call path
/// zeroes the body afterwards. Failures are ``JSONReader/Failure``s, which the call path turns
/// into ``KMSError/Code/invalidResponse``.
enum KMSResponseDecoder {
    /// `GenerateDataKey`.
    static func dataKey(_ body: [UInt8]) throws -> KMSDataKey {
        try JSONReader.readDocument(body) { reader in
            var ciphertextBlob: String?
            var keyId: String?
            var keyMaterialId: String?
            var plaintext: KMSSecretBytes?
            try reader.readObject(fields: ["Plaintext", "CiphertextBlob", "KeyId", "KeyMaterialId"]) { field, reader in
                switch field {
                case 0:  // Plaintext
                    plaintext = try reader.readNull() ? nil : reader.readBase64Secret()
                case 1:  // CiphertextBlob
                    ciphertextBlob = try reader.readOptionalString()
                case 2:  // KeyId
                    keyId = try reader.readOptionalString()
                case 3:  // KeyMaterialId
                    keyMaterialId = try reader.readOptionalString()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return KMSDataKey(
                id: try required(keyId, "KeyId"),
                ciphertextBlob: try required(ciphertextBlob, "CiphertextBlob"),
                plaintextBytes: try required(plaintext, "Plaintext"),
                keyMaterialId: keyMaterialId)
        }
    }

    /// `GenerateDataKeyWithoutPlaintext`. A `Plaintext` field, not expected here, is skipped
    /// without being decoded anywhere.
    static func encryptedDataKey(_ body: [UInt8]) throws -> KMSEncryptedDataKey {
        try JSONReader.readDocument(body) { reader in
            var ciphertextBlob: String?
            var keyId: String?
            var keyMaterialId: String?
            try reader.readObject(fields: ["CiphertextBlob", "KeyId", "KeyMaterialId"]) { field, reader in
                switch field {
                case 0:  // CiphertextBlob
                    ciphertextBlob = try reader.readOptionalString()
                case 1:  // KeyId
                    keyId = try reader.readOptionalString()
                case 2:  // KeyMaterialId
                    keyMaterialId = try reader.readOptionalString()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return KMSEncryptedDataKey(
                keyId: try required(keyId, "KeyId"),
                ciphertextBlob: try required(ciphertextBlob, "CiphertextBlob"),
                keyMaterialId: keyMaterialId)
        }
    }

    /// `Decrypt`.
    static func plaintext(_ body: [UInt8]) throws -> KMSPlaintext {
        try JSONReader.readDocument(body) { reader in
            var keyId: String?
            var encryptionAlgorithm: String?
            var keyMaterialId: String?
            var plaintext: KMSSecretBytes?
            try reader.readObject(fields: ["Plaintext", "KeyId", "EncryptionAlgorithm", "KeyMaterialId"]) { field, reader in
                switch field {
                case 0:  // Plaintext
                    plaintext = try reader.readNull() ? nil : reader.readBase64Secret()
                case 1:  // KeyId
                    keyId = try reader.readOptionalString()
                case 2:  // EncryptionAlgorithm
                    encryptionAlgorithm = try reader.readOptionalString()
                case 3:  // KeyMaterialId
                    keyMaterialId = try reader.readOptionalString()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return KMSPlaintext(
                keyId: try required(keyId, "KeyId"),
                plaintextBytes: try required(plaintext, "Plaintext"),
                encryptionAlgorithm: encryptionAlgorithm,
                keyMaterialId: keyMaterialId)
        }
    }

    /// `Encrypt`.
    static func ciphertext(_ body: [UInt8]) throws -> KMSCiphertext {
        try JSONReader.readDocument(body) { reader in
            var ciphertextBlob: String?
            var keyId: String?
            var encryptionAlgorithm: String?
            try reader.readObject(fields: ["CiphertextBlob", "KeyId", "EncryptionAlgorithm"]) { field, reader in
                switch field {
                case 0:  // CiphertextBlob
                    ciphertextBlob = try reader.readOptionalString()
                case 1:  // KeyId
                    keyId = try reader.readOptionalString()
                case 2:  // EncryptionAlgorithm
                    encryptionAlgorithm = try reader.readOptionalString()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return KMSCiphertext(
                keyId: try required(keyId, "KeyId"),
                ciphertextBlob: try required(ciphertextBlob, "CiphertextBlob"),
                encryptionAlgorithm: encryptionAlgorithm)
        }
    }

    /// `ListKeys`.
    static func keyPage(_ body: [UInt8]) throws -> KMSKeyPage {
        try JSONReader.readDocument(body) { reader in
            var keys: [KMSKey] = []
            var nextMarker: String?
            var truncated: Bool?
            try reader.readObject(fields: ["Keys", "NextMarker", "Truncated"]) { field, reader in
                switch field {
                case 0:  // Keys
                    guard try !reader.readNull() else { return }
                    try reader.readArray { reader in keys.append(try self.key(&reader)) }
                case 1:  // NextMarker
                    nextMarker = try reader.readOptionalString()
                case 2:  // Truncated
                    truncated = try reader.readOptionalBool()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return KMSKeyPage(keys: keys, nextMarker: nextMarker, truncated: truncated ?? false)
        }
    }

    /// `DescribeKey` and `CreateKey`: the `KeyMetadata` object.
    static func keyMetadata(_ body: [UInt8]) throws -> KMSKeyMetadata {
        try JSONReader.readDocument(body) { reader in
            var metadata: KMSKeyMetadata?
            try reader.readObject(fields: ["KeyMetadata"]) { field, reader in
                switch field {
                case 0:  // KeyMetadata
                    metadata = try reader.readNull() ? nil : keyMetadata(&reader)
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return try required(metadata, "KeyMetadata")
        }
    }

    /// A JSON error body's code (`__type`, else `code`) and message (`message`, else `Message`).
    static func error(_ body: [UInt8]) throws -> (code: String?, message: String?) {
        try JSONReader.readDocument(body) { reader in
            var type: String?
            var code: String?
            var message: String?
            var capitalizedMessage: String?
            try reader.readObject(fields: ["__type", "code", "message", "Message"]) { field, reader in
                switch field {
                case 0:  // __type
                    type = try reader.readOptionalString()
                case 1:  // code
                    code = try reader.readOptionalString()
                case 2:  // message
                    message = try reader.readOptionalString()
                case 3:  // Message
                    capitalizedMessage = try reader.readOptionalString()
                default:
                    preconditionFailure("not a listed field")
                }
            }
            return (type ?? code, message ?? capitalizedMessage)
        }
    }

    private static func key(_ reader: inout JSONReader) throws -> KMSKey {
        var keyId: String?
        var keyArn: String?
        try reader.readObject(fields: ["KeyId", "KeyArn"]) { field, reader in
            switch field {
            case 0:  // KeyId
                keyId = try reader.readOptionalString()
            case 1:  // KeyArn
                keyArn = try reader.readOptionalString()
            default:
                preconditionFailure("not a listed field")
            }
        }
        return KMSKey(keyId: try required(keyId, "KeyId"), keyArn: try required(keyArn, "KeyArn"))
    }

    private static func keyMetadata(_ reader: inout JSONReader) throws -> KMSKeyMetadata {
        var keyId: String?
        var arn: String?
        var enabled: Bool?
        var metadata = KMSKeyMetadata(keyId: "", arn: "", enabled: false)
        try reader.readObject(fields: ["KeyId", "Arn", "Enabled", "AWSAccountId", "Description", "KeyState", "KeyUsage", "KeySpec", "CreationDate", "DeletionDate", "KeyManager", "Origin", "EncryptionAlgorithms", "MultiRegion"]) { field, reader in
            switch field {
            case 0:  // KeyId
                keyId = try reader.readOptionalString()
            case 1:  // Arn
                arn = try reader.readOptionalString()
            case 2:  // Enabled
                enabled = try reader.readOptionalBool()
            case 3:  // AWSAccountId
                metadata.awsAccountId = try reader.readOptionalString()
            case 4:  // Description
                metadata.description = try reader.readOptionalString()
            case 5:  // KeyState
                metadata.keyState = try reader.readOptionalString()
            case 6:  // KeyUsage
                metadata.keyUsage = try reader.readOptionalString()
            case 7:  // KeySpec
                metadata.keySpec = try reader.readOptionalString()
            case 8:  // CreationDate
                metadata.creationDate = try reader.readOptionalDate()
            case 9:  // DeletionDate
                metadata.deletionDate = try reader.readOptionalDate()
            case 10:  // KeyManager
                metadata.keyManager = try reader.readOptionalString()
            case 11:  // Origin
                metadata.origin = try reader.readOptionalString()
            case 12:  // EncryptionAlgorithms
                metadata.encryptionAlgorithms = try reader.readOptionalStrings()
            case 13:  // MultiRegion
                metadata.multiRegion = try reader.readOptionalBool()
            default:
                preconditionFailure("not a listed field")
            }
        }
        metadata.keyId = try required(keyId, "KeyId")
        metadata.arn = try required(arn, "Arn")
        metadata.enabled = try required(enabled, "Enabled")
        return metadata
    }

    private static func required<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw JSONReader.Failure.missing(name) }
        return value
    }
}
