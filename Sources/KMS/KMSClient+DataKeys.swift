import Logging

extension KMSClient {
    /// A new data key of `size` bytes under the KMS key `id` (`GenerateDataKey` with
    /// `NumberOfBytes`), as the original library's `generateDataKey(id, size)`.
    ///
    /// - Parameters:
    ///   - id: key id, key ARN, alias name (`alias/…`) or alias ARN, 1…2048 characters.
    ///   - size: the data key length in bytes, 1…1024 (32 for AES-256).
    public func generateDataKey(id: String, size: Int = 32) async throws -> KMSDataKey {
        try await generateDataKey(id: id, numberOfBytes: size)
    }

    /// The same, logging on `logger` (see ``generateDataKey(id:size:)``).
    ///
    /// - Parameters:
    ///   - id: key id, key ARN, alias name (`alias/…`) or alias ARN, 1…2048 characters.
    ///   - size: bytes of key, 1…1024.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateDataKey(id: String, size: Int = 32, logger: Logger?) async throws -> KMSDataKey {
        try await generateDataKey(id: id, numberOfBytes: size, logger: logger)
    }

    /// A new data key of a named length (`GenerateDataKey` with `KeySpec`).
    ///
    /// - Parameters:
    ///   - id: key id, key ARN, alias name (`alias/…`) or alias ARN, 1…2048 characters.
    ///   - keySpec: `.aes256` (32 bytes) or `.aes128` (16 bytes).
    ///   - encryptionContext: pairs bound to the ciphertext; the same must be given to decrypt.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateDataKey(
        id: String,
        keySpec: KMSDataKeySpec,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSDataKey {
        try await generateDataKey(
            id: id, numberOfBytes: nil, keySpec: keySpec,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun, logger: logger)
    }

    /// A new data key of a byte count (`GenerateDataKey` with `NumberOfBytes`, 1…1024).
    ///
    /// - Parameters:
    ///   - id: key id, key ARN, alias name (`alias/…`) or alias ARN, 1…2048 characters.
    ///   - numberOfBytes: 1…1024.
    ///   - encryptionContext: pairs bound to the ciphertext; the same must be given to decrypt.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateDataKey(
        id: String,
        numberOfBytes: Int,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSDataKey {
        try await generateDataKey(
            id: id, numberOfBytes: numberOfBytes, keySpec: nil,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun, logger: logger)
    }

    /// A new data key returned only encrypted (`GenerateDataKeyWithoutPlaintext`), for code
    /// that stores keys for others to decrypt later. Give exactly one of `numberOfBytes` and
    /// `keySpec`; with neither, `keySpec` is `.aes256`.
    ///
    /// - Parameters:
    ///   - keyId: key id, key ARN, alias name (`alias/…`) or alias ARN.
    ///   - keySpec: `.aes256` or `.aes128`.
    ///   - numberOfBytes: 1…1024.
    ///   - encryptionContext: pairs bound to the key; the same must be given to decrypt it.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's
    ///     logger.
    public func generateDataKeyWithoutPlaintext(
        keyId: String,
        keySpec: KMSDataKeySpec? = nil,
        numberOfBytes: Int? = nil,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSEncryptedDataKey {
        let operation = "GenerateDataKeyWithoutPlaintext"
        let body = try Self.dataKeyBody(
            operation: operation, id: keyId, numberOfBytes: numberOfBytes,
            keySpec: keySpec ?? (numberOfBytes == nil ? .aes256 : nil),
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
        return try await callPath.call(operation, body: body, logger: logger) { body in
            try KMSResponseDecoder.encryptedDataKey(body)
        }
    }

    private func generateDataKey(
        id: String,
        numberOfBytes: Int?,
        keySpec: KMSDataKeySpec?,
        encryptionContext: [String: String],
        grantTokens: [String],
        dryRun: Bool,
        logger: Logger?
    ) async throws -> KMSDataKey {
        let operation = "GenerateDataKey"
        let body = try Self.dataKeyBody(
            operation: operation, id: id, numberOfBytes: numberOfBytes, keySpec: keySpec,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
        return try await callPath.call(operation, body: body, logger: logger) { body in
            let dataKey = try KMSResponseDecoder.dataKey(body)
            // A key of another size than asked for is not the key the caller needs: a demanding
            // user would rather have an error than silently use a 31-byte AES-256 key.
            let expected = numberOfBytes ?? keySpec?.byteCount
            if let expected, dataKey.plaintextBytes.count != expected {
                throw JSONReader.Failure.invalidValue("Plaintext (\(dataKey.plaintextBytes.count) bytes, not the \(expected) requested)")
            }
            return dataKey
        }
    }

    /// Checks and encodes the parameters shared by both data key operations.
    static func dataKeyBody(
        operation: String,
        id: String,
        numberOfBytes: Int?,
        keySpec: KMSDataKeySpec?,
        encryptionContext: [String: String],
        grantTokens: [String],
        dryRun: Bool
    ) throws(KMSError) -> [UInt8] {
        try KMSValidation.keyId(id, operation: operation)
        switch (numberOfBytes, keySpec) {
        case (let count?, nil):
            try KMSValidation.numberOfBytes(count, operation: operation)
        case (nil, _?):
            break
        case (_?, _?), (nil, nil):
            throw .validation(operation, "give exactly one of NumberOfBytes and KeySpec")
        }
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter()
        body.field("KeyId", id)
        body.field("NumberOfBytes", numberOfBytes)
        body.field("KeySpec", keySpec?.rawValue)
        body.field("EncryptionContext", encryptionContext)
        body.field("GrantTokens", grantTokens)
        body.field("DryRun", dryRun ? true : nil)
        return body.finish()
    }
}
