#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4

/// Credentials together with the moment they stop working.
///
/// Why: temporary credentials (STS, container, instance metadata, `credential_process`) must
/// be refreshed before they expire; the cache needs to know when. Long-term keys have no
/// expiration.
public struct ExpiringCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The credentials to sign with.
    public var credentials: AWSCredentials
    /// When they expire; `nil` for credentials that do not.
    public var expiration: Date?

    /// Pairs credentials with their expiration.
    public init(_ credentials: AWSCredentials, expiration: Date? = nil) {
        self.credentials = credentials
        self.expiration = expiration
    }

    /// True when they expire within `window` of `now` (or already have).
    public func expires(within window: Duration, of now: Date) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= window.seconds
    }

    /// Redacted: the access key id and expiration only.
    public var description: String {
        "ExpiringCredentials(\(credentials), expiration: \(expiration.map { "\($0)" } ?? "never"))"
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
