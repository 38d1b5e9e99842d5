/// A retry setting with a value it cannot have.
///
/// Compare with the static members (`error == .invalidMaxAttempts`).
package struct RetryConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The code's name.
        package var description: String { name }

        /// `max_attempts` that is not a whole number of at least 1.
        package static let invalidMaxAttempts = Code(name: "invalidMaxAttempts")
        /// `retry_mode` that is not `standard`, `legacy` or `adaptive`.
        package static let invalidRetryMode = Code(name: "invalidRetryMode")
    }

    /// The kind of failure.
    package var code: Code
    /// Which setting and why, safe to log.
    package var message: String

    /// Creates an error.
    package init(code: Code, message: String = "") {
        self.code = code
        self.message = message
    }

    /// A bad attempt count.
    package static let invalidMaxAttempts = RetryConfigurationError(code: .invalidMaxAttempts)
    /// A bad retry mode.
    package static let invalidRetryMode = RetryConfigurationError(code: .invalidRetryMode)

    /// Equal when the codes are.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, matching `==`.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A readable summary without secrets.
    package var description: String { "RetryConfigurationError.\(code)" + (message.isEmpty ? "" : ": \(message)") }
}
