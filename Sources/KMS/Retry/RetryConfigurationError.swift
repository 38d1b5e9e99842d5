/// A retry setting with a value it cannot have.
///
/// Compare with the static members (`error == .invalidMaxAttempts`).
public struct RetryConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        public var description: String { name }

        /// `max_attempts` that is not a whole number of at least 1.
        public static let invalidMaxAttempts = Code(name: "invalidMaxAttempts")
        /// `retry_mode` that is not `standard`, `legacy` or `adaptive`.
        public static let invalidRetryMode = Code(name: "invalidRetryMode")
    }

    /// The kind of failure.
    public var code: Code
    /// Which setting and why, safe to log.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// A bad attempt count.
    public static let invalidMaxAttempts = RetryConfigurationError(code: .invalidMaxAttempts)
    /// A bad retry mode.
    public static let invalidRetryMode = RetryConfigurationError(code: .invalidRetryMode)

    /// Equal when the codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A readable summary without secrets.
    public var description: String { "RetryConfigurationError.\(code)" + (message.isEmpty ? "" : ": \(message)") }
}
