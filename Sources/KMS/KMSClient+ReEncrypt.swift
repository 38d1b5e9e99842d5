import Logging

extension KMSClient {
    /// Decrypts a ciphertext and encrypts the plaintext again under another key or context
    /// (`ReEncrypt`), all inside KMS: the plaintext never reaches this process. Use it to move
    /// stored blobs to a new KMS key.
    ///
    /// - Parameters:
    ///   - ciphertextBlob: base64 of 1…6144 bytes.
    ///   - destinationKeyId: the key to encrypt under: key id, ARN, alias name or alias ARN.
    ///   - sourceEncryptionContext: the context the blob was made with.
    ///   - destinationEncryptionContext: the context to bind to the new blob.
    ///   - sourceKeyId: the key expected to have made the blob (fails otherwise).
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func reEncrypt(
        ciphertextBlob: String,
        destinationKeyId: String,
        sourceEncryptionContext: [String: String] = [:],
        destinationEncryptionContext: [String: String] = [:],
        sourceKeyId: String? = nil,
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSReEncryptedCiphertext {
        let operation = "ReEncrypt"
        try KMSValidation.ciphertextBlob(ciphertextBlob, operation: operation)
        try KMSValidation.keyId(destinationKeyId, parameter: "DestinationKeyId", operation: operation)
        if let sourceKeyId { try KMSValidation.keyId(sourceKeyId, parameter: "SourceKeyId", operation: operation) }
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter(capacity: ciphertextBlob.utf8.count + 512)
        body.field("CiphertextBlob", ciphertextBlob)
        body.field("SourceEncryptionContext", sourceEncryptionContext)
        body.field("SourceKeyId", sourceKeyId)
        body.field("DestinationKeyId", destinationKeyId)
        body.field("DestinationEncryptionContext", destinationEncryptionContext)
        body.field("GrantTokens", grantTokens)
        body.field("DryRun", dryRun ? true : nil)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.reEncrypted(body)
        }
    }

    /// Random bytes from KMS's generator (`GenerateRandom`), e.g. for a nonce or a key made
    /// outside KMS.
    ///
    /// - Parameters:
    ///   - numberOfBytes: 1…1024.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateRandom(numberOfBytes: Int, logger: Logger? = nil) async throws -> KMSSecretBytes {
        let operation = "GenerateRandom"
        try KMSValidation.numberOfBytes(numberOfBytes, operation: operation)
        var body = JSONBodyWriter()
        body.field("NumberOfBytes", numberOfBytes)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            let random = try KMSResponseDecoder.random(body)
            guard random.count == numberOfBytes else {
                throw JSONReader.Failure.invalidValue("Plaintext (\(random.count) bytes, not the \(numberOfBytes) requested)")
            }
            return random
        }
    }
}
