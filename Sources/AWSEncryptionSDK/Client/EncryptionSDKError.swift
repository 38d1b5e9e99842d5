/// Why encrypting or decrypting a message failed.
///
/// Shaped like AsyncHTTPClient's `HTTPClientError`: the storage is private and the failures
/// are static members to compare with, `catch let error as EncryptionSDKError where error ==
/// .tampered`. Two errors are equal when their ``code`` is (the detail is for people, not for
/// `==`), so members that carry a detail compare the same way: `error.code == .malformed`.
///
/// Nothing here ever holds a secret: details name fields, lengths and key ids, never key bytes
/// or plaintext.
public struct EncryptionSDKError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a comparable value.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The member's name, e.g. `tampered`.
        public var description: String { name }

        /// The bytes are not a message in this format (a field out of range, a wrong constant).
        public static let malformed = Code("malformed")
        /// The message ends before a field it promises.
        public static let truncated = Code("truncated")
        /// An authentication tag or the signature did not verify: the message was changed, or
        /// the key is not the one it was made with.
        public static let tampered = Code("tampered")
        /// The data key does not commit to the header's commit key.
        public static let commitmentMismatch = Code("commitmentMismatch")
        /// The commitment policy does not allow this (non-committing) algorithm suite.
        public static let notCommitting = Code("notCommitting")
        /// An algorithm suite id this library does not know.
        public static let unsupportedAlgorithmSuite = Code("unsupportedAlgorithmSuite")
        /// The message carries more encrypted data keys than the client accepts.
        public static let tooManyEncryptedDataKeys = Code("tooManyEncryptedDataKeys")
        /// No keyring could decrypt any of the message's data keys.
        public static let noKeyringDecrypted = Code("noKeyringDecrypted")
        /// A keyring could not produce or wrap the data key.
        public static let keyringFailed = Code("keyringFailed")
        /// A key the required-encryption-context manager needs has no value.
        public static let missingRequiredEncryptionContext = Code("missingRequiredEncryptionContext")
        /// A value given at decrypt differs from the one stored in the message.
        public static let encryptionContextMismatch = Code("encryptionContextMismatch")
        /// A caller's encryption context key starts with the reserved `aws-crypto-` prefix.
        public static let reservedEncryptionContextKey = Code("reservedEncryptionContextKey")
        /// A parameter is out of range (frame length, key length, context too large, …).
        public static let invalidParameter = Code("invalidParameter")
        /// libcrypto failed where it should not (out of memory, a missing algorithm).
        public static let cryptoFailure = Code("cryptoFailure")
    }

    private struct Storage: Sendable {
        var code: Code
        var detail: String
        var keyringFailures: [any Error]
    }

    private var storage: Storage

    private init(_ code: Code, _ detail: String = "", keyringFailures: [any Error] = []) {
        storage = Storage(code: code, detail: detail, keyringFailures: keyringFailures)
    }

    /// What went wrong.
    public var code: Code { storage.code }
    /// A human-readable detail (which field, which frame, which key), never secret.
    public var detail: String { storage.detail }
    /// For ``noKeyringDecrypted``: each keyring's (or each data key's) failure, in the order
    /// they were tried; for ``Code/keyringFailed``: the cause (e.g. a `KMSError`), when there
    /// was one.
    public var keyringFailures: [any Error] { storage.keyringFailures }

    /// Equal when the codes are.
    public static func == (lhs: EncryptionSDKError, rhs: EncryptionSDKError) -> Bool {
        lhs.code == rhs.code
    }

    /// One line: the code, the detail and, for ``noKeyringDecrypted``, each failure.
    public var description: String {
        var text = "EncryptionSDKError.\(code)"
        if !detail.isEmpty { text += ": \(detail)" }
        if !keyringFailures.isEmpty {
            text += " [" + keyringFailures.map { String(describing: $0) }.joined(separator: "; ") + "]"
        }
        return text
    }

    /// An authentication tag or the signature did not verify.
    public static let tampered = EncryptionSDKError(.tampered, "authentication failed")
    /// The same as ``tampered``, under the name other SDKs use.
    public static let authenticationFailed = tampered
    /// The data key does not commit to the header's commit key.
    public static let commitmentMismatch = EncryptionSDKError(.commitmentMismatch, "the data key does not match the message's key commitment")
    /// The message has more encrypted data keys than the client's limit.
    public static let tooManyEncryptedDataKeys = EncryptionSDKError(.tooManyEncryptedDataKeys)
    /// No keyring could decrypt a data key (see ``keyringFailures`` on a thrown error).
    public static let noKeyringDecrypted = EncryptionSDKError(.noKeyringDecrypted)
    /// A caller's encryption context key uses the reserved `aws-crypto-` prefix.
    public static let reservedEncryptionContextKey = EncryptionSDKError(.reservedEncryptionContextKey)
    /// A required encryption context key has no value.
    public static let missingRequiredEncryptionContext = EncryptionSDKError(.missingRequiredEncryptionContext)
    /// A value given at decrypt differs from the stored one.
    public static let encryptionContextMismatch = EncryptionSDKError(.encryptionContextMismatch)

    /// The bytes are not a message in this format; `detail` says which field.
    public static func malformed(_ detail: String) -> EncryptionSDKError { EncryptionSDKError(.malformed, detail) }
    /// The message ends inside `field`.
    public static func truncated(_ field: String) -> EncryptionSDKError { EncryptionSDKError(.truncated, "the message ends inside \(field)") }
    /// The policy refuses a non-committing suite.
    public static func notCommitting(_ policy: CommitmentPolicy) -> EncryptionSDKError {
        EncryptionSDKError(.notCommitting, "commitment policy \(policy) does not allow a non-committing algorithm suite")
    }
    /// An unknown algorithm suite id.
    public static func unsupportedAlgorithmSuite(_ id: UInt16) -> EncryptionSDKError {
        EncryptionSDKError(.unsupportedAlgorithmSuite, "algorithm suite 0x" + String(id, radix: 16, uppercase: true))
    }
    /// Too many encrypted data keys: `count` over `limit`.
    static func tooManyEncryptedDataKeys(_ count: Int, limit: Int) -> EncryptionSDKError {
        EncryptionSDKError(.tooManyEncryptedDataKeys, "\(count) encrypted data keys, over the limit of \(limit)")
    }
    /// No keyring decrypted a data key; each failure is kept.
    public static func noKeyringDecrypted(_ failures: [any Error]) -> EncryptionSDKError {
        EncryptionSDKError(.noKeyringDecrypted, "no keyring decrypted any of the message's data keys", keyringFailures: failures)
    }
    /// A keyring could not produce or wrap a data key.
    public static func keyringFailed(_ detail: String, underlying: [any Error] = []) -> EncryptionSDKError {
        EncryptionSDKError(.keyringFailed, detail, keyringFailures: underlying)
    }
    /// A required encryption context key has no value.
    public static func missingRequiredEncryptionContext(_ key: String) -> EncryptionSDKError {
        EncryptionSDKError(.missingRequiredEncryptionContext, "no value for required encryption context key \"\(key)\"")
    }
    /// A value given at decrypt differs from the stored one.
    public static func encryptionContextMismatch(_ key: String) -> EncryptionSDKError {
        EncryptionSDKError(.encryptionContextMismatch, "the value given for \"\(key)\" differs from the message's")
    }
    /// A caller's key uses the reserved prefix.
    public static func reservedEncryptionContextKey(_ key: String) -> EncryptionSDKError {
        EncryptionSDKError(.reservedEncryptionContextKey, "encryption context key \"\(key)\" uses the reserved prefix aws-crypto-")
    }
    /// A parameter out of range.
    public static func invalidParameter(_ detail: String) -> EncryptionSDKError { EncryptionSDKError(.invalidParameter, detail) }
    /// libcrypto failed.
    static func cryptoFailure(_ what: String) -> EncryptionSDKError { EncryptionSDKError(.cryptoFailure, what) }
    /// A tag or signature failed, naming where.
    static func tampered(_ detail: String) -> EncryptionSDKError { EncryptionSDKError(.tampered, detail) }
}
