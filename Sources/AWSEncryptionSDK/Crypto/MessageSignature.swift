import CLibCrypto

/// The running ECDSA signature over a message's header and body: bytes go in as they are
/// written (or read), so nothing has to be kept to sign or verify at the end.
final class MessageSignature {
    private let context: OpaquePointer
    private let signing: Bool

    /// Signs with `key`.
    init(signingWith key: SigningKey) throws(EncryptionSDKError) {
        guard let context = EVP_MD_CTX_new() else { throw .cryptoFailure("EVP_MD_CTX_new failed") }
        guard EVP_DigestSignInit_ex(context, nil, key.curve.digest.name, nil, nil, key.key, nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .cryptoFailure("ECDSA signing setup failed")
        }
        self.context = context
        self.signing = true
    }

    /// Verifies with `key`.
    init(verifyingWith key: VerificationKey) throws(EncryptionSDKError) {
        guard let context = EVP_MD_CTX_new() else { throw .cryptoFailure("EVP_MD_CTX_new failed") }
        guard EVP_DigestVerifyInit_ex(context, nil, key.curve.digest.name, nil, nil, key.key, nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .cryptoFailure("ECDSA verification setup failed")
        }
        self.context = context
        self.signing = false
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds message bytes.
    func update(_ bytes: UnsafeRawBufferPointer) throws(EncryptionSDKError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let ok = signing ? EVP_DigestSignUpdate(context, base, bytes.count) : EVP_DigestVerifyUpdate(context, base, bytes.count)
        guard ok == 1 else { throw .cryptoFailure("ECDSA update failed") }
    }

    /// Adds message bytes.
    func update(_ bytes: [UInt8]) throws(EncryptionSDKError) {
        do {
            try bytes.withUnsafeBytes { try update($0) }
        } catch let error as EncryptionSDKError {
            throw error
        } catch {
            throw .cryptoFailure("ECDSA update failed")
        }
    }

    /// The DER signature over everything added.
    func sign() throws(EncryptionSDKError) -> [UInt8] {
        var length = 0
        guard EVP_DigestSignFinal(context, nil, &length) == 1 else { throw .cryptoFailure("ECDSA signing failed") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSignFinal(context, &signature, &length) == 1 else { throw .cryptoFailure("ECDSA signing failed") }
        signature.removeSubrange(length...)
        return signature
    }

    /// Whether `signature` (DER, any valid length) signs everything added.
    func verify(_ signature: [UInt8]) -> Bool {
        guard !signature.isEmpty else { return false }
        return EVP_DigestVerifyFinal(context, signature, signature.count) == 1
    }
}
