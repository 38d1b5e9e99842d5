#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps the credentials of another provider and fetches new ones only when they come within
/// `refreshWindow` of expiring, with one fetch in flight however many callers wait.
///
/// Why an actor with a shared `Task`: 64 concurrent requests at the moment of expiry must
/// cause one call to STS or the metadata service, not 64. The fetch runs in its own task, so a
/// caller that is cancelled does not cancel it for the others. If a refresh fails while the
/// old credentials have not yet expired, they are still returned (as the SDKs do); the next
/// call tries again.
public actor CachingCredentialProvider: ExpiringCredentialProvider {
    /// The provider that really fetches.
    public nonisolated let base: any ExpiringCredentialProvider
    /// How long before expiry a refresh starts (the SDKs use about 5 minutes).
    public nonisolated let refreshWindow: Duration
    /// The clock, injectable for tests.
    nonisolated let now: @Sendable () -> Date

    private var cached: ExpiringCredentials?
    private var inFlight: Task<ExpiringCredentials, any Error>?
    /// How many times `base` has been asked; for tests and diagnostics.
    public private(set) var fetchCount = 0

    /// Wraps a provider.
    public init(_ base: any ExpiringCredentialProvider, refreshWindow: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.refreshWindow = refreshWindow
        self.now = now
    }

    /// The cached credentials, fetched anew (once, for every waiting caller) when near expiry.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        if let cached, !cached.expires(within: refreshWindow, of: now()) { return cached }
        let task: Task<ExpiringCredentials, any Error>
        if let inFlight {
            task = inFlight
        } else {
            fetchCount += 1
            let base = self.base
            task = Task { try await base.expiringCredentials() }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            if inFlight == task {
                cached = fresh
                inFlight = nil
            }
            return fresh
        } catch {
            if inFlight == task { inFlight = nil }
            if let cached, !cached.expires(within: .zero, of: now()) { return cached }
            throw error
        }
    }

    /// Forgets the cached credentials, so the next call fetches (after a signature error, say).
    public func invalidate() {
        cached = nil
    }
}
