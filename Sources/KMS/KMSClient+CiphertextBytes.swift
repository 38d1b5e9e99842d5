import Logging

/// The ciphertext-taking operations with the blob as bytes, for callers that store blobs as
/// bytes (``KMSDataKey/ciphertextBlobBytes`` and its siblings give them): the same calls,
/// the bytes sent as the base64 the wire format wants.
extension KMSClient {
    /// Decrypts a ciphertext blob given as bytes; see
    /// ``decrypt(ciphertextBlob:encryptionContext:grantTokens:keyId:dryRun:logger:)-(String,_,_,_,_,_)``.
    ///
    /// - Parameters:
    ///   - ciphertextBlob: 1…6144 bytes.
    ///   - encryptionContext: the context given when it was encrypted.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - keyId: the KMS key expected to decrypt it.
    ///   - dryRun: only check permissions.
    ///   - logger: this call's log lines; nil for the client's logger.
    public func decrypt(
        ciphertextBlob: [UInt8],
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        keyId: String? = nil,
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSPlaintext {
        try await decrypt(
            ciphertextBlob: Base64.encodeToString(ciphertextBlob), encryptionContext: encryptionContext,
            grantTokens: grantTokens, keyId: keyId, dryRun: dryRun, logger: logger)
    }

    /// Re-encrypts a ciphertext blob given as bytes; see
    /// ``reEncrypt(ciphertextBlob:destinationKeyId:sourceEncryptionContext:destinationEncryptionContext:sourceKeyId:grantTokens:dryRun:logger:)-(String,_,_,_,_,_,_,_)``.
    ///
    /// - Parameters:
    ///   - ciphertextBlob: 1…6144 bytes.
    ///   - destinationKeyId: the key to encrypt under.
    ///   - sourceEncryptionContext: the context the blob was made with.
    ///   - destinationEncryptionContext: the context to bind to the new blob.
    ///   - sourceKeyId: the key expected to have made the blob.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions.
    ///   - logger: this call's log lines; nil for the client's logger.
    public func reEncrypt(
        ciphertextBlob: [UInt8],
        destinationKeyId: String,
        sourceEncryptionContext: [String: String] = [:],
        destinationEncryptionContext: [String: String] = [:],
        sourceKeyId: String? = nil,
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSReEncryptedCiphertext {
        try await reEncrypt(
            ciphertextBlob: Base64.encodeToString(ciphertextBlob), destinationKeyId: destinationKeyId,
            sourceEncryptionContext: sourceEncryptionContext, destinationEncryptionContext: destinationEncryptionContext,
            sourceKeyId: sourceKeyId, grantTokens: grantTokens, dryRun: dryRun, logger: logger)
    }
}
