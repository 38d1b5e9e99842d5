/// The SDKs' retry modes (`AWS_RETRY_MODE`, profile `retry_mode`).
public enum RetryMode: String, Sendable, Hashable, CaseIterable {
    /// Exponential backoff with full jitter and a retry quota; 3 attempts by default.
    case standard
    /// The older behaviour: backoff without a quota; 5 attempts by default.
    case legacy
    /// Standard plus client-side rate limiting in the SDKs. Accepted so configurations written
    /// for the SDKs work; here it behaves as `standard` (no client-side rate limiter).
    case adaptive

    /// The default number of attempts (first try included).
    public var defaultMaxAttempts: Int {
        switch self {
        case .standard, .adaptive: return 3
        case .legacy: return 5
        }
    }

    /// Whether the retry quota applies.
    public var usesQuota: Bool {
        switch self {
        case .standard, .adaptive: return true
        case .legacy: return false
        }
    }
}
