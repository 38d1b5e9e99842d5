/// Why no credentials could be had, and from which sources.
///
/// Compare with the static members (`error.code == .notConfigured`). The message names the
/// source and what was wrong with it, never a secret: no key, token, or file contents.
public struct CredentialProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        public var description: String { name }

        /// The source has nothing configured (no variables, no profile, disabled): try the next.
        public static let notConfigured = Code(name: "notConfigured")
        /// Half a pair was given, such as an access key id without its secret.
        public static let incompleteCredentials = Code(name: "incompleteCredentials")
        /// The settings for this source are wrong (a disallowed URL, an unreadable token file).
        public static let invalidConfiguration = Code(name: "invalidConfiguration")
        /// The source was reached but answered with an error status or an error document.
        public static let requestFailed = Code(name: "requestFailed")
        /// The source could not be reached (refused, timed out, reset).
        public static let unreachable = Code(name: "unreachable")
        /// The source answered with something that is not valid credentials.
        public static let invalidResponse = Code(name: "invalidResponse")
        /// The `credential_process` command failed, timed out or printed something unusable.
        public static let processFailed = Code(name: "processFailed")
        /// This kind of source is recognised but not implemented here.
        public static let unsupported = Code(name: "unsupported")
        /// Profiles name each other in a loop through `source_profile`.
        public static let profileCycle = Code(name: "profileCycle")
        /// The profile has `mfa_serial` but no MFA token provider was given.
        public static let mfaRequired = Code(name: "mfaRequired")
        /// No valid SSO token is cached: run `aws sso login` (the message says with which profile).
        public static let ssoLoginRequired = Code(name: "ssoLoginRequired")
        /// Every source of a chain was tried; `attempts` says what each one said.
        public static let noCredentials = Code(name: "noCredentials")
    }

    /// The kind of failure.
    public internal(set) var code: Code
    /// The source that failed: `environment`, `profile dev`, `web identity`, `container`,
    /// `instance metadata`, `process`, or `chain`.
    public internal(set) var source: String
    /// What went wrong, in words safe to log.
    public internal(set) var message: String
    /// For `.noCredentials`: each source's own error, in the order tried.
    public internal(set) var attempts: [CredentialProviderError]

    /// Creates an error.
    public init(code: Code, source: String = "", message: String = "", attempts: [CredentialProviderError] = []) {
        self.code = code
        self.source = source
        self.message = message
        self.attempts = attempts
    }

    /// A source with nothing configured.
    public static let notConfigured = CredentialProviderError(code: .notConfigured)
    /// A half-given key pair.
    public static let incompleteCredentials = CredentialProviderError(code: .incompleteCredentials)
    /// Wrong settings for a source.
    public static let invalidConfiguration = CredentialProviderError(code: .invalidConfiguration)
    /// An error answer from a source.
    public static let requestFailed = CredentialProviderError(code: .requestFailed)
    /// A source that could not be reached.
    public static let unreachable = CredentialProviderError(code: .unreachable)
    /// An answer that is not valid credentials.
    public static let invalidResponse = CredentialProviderError(code: .invalidResponse)
    /// A failed `credential_process`.
    public static let processFailed = CredentialProviderError(code: .processFailed)
    /// A recognised but unimplemented source.
    public static let unsupported = CredentialProviderError(code: .unsupported)
    /// Profiles that name each other in a loop.
    public static let profileCycle = CredentialProviderError(code: .profileCycle)
    /// A role that needs an MFA code and no way to ask for one.
    public static let mfaRequired = CredentialProviderError(code: .mfaRequired)
    /// No valid SSO token: `aws sso login` is needed.
    public static let ssoLoginRequired = CredentialProviderError(code: .ssoLoginRequired)
    /// A chain whose every source failed.
    public static let noCredentials = CredentialProviderError(code: .noCredentials)

    /// Two errors are equal when their codes are, whatever the source and message.
    public static func == (lhs: CredentialProviderError, rhs: CredentialProviderError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The source names tried, in order (for `.noCredentials`).
    public var triedSources: [String] { attempts.map(\.source) }

    /// A readable summary without secrets.
    public var description: String {
        var text = "CredentialProviderError.\(code)"
        if !source.isEmpty { text += " [\(source)]" }
        if !message.isEmpty { text += ": \(message)" }
        if !attempts.isEmpty {
            text += " (tried: " + attempts.map { "\($0.source): \($0.code)\($0.message.isEmpty ? "" : " - \($0.message)")" }.joined(separator: "; ") + ")"
        }
        return text
    }

    static func make(_ code: Code, _ source: String, _ message: String) -> CredentialProviderError {
        CredentialProviderError(code: code, source: source, message: message)
    }
}
