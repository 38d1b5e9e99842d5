#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps the credentials of another provider and refreshes them before they expire, with one
/// fetch in flight however many callers there are.
///
/// Two windows, as in the SDKs: inside `refreshWindow` (5 minutes) before expiry a refresh
/// starts in the background while callers keep getting the still-valid credentials at once;
/// inside `mandatoryWindow` (1 minute), or once expired, callers wait for the refresh. A
/// background refresh that fails is tried again by the next call. If a refresh fails while
/// the old credentials have not yet expired, they are still returned.
///
/// Why an actor with a shared `Task`: 64 concurrent requests at the moment of expiry must cause
/// one call to STS or the metadata service, not 64. The fetch runs in its own task, so a
/// caller that is cancelled does not cancel it for the others.
public actor CachingCredentialProvider: ExpiringCredentialProvider {
    /// The provider that really fetches.
    public nonisolated let base: any ExpiringCredentialProvider
    /// How long before expiry a background refresh starts.
    public nonisolated let refreshWindow: Duration
    /// How long before expiry callers stop using the old credentials and wait for new ones.
    public nonisolated let mandatoryWindow: Duration
    /// The clock, injectable for tests.
    nonisolated let now: @Sendable () -> Date

    private var cached: ExpiringCredentials?
    private var inFlight: Task<ExpiringCredentials, any Error>?
    /// How many times `base` has been asked; for tests and diagnostics.
    public private(set) var fetchCount = 0

    /// Wraps a provider.
    public init(_ base: any ExpiringCredentialProvider, refreshWindow: Duration = .seconds(300), mandatoryWindow: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.refreshWindow = refreshWindow
        self.mandatoryWindow = min(mandatoryWindow, refreshWindow)
        self.now = now
    }

    /// The cached credentials, refreshed (once, for every caller) when near expiry.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let time = now()
        if let cached, !cached.expires(within: refreshWindow, of: time) { return cached }
        let task = inFlight ?? startRefresh()
        if let cached, !cached.expires(within: mandatoryWindow, of: time) {
            // Advisory window: the refresh runs on; these credentials are still good.
            return cached
        }
        do {
            let fresh = try await task.value
            if inFlight == task {
                inFlight = nil
                cached = fresh
            }
            return fresh
        } catch {
            if inFlight == task { inFlight = nil }
            if let cached, !cached.expires(within: .zero, of: now()) { return cached }
            throw error
        }
    }

    /// Waits for a refresh in flight, if any, and stores its outcome; for tests.
    func waitForRefresh() async {
        if let inFlight { await finish(inFlight) }
    }

    /// Starts the one refresh; its outcome is stored by `finish` whoever waits for it.
    private func startRefresh() -> Task<ExpiringCredentials, any Error> {
        fetchCount += 1
        let base = self.base
        let task = Task<ExpiringCredentials, any Error> { try await base.expiringCredentials() }
        inFlight = task
        Task { await self.finish(task) }
        return task
    }

    private func finish(_ task: Task<ExpiringCredentials, any Error>) async {
        let result = await task.result
        guard inFlight == task else { return }
        inFlight = nil
        if case .success(let fresh) = result { cached = fresh }
    }

    /// Forgets the cached credentials, so the next call fetches (after a signature error, say).
    public func invalidate() {
        cached = nil
    }
}
