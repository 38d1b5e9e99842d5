/// Whether messages must commit to their data key (suites 0x0478 and 0x0578), so that one
/// message cannot decrypt to two plaintexts under two keys.
public enum CommitmentPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Encrypt only with non-committing suites; decrypt anything. For readers that predate
    /// key commitment (official SDKs before 1.7).
    case forbidEncryptAllowDecrypt
    /// Encrypt only with committing suites; still decrypt older, non-committing messages.
    case requireEncryptAllowDecrypt
    /// Committing suites only, both ways (the default).
    case requireEncryptRequireDecrypt

    /// Whether encrypting with `suite` is allowed.
    func allowsEncrypt(_ suite: AlgorithmSuite) -> Bool {
        switch self {
        case .forbidEncryptAllowDecrypt: !suite.isCommitting
        case .requireEncryptAllowDecrypt, .requireEncryptRequireDecrypt: suite.isCommitting
        }
    }

    /// Whether decrypting a message of `suite` is allowed.
    func allowsDecrypt(_ suite: AlgorithmSuite) -> Bool {
        switch self {
        case .forbidEncryptAllowDecrypt, .requireEncryptAllowDecrypt: true
        case .requireEncryptRequireDecrypt: suite.isCommitting
        }
    }

    /// The spec's spelling, e.g. `REQUIRE_ENCRYPT_REQUIRE_DECRYPT`.
    public var description: String {
        switch self {
        case .forbidEncryptAllowDecrypt: "FORBID_ENCRYPT_ALLOW_DECRYPT"
        case .requireEncryptAllowDecrypt: "REQUIRE_ENCRYPT_ALLOW_DECRYPT"
        case .requireEncryptRequireDecrypt: "REQUIRE_ENCRYPT_REQUIRE_DECRYPT"
        }
    }
}
