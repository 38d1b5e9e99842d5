/// Why an ``AWSConfig`` could not be built: a bad region, endpoint or credential, or a missing
/// environment variable. Thrown before any request is made.
///
/// Compare with the static members (`error == .invalidEndpoint`); two errors are equal when
/// their kinds are, whatever the message. Messages name the setting, never a secret's value.
public struct AWSConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The kind's name, e.g. `invalidEndpoint`.
        public var description: String { name }

        /// The region is empty or not made of `a-z`, `0-9` and `-`.
        public static let invalidRegion = Kind(name: "invalidRegion")
        /// No region was given (`AWS_REGION` / `AWS_DEFAULT_REGION`).
        public static let missingRegion = Kind(name: "missingRegion")
        /// The endpoint is not `http(s)://host[:port]` or `host[:port]`.
        public static let invalidEndpoint = Kind(name: "invalidEndpoint")
        /// An access key id, secret or session token is empty or holds control characters.
        public static let invalidCredentials = Kind(name: "invalidCredentials")
        /// No access key id or secret was given (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`).
        public static let missingCredentials = Kind(name: "missingCredentials")
        /// A setting (retry mode, max attempts, …) has a value the SDKs do not accept.
        public static let invalidSetting = Kind(name: "invalidSetting")
        /// The CA bundle (`AWS_CA_BUNDLE`, the profile's `ca_bundle`, ``AWSConfig/caBundlePath``)
        /// is missing, unreadable, or holds no PEM certificate.
        public static let invalidCABundle = Kind(name: "invalidCABundle")
    }

    /// The kind of problem.
    public var kind: Kind
    /// What exactly is wrong, naming the setting; never holds a secret.
    public var message: String

    /// Creates an error of a kind with a message.
    public init(kind: Kind, message: String = "") {
        self.kind = kind
        self.message = message
    }

    /// The region is empty or not made of `a-z`, `0-9` and `-`.
    public static let invalidRegion = AWSConfigError(kind: .invalidRegion)
    /// No region was given.
    public static let missingRegion = AWSConfigError(kind: .missingRegion)
    /// The endpoint is not `http(s)://host[:port]` or `host[:port]`.
    public static let invalidEndpoint = AWSConfigError(kind: .invalidEndpoint)
    /// A credential is empty or holds control characters.
    public static let invalidCredentials = AWSConfigError(kind: .invalidCredentials)
    /// No access key id or secret was given.
    public static let missingCredentials = AWSConfigError(kind: .missingCredentials)
    /// A setting (retry mode, max attempts, …) has a value the SDKs do not accept.
    public static let invalidSetting = AWSConfigError(kind: .invalidSetting)
    /// The CA bundle is missing, unreadable, or holds no PEM certificate.
    public static let invalidCABundle = AWSConfigError(kind: .invalidCABundle)

    /// Errors are equal when their kinds are, so `#expect(throws: AWSConfigError.invalidRegion)` works.
    public static func == (lhs: AWSConfigError, rhs: AWSConfigError) -> Bool { lhs.kind == rhs.kind }
    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// `AWSConfigError.<kind>: <message>`.
    public var description: String {
        message.isEmpty ? "AWSConfigError.\(kind)" : "AWSConfigError.\(kind): \(message)"
    }
}
