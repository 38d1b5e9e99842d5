/// Runs an operation with the SDKs' standard retry behaviour: up to `maxAttempts` tries,
/// exponential backoff with full jitter capped at 20 s, a shared retry quota, `Retry-After`
/// honoured, and one immediate retry with a corrected clock after a clock-skew error.
///
/// One strategy per client: copies share the quota and the clock correction (both locked
/// classes, so the success path makes no actor hop).
/// The sleeper and the random source are injectable, so tests run instantly and
/// deterministically.
package struct RetryStrategy: Sendable {
    /// The numbers.
    package let configuration: RetryConfiguration
    /// The token bucket shared by the client's requests.
    package let quota: RetryQuota
    /// The clock correction shared by the client's requests.
    package let clockSkew: ClockSkewCorrection
    /// Waits between attempts; `Task.sleep` unless a test says otherwise. Throws on cancellation.
    package let sleep: @Sendable (Duration) async throws -> Void
    /// A random number in [0, 1) for the jitter.
    package let random: @Sendable () -> Double

    /// Creates a strategy.
    package init(configuration: RetryConfiguration = .standard,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.configuration = configuration
        self.quota = RetryQuota(capacity: configuration.quotaCapacity)
        self.clockSkew = ClockSkewCorrection()
        self.sleep = sleep
        self.random = random
    }

    /// The wait before retry number `retry` (1 for the first retry): full jitter,
    /// `min(random × baseDelay × 2^(retry-1), maxBackoff)`.
    package func backoff(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 62)
        let ceiling = configuration.baseDelay.seconds * Double(UInt64(1) << UInt64(exponent))
        let jittered = min(max(random(), 0), 1) * ceiling
        let capped = min(jittered, configuration.maxBackoff.seconds)
        return .milliseconds(Int64((capped * 1000).rounded(.down)))
    }

    /// Runs `operation` until it succeeds, fails in a way `classify` calls final, or runs out
    /// of attempts or quota; then returns its value or rethrows its last error.
    ///
    /// - Parameters:
    ///   - operation: one attempt; it receives the attempt number and clock offset.
    ///   - classify: turns an attempt's error into a decision (see `RetryClassifier`).
    ///     `CancellationError` is never retried, whatever it says.
    package func run<T>(_ operation: (RetryAttempt) async throws -> T, classify: (any Error) -> RetryDecision) async throws -> T {
        var number = 1
        var heldTokens: Int?
        var correctedClock = false
        while true {
            try Task.checkCancellation()
            let attempt = RetryAttempt(number: number, clockOffset: clockSkew.offset)
            let error: any Error
            do {
                let value = try await operation(attempt)
                if configuration.mode.usesQuota {
                    quota.release(heldTokens ?? configuration.noRetryIncrement)
                }
                return value
            } catch let caught {
                error = caught
            }
            if error is CancellationError || Task.isCancelled { throw error }
            let decision = classify(error)
            guard decision.isRetryable, number < configuration.maxAttempts else { throw error }
            switch decision.kind {
            case .doNotRetry:
                throw error
            case .clockSkew:
                // Retried at once and only once: a second skew error means the fix did not help.
                guard !correctedClock, let offset = decision.clockOffset else { throw error }
                correctedClock = true
                clockSkew.update(offset)
            case .throttling, .transient, .timeout:
                var delay = backoff(beforeRetry: number)
                if let retryAfter = decision.retryAfter {
                    // The server's wish wins over our jitter; one we will not wait for ends it.
                    guard retryAfter <= configuration.maxBackoff else { throw error }
                    delay = retryAfter
                }
                if configuration.mode.usesQuota {
                    let cost = decision.kind == .timeout ? configuration.timeoutRetryCost : configuration.retryCost
                    guard quota.acquire(cost) else { throw error }
                    heldTokens = cost
                }
                try await sleep(delay)
            }
            number += 1
        }
    }
}
