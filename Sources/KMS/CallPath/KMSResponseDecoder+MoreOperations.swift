#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The 2xx bodies of `ReEncrypt`, `GenerateRandom`, `ListAliases` and the data key pair
/// operations, read as ``KMSResponseDecoder`` reads the others: known fields, `null` the same
/// as absent, secrets decoded straight into ``KMSSecretBytes``.
extension KMSResponseDecoder {
    /// `ReEncrypt`.
    static func reEncrypted(_ body: [UInt8]) throws -> KMSReEncryptedCiphertext {
        try JSONReader.readDocument(body) { reader in
            var fields = [String?](repeating: nil, count: 5)
            try reader.readObject(fields: ["CiphertextBlob", "SourceKeyId", "KeyId", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm"]) { field, reader in
                fields[field] = try reader.readOptionalString()
            }
            return KMSReEncryptedCiphertext(
                ciphertextBlob: try present(fields[0], "CiphertextBlob"), sourceKeyId: fields[1],
                keyId: try present(fields[2], "KeyId"),
                sourceEncryptionAlgorithm: fields[3], destinationEncryptionAlgorithm: fields[4])
        }
    }

    /// `GenerateRandom`: the `Plaintext` bytes.
    static func random(_ body: [UInt8]) throws -> KMSSecretBytes {
        try JSONReader.readDocument(body) { reader in
            var plaintext: KMSSecretBytes?
            try reader.readObject(fields: ["Plaintext"]) { _, reader in
                plaintext = try reader.readNull() ? nil : reader.readBase64Secret()
            }
            return try present(plaintext, "Plaintext")
        }
    }

    /// `ListAliases`.
    static func aliasPage(_ body: [UInt8]) throws -> KMSAliasPage {
        try JSONReader.readDocument(body) { reader in
            var aliases: [KMSAlias] = []
            var nextMarker: String?
            var truncated: Bool?
            try reader.readObject(fields: ["Aliases", "NextMarker", "Truncated"]) { field, reader in
                switch field {
                case 0:  // Aliases
                    guard try !reader.readNull() else { return }
                    try reader.readArray { reader in aliases.append(try alias(&reader)) }
                case 1:  // NextMarker
                    nextMarker = try reader.readOptionalString()
                default:  // Truncated
                    truncated = try reader.readOptionalBool()
                }
            }
            return KMSAliasPage(aliases: aliases, nextMarker: nextMarker, truncated: truncated ?? false)
        }
    }

    /// `GenerateDataKeyPair`.
    static func dataKeyPair(_ body: [UInt8]) throws -> KMSDataKeyPair {
        try JSONReader.readDocument(body) { reader in
            var fields = [String?](repeating: nil, count: 4)
            var privateKey: KMSSecretBytes?
            try reader.readObject(fields: ["KeyId", "KeyPairSpec", "PublicKey", "PrivateKeyCiphertextBlob", "PrivateKeyPlaintext"]) { field, reader in
                if field == 4 {
                    privateKey = try reader.readNull() ? nil : reader.readBase64Secret()
                } else {
                    fields[field] = try reader.readOptionalString()
                }
            }
            return KMSDataKeyPair(
                keyId: try present(fields[0], "KeyId"), keyPairSpec: fields[1],
                publicKey: try present(fields[2], "PublicKey"),
                privateKeyCiphertextBlob: try present(fields[3], "PrivateKeyCiphertextBlob"),
                privateKeyPlaintext: try present(privateKey, "PrivateKeyPlaintext"))
        }
    }

    /// `GenerateDataKeyPairWithoutPlaintext`; a `PrivateKeyPlaintext`, not expected, is skipped.
    static func encryptedDataKeyPair(_ body: [UInt8]) throws -> KMSEncryptedDataKeyPair {
        try JSONReader.readDocument(body) { reader in
            var fields = [String?](repeating: nil, count: 4)
            try reader.readObject(fields: ["KeyId", "KeyPairSpec", "PublicKey", "PrivateKeyCiphertextBlob"]) { field, reader in
                fields[field] = try reader.readOptionalString()
            }
            return KMSEncryptedDataKeyPair(
                keyId: try present(fields[0], "KeyId"), keyPairSpec: fields[1],
                publicKey: try present(fields[2], "PublicKey"),
                privateKeyCiphertextBlob: try present(fields[3], "PrivateKeyCiphertextBlob"))
        }
    }

    private static func alias(_ reader: inout JSONReader) throws -> KMSAlias {
        var fields = [String?](repeating: nil, count: 3)
        var dates = [Date?](repeating: nil, count: 2)
        try reader.readObject(fields: ["AliasName", "AliasArn", "TargetKeyId", "CreationDate", "LastUpdatedDate"]) { field, reader in
            if field < 3 {
                fields[field] = try reader.readOptionalString()
            } else {
                dates[field - 3] = try reader.readOptionalDate()
            }
        }
        return KMSAlias(
            aliasName: try present(fields[0], "AliasName"), aliasArn: fields[1], targetKeyId: fields[2],
            creationDate: dates[0], lastUpdatedDate: dates[1])
    }

    private static func present<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw JSONReader.Failure.missing(name) }
        return value
    }
}
