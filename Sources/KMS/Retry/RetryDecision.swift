/// What to do after a failed attempt, as a classifier sees it.
///
/// Why its own type: the retry loop must not depend on the KMS error type. The call path maps
/// its errors to a decision (usually through `RetryClassifier`), and the loop acts on it.
package struct RetryDecision: Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, which sets the quota cost.
    package enum Kind: Sendable, Hashable {
        /// Not worth retrying: validation, not found, access denied, bad signature, cancelled.
        case doNotRetry
        /// The service asked us to slow down.
        case throttling
        /// A failure that may pass: 5xx, a reset connection, a service-side timeout.
        case transient
        /// The request timed out on our side; costs more quota.
        case timeout
        /// Our clock is off: retry once, signing with `clockOffset` added.
        case clockSkew
    }

    /// The kind.
    package var kind: Kind
    /// How long the server asked us to wait (`Retry-After`), if it did.
    package var retryAfter: Duration?
    /// For `.clockSkew`: server time minus our time.
    package var clockOffset: Duration?

    /// Creates a decision.
    package init(kind: Kind, retryAfter: Duration? = nil, clockOffset: Duration? = nil) {
        self.kind = kind
        self.retryAfter = retryAfter
        self.clockOffset = clockOffset
    }

    /// Fail now.
    package static let doNotRetry = RetryDecision(kind: .doNotRetry)
    /// Retry after a throttling error.
    package static let throttling = RetryDecision(kind: .throttling)
    /// Retry after a transient error.
    package static let transient = RetryDecision(kind: .transient)
    /// Retry after a timeout.
    package static let timeout = RetryDecision(kind: .timeout)
    /// Retry once with the clock corrected by `offset`.
    package static func clockSkew(offset: Duration) -> RetryDecision { RetryDecision(kind: .clockSkew, clockOffset: offset) }

    /// Whether the loop may try again.
    package var isRetryable: Bool { kind != .doNotRetry }

    /// A readable summary without secrets.
    package var description: String {
        var text = "RetryDecision.\(kind)"
        if let retryAfter { text += " (retry after \(retryAfter))" }
        if let clockOffset { text += " (clock offset \(clockOffset))" }
        return text
    }
}
