/// Why an ``AWSConfig`` could not be built: a bad region, endpoint or credential, or a missing
/// environment variable. Thrown before any request is made.
///
/// Compare with the static members (`error == .invalidEndpoint`); two errors are equal when
/// their codes are, whatever the message. Messages name the setting, never a secret's value.
public struct AWSConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name, e.g. `invalidEndpoint`.
        public var description: String { name }

        /// The region is empty or not made of `a-z`, `0-9` and `-`.
        public static let invalidRegion = Code(name: "invalidRegion")
        /// No region was given (`AWS_REGION` / `AWS_DEFAULT_REGION`).
        public static let missingRegion = Code(name: "missingRegion")
        /// The endpoint is not `http(s)://host[:port]` or `host[:port]`.
        public static let invalidEndpoint = Code(name: "invalidEndpoint")
        /// An access key id, secret or session token is empty or holds control characters.
        public static let invalidCredentials = Code(name: "invalidCredentials")
        /// No access key id or secret was given (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`).
        public static let missingCredentials = Code(name: "missingCredentials")
        /// A setting (retry mode, max attempts, …) has a value the SDKs do not accept.
        public static let invalidSetting = Code(name: "invalidSetting")
        /// The CA bundle (`AWS_CA_BUNDLE`, the profile's `ca_bundle`, ``AWSConfig/caBundlePath``)
        /// is missing, unreadable, or holds no PEM certificate.
        public static let invalidCABundle = Code(name: "invalidCABundle")
    }

    /// What kind of problem this is.
    public internal(set) var code: Code
    /// What exactly is wrong, naming the setting; never holds a secret.
    public internal(set) var message: String

    /// Creates an error with a code and a message.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// The region is empty or not made of `a-z`, `0-9` and `-`.
    public static let invalidRegion = AWSConfigError(code: .invalidRegion)
    /// No region was given.
    public static let missingRegion = AWSConfigError(code: .missingRegion)
    /// The endpoint is not `http(s)://host[:port]` or `host[:port]`.
    public static let invalidEndpoint = AWSConfigError(code: .invalidEndpoint)
    /// A credential is empty or holds control characters.
    public static let invalidCredentials = AWSConfigError(code: .invalidCredentials)
    /// No access key id or secret was given.
    public static let missingCredentials = AWSConfigError(code: .missingCredentials)
    /// A setting (retry mode, max attempts, …) has a value the SDKs do not accept.
    public static let invalidSetting = AWSConfigError(code: .invalidSetting)
    /// The CA bundle is missing, unreadable, or holds no PEM certificate.
    public static let invalidCABundle = AWSConfigError(code: .invalidCABundle)

    /// Errors are equal when their codes are, so `#expect(throws: AWSConfigError.invalidRegion)` works.
    public static func == (lhs: AWSConfigError, rhs: AWSConfigError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `AWSConfigError.<code>: <message>`.
    public var description: String {
        message.isEmpty ? "AWSConfigError.\(code)" : "AWSConfigError.\(code): \(message)"
    }
}
