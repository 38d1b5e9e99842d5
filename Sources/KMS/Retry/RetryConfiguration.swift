#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How many times and how patiently to retry: the SDKs' standard-mode numbers by default.
///
/// A value type so it can sit inside a client's configuration; the mutable parts (quota,
/// clock offset) live in `RetryStrategy`.
public struct RetryConfiguration: Sendable, Hashable {
    /// The mode.
    public var mode: RetryMode
    /// Attempts in total, the first one included (at least 1).
    public var maxAttempts: Int
    /// The backoff of attempt `i` (1 after the first failure) is
    /// `min(random[0,1) × baseDelay × 2^(i-1), maxBackoff)`: the SDKs' full jitter.
    public var baseDelay: Duration
    /// The longest wait between attempts, and the longest `Retry-After` honoured.
    public var maxBackoff: Duration
    /// Tokens in a full retry quota.
    public var quotaCapacity: Int
    /// Tokens a retry after a throttling or transient error costs.
    public var retryCost: Int
    /// Tokens a retry after a timeout costs.
    public var timeoutRetryCost: Int
    /// Tokens a first-attempt success gives back.
    public var noRetryIncrement: Int

    /// Creates a configuration; unspecified attempts take the mode's default.
    public init(mode: RetryMode = .standard, maxAttempts: Int? = nil, baseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20),
                quotaCapacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, noRetryIncrement: Int = 1) {
        self.mode = mode
        self.maxAttempts = max(1, maxAttempts ?? mode.defaultMaxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.quotaCapacity = quotaCapacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
    }

    /// The SDKs' defaults: standard mode, 3 attempts.
    public static let standard = RetryConfiguration()

    /// Reads `AWS_RETRY_MODE` / profile `retry_mode` and `AWS_MAX_ATTEMPTS` / profile
    /// `max_attempts`; explicit values win.
    package static func resolve(mode explicitMode: RetryMode? = nil, maxAttempts explicitAttempts: Int? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               shared: SharedConfiguration) throws -> RetryConfiguration {
        var mode = RetryMode.standard
        if let explicitMode {
            mode = explicitMode
        } else if let (text, source) = setting("AWS_RETRY_MODE", "retry_mode", environment, shared) {
            guard let parsed = RetryMode(rawValue: text.lowercased()) else {
                throw RetryConfigurationError(code: .invalidRetryMode, message: "\(source) must be standard, legacy or adaptive")
            }
            mode = parsed
        }
        var attempts: Int?
        if let explicitAttempts {
            guard explicitAttempts >= 1 else { throw RetryConfigurationError(code: .invalidMaxAttempts, message: "max attempts must be at least 1") }
            attempts = explicitAttempts
        } else if let (text, source) = setting("AWS_MAX_ATTEMPTS", "max_attempts", environment, shared) {
            guard let value = Int(text), value >= 1 else {
                throw RetryConfigurationError(code: .invalidMaxAttempts, message: "\(source) must be a whole number of at least 1")
            }
            attempts = value
        }
        return RetryConfiguration(mode: mode, maxAttempts: attempts)
    }

    private static func setting(_ variable: String, _ key: String, _ environment: [String: String], _ shared: SharedConfiguration) -> (String, String)? {
        if let value = nonEmpty(environment[variable]) { return (value.trimmingWhitespace(), variable) }
        if let value = nonEmpty(shared.profile?[key]) { return (value, "profile \(key)") }
        return nil
    }
}
