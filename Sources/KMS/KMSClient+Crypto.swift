import Logging

extension KMSClient {
    /// Decrypts a ciphertext blob (a data key from ``generateDataKey(id:size:)`` or the output
    /// of ``encrypt(keyId:plaintext:encryptionContext:grantTokens:dryRun:logger:)-(_,KMSSecretBytes,_,_,_,_)``), as the original
    /// library's `decrypt(ciphertextBlob)`.
    ///
    /// - Parameter ciphertextBlob: base64, as ``KMSDataKey/ciphertextBlob`` holds it.
    public func decrypt(ciphertextBlob: String) async throws -> KMSPlaintext {
        try await decrypt(ciphertextBlob: ciphertextBlob, encryptionContext: [:])
    }

    /// Decrypts a ciphertext blob (`Decrypt`).
    ///
    /// - Parameters:
    ///   - ciphertextBlob: base64 of 1…6144 bytes.
    ///   - encryptionContext: the context given when it was encrypted.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - keyId: the KMS key expected to decrypt it; KMS fails with
    ///     ``KMSError/Code/incorrectKey`` if another key encrypted it.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func decrypt(
        ciphertextBlob: String,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        keyId: String? = nil,
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSPlaintext {
        let operation = "Decrypt"
        try KMSValidation.ciphertextBlob(ciphertextBlob, operation: operation)
        if let keyId { try KMSValidation.keyId(keyId, operation: operation) }
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter(capacity: ciphertextBlob.utf8.count + 256)
        body.field("CiphertextBlob", ciphertextBlob)
        body.field("EncryptionContext", encryptionContext)
        body.field("GrantTokens", grantTokens)
        body.field("KeyId", keyId)
        body.field("DryRun", dryRun ? true : nil)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.plaintext(body)
        }
    }

    /// Encrypts up to 4096 bytes under a KMS key (`Encrypt`). The request body that carried the
    /// plaintext is zeroed after sending.
    ///
    /// - Parameters:
    ///   - keyId: key id, key ARN, alias name or alias ARN.
    ///   - plaintext: 1…4096 bytes, e.g. a data key's ``KMSDataKey/plaintextBytes``.
    ///   - encryptionContext: pairs bound to the ciphertext; the same must be given to decrypt.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func encrypt(
        keyId: String,
        plaintext: KMSSecretBytes,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSCiphertext {
        let operation = "Encrypt"
        try KMSValidation.keyId(keyId, operation: operation)
        try KMSValidation.plaintextCount(plaintext.count, operation: operation)
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        // Reserve the whole body up front: growing it would leave a copy of the plaintext behind.
        let contextSize = encryptionContext.reduce(0) { $0 + $1.key.utf8.count * 6 + $1.value.utf8.count * 6 + 6 }
        let tokensSize = grantTokens.reduce(0) { $0 + $1.utf8.count * 6 + 3 }
        var body = JSONBodyWriter(
            capacity: 128 + keyId.utf8.count * 6 + (plaintext.count + 2) / 3 * 4 + contextSize + tokensSize)
        body.field("KeyId", keyId)
        body.field("Plaintext", base64Of: plaintext)
        body.field("EncryptionContext", encryptionContext)
        body.field("GrantTokens", grantTokens)
        body.field("DryRun", dryRun ? true : nil)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.ciphertext(body)
        }
    }

    /// Encrypts raw bytes (`Encrypt`); see ``encrypt(keyId:plaintext:encryptionContext:grantTokens:dryRun:logger:)-(_,KMSSecretBytes,_,_,_,_)``.
    /// The bytes are copied into a ``KMSSecretBytes`` for the call; your array is not zeroed.
    public func encrypt(
        keyId: String,
        plaintext: [UInt8],
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSCiphertext {
        try await encrypt(
            keyId: keyId, plaintext: KMSSecretBytes(copying: plaintext),
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun, logger: logger)
    }

    /// Encrypts plaintext given as base64 (`Encrypt`), as the AWS CLI takes it.
    ///
    /// - Parameters:
    ///   - keyId: key id, key ARN, alias name or alias ARN.
    ///   - plaintextBase64: canonical padded base64 of 1…4096 bytes.
    ///   - encryptionContext: pairs bound to the ciphertext; the same must be given to decrypt.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func encrypt(
        keyId: String,
        plaintextBase64: String,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSCiphertext {
        let utf8 = plaintextBase64.utf8
        guard let count = Base64.decodedCount(of: utf8) else {
            throw KMSError.validation("Encrypt", "Plaintext must be valid base64")
        }
        let secret = try KMSSecretBytes(count: count) { output in
            guard Base64.decode(utf8, into: output) else {
                throw KMSError.validation("Encrypt", "Plaintext must be valid base64")
            }
        }
        return try await encrypt(
            keyId: keyId, plaintext: secret,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun, logger: logger)
    }
}
