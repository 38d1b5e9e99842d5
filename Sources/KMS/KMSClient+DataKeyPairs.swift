import Logging

extension KMSClient {
    /// A new asymmetric data key pair (`GenerateDataKeyPair`): the public key, the private key
    /// in memory that is zeroed on release, and the private key encrypted under `keyId`.
    ///
    /// - Parameters:
    ///   - keyId: the symmetric KMS key that encrypts the private key.
    ///   - keyPairSpec: the kind of pair.
    ///   - encryptionContext: pairs bound to the encrypted private key.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateDataKeyPair(
        keyId: String,
        keyPairSpec: KMSDataKeyPairSpec,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSDataKeyPair {
        let operation = "GenerateDataKeyPair"
        let body = try Self.dataKeyPairBody(
            operation: operation, keyId: keyId, keyPairSpec: keyPairSpec,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
        return try await callPath.call(operation, body: body, logger: logger) { body in
            try KMSResponseDecoder.dataKeyPair(body)
        }
    }

    /// A new asymmetric data key pair whose private key is returned only encrypted
    /// (`GenerateDataKeyPairWithoutPlaintext`).
    ///
    /// - Parameters:
    ///   - keyId: the symmetric KMS key that encrypts the private key.
    ///   - keyPairSpec: the kind of pair.
    ///   - encryptionContext: pairs bound to the encrypted private key.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - dryRun: only check permissions; KMS then answers with a ``KMSError/Code/dryRun`` error.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func generateDataKeyPairWithoutPlaintext(
        keyId: String,
        keyPairSpec: KMSDataKeyPairSpec,
        encryptionContext: [String: String] = [:],
        grantTokens: [String] = [],
        dryRun: Bool = false,
        logger: Logger? = nil
    ) async throws -> KMSEncryptedDataKeyPair {
        let operation = "GenerateDataKeyPairWithoutPlaintext"
        let body = try Self.dataKeyPairBody(
            operation: operation, keyId: keyId, keyPairSpec: keyPairSpec,
            encryptionContext: encryptionContext, grantTokens: grantTokens, dryRun: dryRun)
        return try await callPath.call(operation, body: body, logger: logger) { body in
            try KMSResponseDecoder.encryptedDataKeyPair(body)
        }
    }

    private static func dataKeyPairBody(
        operation: String,
        keyId: String,
        keyPairSpec: KMSDataKeyPairSpec,
        encryptionContext: [String: String],
        grantTokens: [String],
        dryRun: Bool
    ) throws(KMSError) -> [UInt8] {
        try KMSValidation.keyId(keyId, operation: operation)
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter()
        body.field("EncryptionContext", encryptionContext)
        body.field("KeyId", keyId)
        body.field("KeyPairSpec", keyPairSpec.rawValue)
        body.field("GrantTokens", grantTokens)
        body.field("DryRun", dryRun ? true : nil)
        return body.finish()
    }
}
